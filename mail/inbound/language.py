"""Which of the supported languages a reply is written in, from its words and letters.

Kept apart from reading what the reply means: the language picks the cues, and an undetermined
language (one Assent does not read) makes every language's cues apply, never an acceptance
by default.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from mail.inbound.fold import fold
from mail.inbound.lexicon import LANGUAGES, LEXICONS, Lexicon

UNDETERMINED = "und"  # BCP 47 for "language not determined"
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_LETTER = re.compile(r"[^\W\d_]")
_TOKEN = re.compile(r"[\w']+")


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
