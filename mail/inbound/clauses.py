"""Read a reply clause by clause: an acceptance may stand only beside clauses the reader can place.

The sentence reader (intent.py) vouches for an accepting sentence only when every word in it is a
known companion of an acceptance, so "Acepto el presupuesto completo, pueden partir nomás" or
"Akkoord, doe maar" stayed unclear. Here the reply is cut into clauses (sentence ends, commas,
colons, dashes, emojis, each language's "and"), and each clause is placed by closed word classes
(clauses.toml): an acceptance; a permission to start addressed to the seller ("pueden partir
nomás", "vous pouvez y aller"); courtesy ("bonne chance", "بالتوفيق"); follow-up logistics about
the invoice or the dates; framing ("desde compras confirmamos", "w imieniu spółki potwierdzam").

The safety default of the sentence reader holds: a clause with a word in none of the classes is
unplaced and the reply is not unconditional; and the classes that limit an acceptance
(condition, time, negation, hedge, partial scope, change, counter-offer, question, refusal, an
amount) are sought in every clause and in the signature block below the letter, with only the
words a placed clause owns blanked (the "can" of "you can start", the "awaiting" of "awaiting the
invoice").
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from mail.inbound.fold import fold
from mail.inbound.lexicon import AMOUNT, NOT_NAME_WORDS, Lexicon

_SOURCE = Path(__file__).with_name("clauses.toml")
_CLASSES = ("permit", "start", "work", "filler", "courtesy", "framing", "common", "reference",
            "logistics", "paper")
# Anything but letters, digits, spaces, apostrophes, hyphens and the marks inside a document
# number ends a clause: punctuation, emojis, Arabic commas (folded to ",").
_BREAK = re.compile(r"[^\w\s'/#-]+|\s-+\s|\n")
_DOC_NUMBER = re.compile(r"(?<![\w'])[a-z]{1,6}[-/#.]?\d[\w/.-]*")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*|\d+")


class Place(StrEnum):
    """What a clause does, when the reader can say it."""

    ACCEPT = "accept"
    PERMISSION = "permission"  # the seller may start: "pueden partir nomás", "doe maar"
    COURTESY = "courtesy"  # thanks, greetings, praise, wishes
    LOGISTICS = "logistics"  # about the invoice, the paperwork, the dates
    # Harmless companions without a verb of their own: who confirms for whom ("desde compras
    # confirmamos"), the total restated ("per un totale di … IVA inclusa"), "happy with it all".
    COMPANION = "companion"


@dataclass(frozen=True)
class Classes:
    """One or more languages' word classes, merged (a reply may mix languages)."""

    joins: re.Pattern[str]
    at_will: tuple[re.Pattern[str], ...]
    words: dict[str, frozenset[str]]

    def of(self, *names: str) -> frozenset[str]:
        return frozenset().union(*(self.words[name] for name in names))

    @property
    def companions(self) -> frozenset[str]:
        """Words an accepting clause may hold besides the sentence reader's plain words."""
        return self.of("framing", "common", "reference", "filler", "permit")


def _load() -> dict[str, dict[str, object]]:
    with open(_SOURCE, "rb") as handle:
        return tomllib.load(handle)


_DATA = _load()


def classes_for(codes: Iterable[str]) -> Classes:
    """The merged classes of the languages `codes`."""
    tables = [_DATA[code] for code in codes if code in _DATA]
    joins = sorted({w for t in tables for w in str(t.get("and", "")).split()}, key=len,
                   reverse=True)
    return Classes(
        joins=re.compile(r"(?<![\w'-])(?:" + "|".join(map(re.escape, joins)) + r")(?![\w'-])"
                         if joins else r"(?!x)x"),
        at_will=tuple(re.compile(str(p)) for t in tables for p in t.get("at_will", [])),
        words={name: frozenset(fold(w) for t in tables for w in str(t.get(name, "")).split())
               for name in _CLASSES},
    )


def clauses(text: str, classes: Classes) -> list[tuple[int, int]]:
    """The spans of the clauses of folded text, in order, without empty ones."""
    breaks = sorted([m.span() for m in _BREAK.finditer(text)]
                    + [m.span() for m in classes.joins.finditer(text)])
    spans, start = [], 0
    for left, right in breaks:
        if left > start:
            spans.append((start, left))
        start = max(start, right)
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if _WORD.search(text, a, b)]


def _tokens(clause: str) -> list[str]:
    """The words of a clause; a document number ("p-2026-0042") is a reference, no word."""
    return _WORD.findall(_DOC_NUMBER.sub(" ", clause))


def _known(token: str, allowed: frozenset[str]) -> bool:
    """Allowed as a whole or in its elided parts ("l'acceptons", "we're"); a lone letter is an
    elision or an initial ("y", "u", "o")."""
    return token in allowed or all(
        part in allowed or (len(part) < 2 and not part.isdigit()) for part in token.split("'"))


def _within(tokens: Sequence[str], allowed: frozenset[str]) -> bool:
    return all(_known(token, allowed) for token in tokens)


def place(
    clause: str, classes: Classes, accepting: Callable[[str], bool], plain: frozenset[str],
    names: frozenset[str] = frozenset(), typo: Callable[[str], bool] = lambda _: False,
) -> Place | None:
    """The class of one clause, or None: then it may be a condition in words never seen.

    `plain` is the sentence reader's companions of an acceptance (the subject's words among
    them); `names` are words typed capitalised: a clause of names only ("Alina"), a greeting or
    thanks naming its reader ("Sehr geehrter Herr Böhm"), and a framing word's colleague ("per
    conto di Niccolò", "Gaëlle m'a transmis", once per clause) hold one; nothing else may.
    `typo` tells a one-letter typo of a plain word or an accepting verb ("i accpet")."""
    if accepting(clause):
        return Place.ACCEPT
    tokens = _tokens(clause)
    greeting = classes.of("courtesy", "filler") | NOT_NAME_WORDS
    # A greeting or thanks may name its reader ("Sehr geehrter Herr Böhm", "Gracias, Ana");
    # a thanks may say what for in the proposal's words ("Thank you for your proposal").
    unnamed = [t for t in tokens if t not in names]
    thanks = not classes.words["courtesy"].isdisjoint(tokens) and _within(
        unnamed, greeting | classes.of("common", "reference") | plain)
    if thanks or not unnamed or _within(tokens, greeting):
        return Place.COURTESY
    if not classes.words["start"].isdisjoint(tokens) and _within(
        tokens, classes.of("permit", "start", "work", "filler", "courtesy")
    ):
        return Place.PERMISSION
    paperwork = classes.of("logistics", "paper", "filler", "courtesy", "common", "reference")
    if not classes.words["paper"].isdisjoint(tokens) and _within(tokens, paperwork | plain):
        return Place.LOGISTICS
    allowed = classes.of("framing", "common", "reference", "courtesy", "filler") | plain
    unknown = [token for token in tokens if not _known(token, allowed) and not typo(token)]
    if not unknown or (len(unknown) == 1 and unknown[0] in names
                       and not classes.words["framing"].isdisjoint(tokens)):
        return Place.COMPANION
    return None


def _owned(
    text: str, spans: Sequence[tuple[tuple[int, int], Place]], owns: dict[Place, frozenset[str]]
) -> str:
    """The text with the words placed clauses own blanked, before limits are sought in it: "you
    may start" holds a permission, not the hedge "may"; "quedo al pendiente de la factura" waits
    for the invoice, not for a condition; "Guten Morgen" greets, it defers nothing."""
    chars = list(text)
    for (start, end), where in spans:
        for word in _WORD.finditer(text, start, end):
            if word.group() in owns.get(where, ()):
                chars[word.start():word.end()] = " " * len(word.group())
    return "".join(chars)


def at_will(text: str, classes: Classes) -> str:
    """The text without "whenever you like" phrases, whose "when" sets no condition."""
    for pattern in classes.at_will:
        text = pattern.sub(" ", text)
    return text


@dataclass(frozen=True)
class Limits:
    """The limiting cues of the reply's languages, and how the sentence reader blanks approvals.

    `own` are the lexicons of the languages the letter is written in: the hedges, negations and
    question openers of English are not sought in a Portuguese letter ("no valor de")."""

    lexicons: Sequence[Lexicon]
    own: Sequence[Lexicon]
    affirmed: Callable[[str], str]  # negated approvals ("no objections") blanked

    def found(self, text: str, letter: str | None = None) -> bool:
        """A limit in `text`, or in the `letter`'s own words with the accepting phrases blanked,
        where a hedge, a negation, an instruction or a question opener is sought too (a go-ahead
        may look like a question opener, "pueden empezar"; a signature's disclaimer says "not"
        and limits nothing, so the signature block is passed without a letter)."""
        text = self.affirmed(text)
        limits = ["conditional", "defer", "contrast", "scope", "counter", "amend", "decline"]
        if AMOUNT.search(text) or "?" in text or _any(text, self.lexicons, limits):
            return True
        return letter is not None and _any(
            self.affirmed(letter), self.own, ["negation", "hedge", "instruction", "question"])


def _any(text: str, lexicons: Iterable[Lexicon], keys: Iterable[str]) -> bool:
    return any(pattern.search(text) for lexicon in lexicons for key in keys
               for pattern in getattr(lexicon, key))


@dataclass(frozen=True)
class Letter:
    """A reply cut where its writer stops: the `body` is read clause by clause, the `tail` (a
    signature block, company lines) is only searched for limits. Both are folded."""

    body: str
    tail: str
    names: frozenset[str] = frozenset()


def unconditional(
    letter: Letter, classes: Classes, limits: Limits, accepting: Callable[[str], bool],
    accept_spans: Callable[[str], str], plain: frozenset[str], typo: Callable[[str], bool],
) -> bool:
    """The letter's body holds an acceptance and only clauses the reader can place, and no limit
    is found anywhere (the tail included).

    `accept_spans` blanks the accepting phrases of a text: a go-ahead may look like a question
    opener ("pueden empezar") or hold a hedge-like modal ("you may proceed")."""
    body, tail = at_will(letter.body, classes), at_will(letter.tail, classes)
    found = [(span, place(body[span[0]:span[1]], classes, accepting, plain, letter.names, typo))
             for span in clauses(body, classes)]
    if any(where is None for _, where in found):
        return False
    if not any(where is Place.ACCEPT for _, where in found):
        return False
    # Limits are sought with only the waiting of logistics blanked (a limit may be a phrase
    # that starts with a courtesy word, "z zastrzeżeniem", "cu condiția"); hedges, negations
    # and question openers with every placed clause's own words blanked.
    waiting = _owned(body, found, {Place.LOGISTICS: classes.words["logistics"]})
    letter = _owned(body, found, {
        Place.PERMISSION: classes.of("permit", "start"),
        Place.LOGISTICS: classes.words["logistics"],
        Place.COURTESY: classes.of("courtesy", "filler") | NOT_NAME_WORDS,
    })
    return not limits.found(waiting, accept_spans(letter)) and not limits.found(tail)
