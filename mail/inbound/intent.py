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

from mail.inbound import clauses
from mail.inbound.fold import fold
from mail.inbound.language import UNDETERMINED, detect_language
from mail.inbound.letter import letter_body, signed_off, typed_names
from mail.inbound.lexicon import AMOUNT, LANGUAGES, LEXICONS, NOT_NAME_WORDS, Lexicon
from mail.inbound.signature import is_name

_ARABIC = re.compile(r"[\u0600-\u06ff]")
_TOKEN = re.compile(r"[\w']+")
_SENTENCE_END = re.compile(r"[.!?;\n]+")
_QUESTION = re.compile(r"[?¿]")
# "Sí"/"Sì" is "yes", but folded it would read as the conditional "si" ("if").
# French elides the negation before a vowel ("n'acceptons"): spelled out, the verb is visible.
_ELIDED_NE = re.compile(r"(?<![\w'])n'(?=\w)")
# A document number ("P-2026-0042", "#42", "INV/2026/7"): a reference, never a condition.
_DOC_NUMBER = re.compile(r"(?<![\w'])(?:[a-z]{1,5}[-/#. ]?|#)?\d[\w/-]*")
_CLAUSE_BREAK = re.compile(r"[,:;—–]|\s-\s")
_NAME_TAIL = re.compile(r"\s*[—–,:]\s*|\s+-\s+")
_YES = re.compile(r"\b(?:sí|sì)\b|^\s*si(?=\s*[,.!])", re.IGNORECASE | re.MULTILINE)


__all__ = ["UNDETERMINED", "Intent", "Reading", "classify", "detect_language"]


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


def classify(
    text: str, *, language: str | None = None, names: Iterable[str] = (), topic: str = ""
) -> Reading:
    """Read the reply (already stripped of quotes); `names` are blanked so "Will" is no verb.

    `topic` is the thread's subject: its words name the proposal ("the new visual identity"),
    so an accepting sentence may repeat them. Conditions are still sought in every word.
    """
    names = list(names)
    language = language or detect_language(text, names=names)
    lexicons = _lexicons_for(language, _folded(text, names))
    folded = _read_out(_folded(text, names), lexicons)
    topic_words = frozenset(t for t in _TOKEN.findall(fold(topic)) if len(t) > 2)
    words = _Words.of(lexicons, _typed_name_tokens(text) | topic_words)
    intent = _verdict(folded, _sentences(folded), lexicons, words)
    letter = letter_body(text)
    if intent in (Intent.ACCEPT, Intent.UNCLEAR):
        placed = _placed(text, letter, names, lexicons, words, language)
        intent = Intent.ACCEPT if placed else Intent.UNCLEAR
    return Reading(intent, language)


def _placed(
    text: str, letter: str, names: Sequence[str], lexicons: Sequence[Lexicon], words: _Words,
    language: str,
) -> bool:
    """The clause reader's verdict (clauses.py): an acceptance beside only clauses it can place
    (a go-ahead, courtesy, logistics, who confirms for whom), and no limit anywhere."""
    # The letter's own language (and English, which every reading joins) gives the classes and
    # the negations and hedges sought: Portuguese "no valor de" negates nothing.
    codes = [code for code in LANGUAGES if LEXICONS[code] in lexicons]
    if language in LEXICONS:
        codes = [language, "en"]
    classes = clauses.classes_for(codes)
    wider = _Words.of(lexicons, words.plain | classes.companions)
    body, signed = signed_off(letter)
    tail = signed + (text[len(letter):] if text.startswith(letter) else text)
    english = language not in LEXICONS or LEXICONS["en"].verb_forms.search(fold(text))
    own = [LEXICONS[code] for code in codes if english or code != "en"]
    return clauses.unconditional(
        clauses.Letter(_read_out(_folded(body, names), lexicons),
                       _read_out(_folded(tail, names), lexicons), typed_names(body)),
        classes,
        clauses.Limits(lexicons, own, lambda part: _affirmed(part, lexicons)),
        accepting=lambda clause: _sentence_kind(clause, lexicons, wider) is _Kind.PLAIN,
        accept_spans=lambda part: _blank_spans(part, _spans(part, lexicons)),
        plain=wider.plain,
        typo=lambda token: not wider.unknown([token], wider.plain),
    )


def _folded(text: str, names: Sequence[str]) -> str:
    folded = fold(_YES.sub("yes", text))
    for name in names:  # before the elision: "Thierry N'Diaye" holds no "ne"
        if name.strip():
            folded = folded.replace(fold(name), " ")
    return _ELIDED_NE.sub("ne ", folded)


def _read_out(folded: str, lexicons: Sequence[Lexicon]) -> str:
    """The text without courtesy, narration and follow-up logistics, which accept nothing and
    limit nothing: narration goes unless it carries a condition, a "but", a negation or a
    counter-offer (change words may: "without any changes" is settled narration). The phrase's
    own first word may be one ("after review", "nach Prüfung"); the rest may not."""
    for lexicon in lexicons:
        for pattern in lexicon.courtesy:
            folded = pattern.sub(" ", folded)
    weakening = [lx.conditional + lx.contrast + lx.negation + lx.counter for lx in lexicons]
    for lexicon in lexicons:
        for pattern in lexicon.settled:
            folded = pattern.sub(
                lambda m: m.group() if _any(_after_first_word(m.group()), weakening) else " ",
                folded,
            )
    return folded


def _sentences(folded: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(folded) if s.strip()]


def _after_first_word(phrase: str) -> str:
    return phrase.strip().partition(" ")[2]


def _typed_name_tokens(text: str) -> frozenset[str]:
    """Words of a name typed after a dash or comma ("Accepted — J. Doe"): not a condition.

    Whether the name is the client's is the signature check's job; here it only must not make
    an acceptance look conditional. Weakening cues are still looked for in the whole text.
    """
    tokens: set[str] = set()
    for line in text.splitlines():
        for found in _NAME_TAIL.finditer(line):
            tail = line[found.end():]
            if is_name(tail) and not _ARABIC.search(tail):  # Arabic words all look like names
                tokens.update(_TOKEN.findall(fold(tail)))
    return frozenset(tokens)


@dataclass(frozen=True)
class _Words:
    """What an accepting sentence may contain and what turns it into a plain refusal."""

    plain: frozenset[str]
    refusal: frozenset[str]
    # Long plain words and accepting verbs, and each with one letter dropped: a typo of one of
    # them is found with a few set lookups (symmetric deletion), whatever the text's length.
    near: frozenset[str]

    @classmethod
    def of(cls, lexicons: Sequence[Lexicon], names: frozenset[str]) -> _Words:
        plain = frozenset().union(names, {"yes"}, *(lexicon.plain for lexicon in lexicons))
        verbs = frozenset().union(*(lexicon.accept_words for lexicon in lexicons))
        return cls(
            plain=plain,
            refusal=frozenset().union(*(lexicon.refusal for lexicon in lexicons)),
            near=frozenset(
                form for word in plain | verbs if len(word) >= _TYPO_MIN
                for form in (word, *_dropped(word))
            ),
        )

    def unknown(self, tokens: Iterable[str], known: frozenset[str]) -> list[str]:
        """Tokens that are neither in `known` nor a number or an initial (elisions split), nor
        a one-letter typo of a long plain word or accepting verb ("propuessta", "accpet")."""
        return [
            token for token in tokens
            if token not in known and not token.isdigit() and len(token) > 1
            and not all(part in known or len(part) < 2 for part in token.split("'"))
            and not (len(token) >= _TYPO_MIN
                     and (token in self.near or any(f in self.near for f in _dropped(token))))
        ]


_TYPO_MIN = 6  # shorter words have too many neighbours ("only" is one letter from "orly")


def _dropped(word: str) -> list[str]:
    """The word with one letter left out, at each place: two words one typo apart (a letter
    added, dropped, changed, or two neighbours swapped) share one of these, or one is the
    other's."""
    return [word[:i] + word[i + 1 :] for i in range(len(word))]


def _lexicons_for(language: str, folded: str) -> list[Lexicon]:
    """The reply's language, every language whose verbs it uses, and English; all if unknown.

    A reply detected as English that says "Accept dacă..." must still be read with the
    Romanian conditions, so the language of the accepting verb always joins in.
    """
    if language not in LEXICONS:
        return [LEXICONS[code] for code in LANGUAGES]
    verbs = [code for code in LANGUAGES if LEXICONS[code].verb_forms.search(folded)]
    return [LEXICONS[code] for code in dict.fromkeys([language, *verbs, "en"])]


class _Kind(StrEnum):
    PLAIN = "plain"  # an acceptance and nothing else
    REFUSAL = "refusal"  # the accepting verb negated, and nothing else
    LOOSE = "loose"  # an accepting verb with words the rules cannot vouch for


def _sentence_kind(sentence: str, lexicons: Sequence[Lexicon], words: _Words) -> _Kind | None:
    """How a sentence uses an accepting verb; None when it has none.

    The safe default: any word that is not a plain companion of an acceptance ("the proposal",
    "as quoted", "thank you") may carry a condition, a scope or a change the rules do not know,
    so the sentence is no acceptance ("we accept only the first part", "Aceptamos con cambios").
    """
    spans = [m.span() for lx in lexicons for m in lx.verb_forms.finditer(sentence)]
    if not spans:
        return None
    affirmed = _affirmed(sentence, lexicons)
    refusing = [m.span() for lx in lexicons for p in lx.decline for m in p.finditer(affirmed)]
    # "vamos avançar com outro fornecedor": a go-ahead inside a refusal cue accepts nothing.
    accepting = any(
        not any(start < r_end and r_start < end for r_start, r_end in refusing)
        for lx in lexicons for start, end in (m.span() for m in lx.accept_any.finditer(sentence))
    )
    negated = _any(affirmed, (lx.negation for lx in lexicons))
    if (negated or not accepting) and refusing:
        return None  # "we will not proceed", "went ahead with another supplier": a refusal cue
    blanked = _DOC_NUMBER.sub(" ", _blank_spans(sentence, spans))
    if negated:
        # A refusal may give its reason ("no lo aceptamos: hemos encontrado otro proveedor"):
        # only the clause with the verb must be a plain refusal; a condition anywhere still
        # makes the reply unclear (see _verdict).
        # The negation must sit in that clause: "Aceptamos el diseño, pero no el mantenimiento"
        # accepts one part and refuses another, which is neither.
        clause = _clause_at(blanked, spans[0][0])
        refusing = not words.unknown(_TOKEN.findall(clause), words.plain | words.refusal)
        in_clause = _any(_clause_at(sentence, spans[0][0]), (lx.negation for lx in lexicons))
        return _Kind.REFUSAL if refusing and in_clause else _Kind.LOOSE
    tokens = _TOKEN.findall(blanked)
    head, comma, _ = sentence.partition(",")
    opening = _TOKEN.findall(head)
    greeting = opening and opening[0] in NOT_NAME_WORDS and len(opening) <= 4
    if comma and greeting and all(start > len(head) for start, _ in spans):
        tokens = tokens[len(opening):]  # "Cześć, ...", "Hi Ana, ...": a greeting, no condition
    return _Kind.PLAIN if accepting and not words.unknown(tokens, words.plain) else _Kind.LOOSE


def _affirmed(text: str, lexicons: Sequence[Lexicon]) -> str:
    """The text with its negated approvals blanked: "no objections", "keine Einwände", "aucune
    objection", "لا مانع" approve, so their "no" negates nothing, starts no refusal and is no
    negative quantifier ("nothing", "aucune")."""
    negations = [lx.negation + lx.scope for lx in lexicons]
    return _blank_spans(text, [
        m.span() for lx in lexicons for m in lx.accept_any.finditer(text)
        if _any(m.group(), negations)
    ])


def _clause_at(sentence: str, position: int) -> str:
    """The part of the sentence between the separators around `position`."""
    starts = [m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, position)]
    end = _CLAUSE_BREAK.search(sentence, position)
    return sentence[starts[-1] if starts else 0 : end.start() if end else len(sentence)]


def _blank_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _verdict(
    folded: str, sentences: Sequence[str], lexicons: Sequence[Lexicon], words: _Words
) -> Intent:
    kinds = {sentence: _sentence_kind(sentence, lexicons, words) for sentence in sentences}
    if _Kind.LOOSE in kinds.values():
        return Intent.UNCLEAR
    accepting = [s for s, kind in kinds.items() if kind is _Kind.PLAIN]
    declining = [s for s, kind in kinds.items() if kind is _Kind.REFUSAL] + [
        s for s in sentences if kinds[s] is None and _any(s, (lx.decline for lx in lexicons))
    ]
    counter = AMOUNT.search(folded) or _any(folded, (lx.counter for lx in lexicons))
    if declining and not accepting:  # "not until", "only the first part": no plain refusal
        conditional = any(_any(s, (lx.conditional + lx.defer for lx in lexicons))
                          for s in declining)
        # "Not as it stands: the awning is missing, can you add it?" asks for a change.
        amending = _QUESTION.search(folded) or _any(folded, (lx.amend for lx in lexicons))
        return Intent.UNCLEAR if conditional or counter or amending else Intent.DECLINE
    # A go-ahead may look like a question opener ("pueden empezar"): questions are sought
    # outside the accepting phrases.
    residue = _blank_spans(folded, _spans(folded, lexicons))
    if not accepting or declining or counter or _QUESTION.search(folded):
        return Intent.UNCLEAR
    qualifiers = [lx.negation + lx.hedge + lx.instruction for lx in lexicons]
    if any(_any(_blank_spans(s, _spans(s, lexicons)), qualifiers) for s in accepting):
        return Intent.UNCLEAR
    # A sentence after the acceptance that defers it ("We accept. We'll confirm next week.").
    after = sentences[sentences.index(accepting[0]) + 1 :]
    if any(_any(s, [lx.hedge for lx in lexicons]) for s in after):
        return Intent.UNCLEAR
    weakening = [lx.conditional + lx.defer + lx.contrast + lx.scope for lx in lexicons]
    questions = [lx.question for lx in lexicons]
    if _any(_affirmed(folded, lexicons), weakening) or _any(residue, questions):
        return Intent.UNCLEAR
    return Intent.ACCEPT


def _spans(text: str, lexicons: Sequence[Lexicon]) -> list[tuple[int, int]]:
    return [m.span() for lx in lexicons for m in lx.accept_any.finditer(text)]


def _any(text: str, groups: Iterable[tuple[re.Pattern[str], ...]]) -> bool:
    return any(pattern.search(text) for group in groups for pattern in group)
