"""The words that make a reply an acceptance, a refusal or something in between, per language.

The cues themselves are data, in `lexicon.toml` next to this module (its header explains the
format). They are deliberately narrow for acceptance and broad for everything that weakens it:
a missed acceptance costs the owner one tap, a wrong one issues an invoice.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LANGUAGES = ("en", "es", "pt", "fr", "de", "it", "nl", "ro", "pl", "ar")
_SOURCE = Path(__file__).with_name("lexicon.toml")
_APPROVAL = Path(__file__).with_name("approval.toml")
_CUES = (
    "accept", "decline", "negation", "hedge", "instruction", "conditional", "defer", "contrast",
    "counter",
    "question", "courtesy", "goahead", "verb", "scope", "away", "settled", "amend",
)


@dataclass(frozen=True)
class Lexicon:
    """One language's compiled cues (see lexicon.toml for what each one means)."""

    accept: tuple[re.Pattern[str], ...]
    decline: tuple[re.Pattern[str], ...]
    negation: tuple[re.Pattern[str], ...]
    hedge: tuple[re.Pattern[str], ...]
    instruction: tuple[re.Pattern[str], ...]
    conditional: tuple[re.Pattern[str], ...]
    defer: tuple[re.Pattern[str], ...]
    contrast: tuple[re.Pattern[str], ...]
    counter: tuple[re.Pattern[str], ...]
    question: tuple[re.Pattern[str], ...]
    courtesy: tuple[re.Pattern[str], ...]
    verb: tuple[re.Pattern[str], ...]
    scope: tuple[re.Pattern[str], ...]
    away: tuple[re.Pattern[str], ...]
    settled: tuple[re.Pattern[str], ...]  # narration removed before reading (approval.toml)
    amend: tuple[re.Pattern[str], ...]  # a change asked for: a refusal "as it stands" is none
    plain: frozenset[str]
    refusal: frozenset[str]
    words: frozenset[str]
    marks: str
    verbs: re.Pattern[str]  # accept and decline in one pattern, for fast scanning
    verb_forms: re.Pattern[str]  # accept and the refusable verb forms, for fast scanning
    accept_any: re.Pattern[str]  # accept in one pattern
    accept_words: frozenset[str]  # the one-word acceptances, for typo tolerance


def union(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str]:
    """One alternation instead of many searches: the hot path on long or garbage text.

    Longer patterns go first, so that at one place the longer phrase wins ("bora começar" over
    "bora"): a span that stops short leaves its last words to be read as unknown ones.
    """
    ordered = sorted(patterns, key=lambda p: len(p.pattern), reverse=True)
    return re.compile("|".join(f"(?:{p.pattern})" for p in ordered))


def _whole_word(pattern: str) -> str:
    return r"(?<![\w'])(?:" + pattern + r")(?![\w'])"


_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
# Arabic writes "and", "with", "for" and "the" onto the word ("والتعديلات", "بالخطا"): a limit
# is found under them too. Only limits get this: more of them found is the safe side.
_CLITICS = r"(?:و|ف)?(?:بال|لل|ال|ب|ل|ك)?"
_LIMITS = ("conditional", "defer", "contrast", "counter", "scope", "amend")


def _compile(table: dict[str, Any], cue: str) -> tuple[re.Pattern[str], ...]:
    words = [str(p) for p in table.get(cue, [])]
    raw = [str(p) for p in table.get(f"{cue}_re", [])]
    if cue == "courtesy":  # a polite phrase takes the rest of its sentence with it
        words = [p + r"(?:\s[^.!?\n]*)?" for p in words]
    if cue in _LIMITS:
        words = [_CLITICS + p if _ARABIC_LETTER.match(p) else p for p in words]
    return tuple(re.compile(p) for p in [_whole_word(p) for p in words] + raw)


def _words(table: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(str(table.get(key, "")).split())


def _alternation(entries: list[str]) -> str:
    """Longer entries first: "seguir em frente" must not stop at "seguir"."""
    ordered = sorted(entries, key=len, reverse=True)
    return "(?:" + "|".join(f"(?:{entry})" for entry in ordered) + ")"


def _compose(table: dict[str, Any], approval: dict[str, Any]) -> dict[str, Any]:
    """lexicon.toml's table with approval.toml's parts composed into acceptances.

    Every modal meets every go-ahead verb, every confirming verb every object, every "consider
    this email" every order noun (see approval.toml): the combinations are the point.
    """
    table = dict(table)
    pairs = [("modal", "start", " "), ("confirm", "object", " "),
             ("treat", "order", r" (?:[\w'-]+ ){0,4}?")]
    composed = [
        _alternation(approval[left]) + gap + _alternation(approval[right])
        for left, right, gap in pairs if approval.get(left) and approval.get(right)
    ]
    table["goahead"] = [*table.get("goahead", []), *approval.get("heads", []),
                        *approval.get("go", []), *composed]
    for key in ("plain", "refusal"):
        table[key] = f"{table.get(key, '')} {approval.get(key, '')}"
    for key in ("decline", "decline_re", "verb"):
        table[key] = [*table.get(key, []), *approval.get(key, [])]
    table["settled"] = [*approval.get("settled", []), *approval.get("companions", []),
                        *approval.get("logistics", [])]
    return table


def _load(data: dict[str, Any], approval: dict[str, Any]) -> dict[str, Lexicon]:
    data = {code: _compose(data[code], approval.get(code, {})) for code in LANGUAGES}
    lexicons = {}
    for code in LANGUAGES:
        cues = {cue: _compile(data[code], cue) for cue in _CUES}
        cues["accept"] += cues.pop("goahead")  # a go-ahead or a formal order is an acceptance
        lexicons[code] = Lexicon(
            **cues,
            plain=_words(data[code], "plain"),
            refusal=_words(data[code], "refusal"),
            words=_words(data[code], "words"),
            marks=str(data[code].get("marks", "")),
            verbs=union(cues["accept"] + cues["decline"]),
            verb_forms=union(cues["accept"] + cues["verb"]),
            accept_any=union(cues["accept"]),
            accept_words=frozenset(
                str(w) for key in ("accept", "verb") for w in data[code].get(key, [])
                if re.fullmatch(r"[a-z]+", str(w))
            ),
        )
    return lexicons


with open(_SOURCE, "rb") as _handle:
    _DATA = tomllib.load(_handle)
with open(_APPROVAL, "rb") as _handle:
    LEXICONS: dict[str, Lexicon] = _load(_DATA, tomllib.load(_handle))
# Words that open or close a letter, and Arabic function words: never part of a typed name.
NOT_NAME_WORDS = frozenset(_DATA["names"]["not_name_words"].split())
LEAD_WORDS = frozenset(_DATA["names"]["lead_words"].split())
CLOSING_WORDS = frozenset(_DATA["names"]["closing_words"].split())
CLOSING_MARKS = frozenset(_DATA["names"]["closing_marks"].split())
ANY_ACCEPT = union(tuple(p for lexicon in LEXICONS.values() for p in lexicon.accept))
# Any language's accepting or refusing verbs, and out-of-office phrases.
ANY_VERB = union(tuple(
    p for lexicon in LEXICONS.values() for p in lexicon.accept + lexicon.verb + lexicon.decline
))
ANY_AWAY = union(tuple(p for lexicon in LEXICONS.values() for p in lexicon.away))

# An amount with a currency is a counter-offer or a restated price: never an unconditional yes.
CURRENCY = (
    r"(?:eur|euro|euros|usd|gbp|ron|lei|pln|zl|zł|zlotych|chf|sar|aed|egp|mxn|cop|ars|clp|pen|brl|"
    r"mad|kwd|qar|bhd|omr|jod|dolares|dollars|pesos|reais|درهم|ريال|جنيه|دولار|يورو|دينار|"
    r"ر\.س|د\.إ|د\.ا|ج\.م)"
)
# Repetitions are bounded: an unbounded run would make "1 1 1 1 ..." quadratic.
# Arabic writes its own thousands and decimal marks (U+066C, U+066B) between the digits.
AMOUNT = re.compile(
    rf"[€$£] ?\d|\b{CURRENCY} ?\d|\d[\d., \u00a0\u066b\u066c]{{0,16}}(?:[€$£]|{CURRENCY}(?!\w))"
)
