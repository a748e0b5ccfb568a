"""Decide whether a stripped reply accepts, declines or needs a human, and in which language.

Only an explicit, unconditional acceptance counts. Anything that weakens it anywhere in the reply
(a question, a condition, a "but", a price) or in the accepting sentence (a negation, a modal, an
instruction such as "reply with 'I accept'") makes the reply unclear: the owner then decides with
one tap, which is cheap, while a wrong acceptance issues an invoice, which is not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from mail.inbound.fold import fold
from mail.inbound.lexicon import AMOUNT, LANGUAGES, LEXICONS, Lexicon

UNDETERMINED = "und"  # BCP 47 for "language not determined"
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_LETTER = re.compile(r"[^\W\d_]")
_TOKEN = re.compile(r"[\w']+")
_SENTENCE_END = re.compile(r"[.!?;\n]+")
_QUESTION = re.compile(r"[?¿]")
# "Sí"/"Sì" is "yes", but folded it would read as the conditional "si" ("if").
_YES = re.compile(r"\b(?:sí|sì)\b|^\s*si(?=\s*[,.!])", re.IGNORECASE | re.MULTILINE)


class Intent(StrEnum):
    ACCEPT = "accept"
    DECLINE = "decline"
    UNCLEAR = "unclear"
    AUTO_REPLY = "auto_reply"
    BOUNCE = "bounce"


@dataclass(frozen=True)
class Reading:
    """The verdict on one reply text and the language it was written in."""

    intent: Intent
    language: str


def detect_language(*texts: str, names: Iterable[str] = ()) -> str:
    """Score languages by common words, letters and verbs; the first text with evidence decides.

    Names are blanked first ("Pieter van der Berg" is not German). A tie goes to the language
    that is not English, since English cues are applied to every reply anyway.
    """
    for text in texts:
        text = _blank(text, names)
        letters = _LETTER.findall(text)
        if letters and sum(1 for c in letters if _ARABIC.match(c)) * 3 >= len(letters):
            return "ar"
        folded, lowered = fold(text), text.casefold()
        tokens = _TOKEN.findall(folded)
        scores = {code: _score(LEXICONS[code], tokens, folded, lowered) for code in LANGUAGES}
        best = max(LANGUAGES, key=lambda code: (scores[code], code != "en"))
        if scores[best] > 0:
            return best
    return UNDETERMINED


def _score(lexicon: Lexicon, tokens: Sequence[str], folded: str, lowered: str) -> int:
    words = sum(1 for token in tokens if token in lexicon.words)
    verbs = 2 * len(lexicon.verbs.findall(folded))
    return words + verbs + sum(1 for mark in lexicon.marks if mark in lowered)


def _blank(text: str, names: Iterable[str]) -> str:
    for name in names:
        if name.strip():
            text = re.sub(re.escape(name), " ", text, flags=re.IGNORECASE)
    return text


def classify(text: str, *, language: str | None = None, names: Iterable[str] = ()) -> Reading:
    """Read the reply (already stripped of quotes); `names` are blanked so "Will" is no verb."""
    names = list(names)
    language = language or detect_language(text, names=names)
    folded = fold(_YES.sub("yes", text))
    for name in names:
        if name.strip():
            folded = folded.replace(fold(name), " ")
    lexicons = _lexicons_for(language, folded)
    for lexicon in lexicons:
        for pattern in lexicon.courtesy:
            folded = pattern.sub(" ", folded)
    sentences = [s.strip() for s in _SENTENCE_END.split(folded) if s.strip()]
    return Reading(_verdict(folded, sentences, lexicons), language)


def _lexicons_for(language: str, folded: str) -> list[Lexicon]:
    """The reply's language, every language whose verbs it uses, and English; all if unknown.

    A reply detected as English that says "Accept dacă..." must still be read with the
    Romanian conditions, so the language of the accepting verb always joins in.
    """
    if language not in LEXICONS:
        return [LEXICONS[code] for code in LANGUAGES]
    verbs = [code for code in LANGUAGES if LEXICONS[code].verbs.search(folded)]
    return [LEXICONS[code] for code in dict.fromkeys([language, *verbs, "en"])]


def _verdict(folded: str, sentences: Sequence[str], lexicons: Sequence[Lexicon]) -> Intent:
    accepting = [s for s in sentences if _any(s, (lx.accept for lx in lexicons))]
    declining = [s for s in sentences if _any(s, (lx.decline for lx in lexicons))]
    counter = AMOUNT.search(folded) or _any(folded, (lx.counter for lx in lexicons))
    if declining and not accepting:
        conditional = any(_any(s, (lx.conditional for lx in lexicons)) for s in declining)
        return Intent.UNCLEAR if conditional or counter else Intent.DECLINE
    if not accepting or declining or counter or _QUESTION.search(folded):
        return Intent.UNCLEAR
    qualifiers = [lx.negation + lx.hedge + lx.instruction for lx in lexicons]
    if any(_any(sentence, qualifiers) for sentence in accepting):
        return Intent.UNCLEAR
    weakening = [lx.conditional + lx.contrast + lx.question for lx in lexicons]
    return Intent.UNCLEAR if _any(folded, weakening) else Intent.ACCEPT


def _any(text: str, groups: Iterable[tuple[re.Pattern[str], ...]]) -> bool:
    return any(pattern.search(text) for group in groups for pattern in group)
