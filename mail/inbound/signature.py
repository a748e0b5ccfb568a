"""Find the full name a client typed to sign an acceptance, and whose name it is.

A typed name is the signature of an email acceptance ("I accept — Jane Doe"), so it must be the
client's or a contact's full name. Matching ignores case, accents, punctuation and word order
("DOE, Jane"), and tolerates a middle name present on one side only ("Jane Q. Doe" for "Jane
Doe", "María García" for "María José García López"): the shorter name must have at least two
words, all of them full words (initials such as "J. Doe" never match a full name), and every
one of them must appear in the longer name. The typed reply is searched first; only when it holds
no name at all does the reader look at the sender's "-- " signature block (understand.py), and
there only a name that matches a candidate counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from mail.inbound.fold import fold
from mail.inbound.lexicon import ANY_ACCEPT, LEAD_WORDS, NOT_NAME_WORDS

# "Accepted by: ...", "Firmado: ...", "Unterschrift: ..." — the label, folded, before the name.
_LABELS = frozenset(
    {
        "accepted by", "signed", "signed by", "signature", "name", "full name",
        "firmado", "firmado por", "firma", "nombre", "aceptado por", "assinado", "assinado por",
        "assinatura", "nome", "aceito por", "signe", "signe par", "nom", "accepte par",
        "unterschrift", "unterzeichnet", "akzeptiert von", "firmato", "firmato da",
        "accettato da", "getekend", "handtekening", "naam", "geaccepteerd door", "semnat",
        "semnatura", "nume", "acceptat de", "podpisano", "podpis", "imie i nazwisko",
        "zaakceptowane przez", "التوقيع", "الاسم", "الموقع", "توقيع",
    }
)
_LABEL_SPLIT = re.compile(r"\s*[:—–]\s*|\s+-\s+")
_SUFFIX_SPLIT = re.compile(r"\s*[—–,:]\s*|\s+-\s+|[.!]\s+")
_PARTICLES = frozenset(
    {"de", "da", "do", "dos", "das", "del", "della", "di", "la", "le", "van", "von", "der",
     "den", "ter", "ten", "du", "des", "y", "e", "bin", "ibn", "al", "el", "abu", "abd", "v.d",
     "vd"}
)
_LATIN_TOKEN = re.compile(r"^[^\W\d_][^\W\d_'’.\-]*\.?$")
# An Arabic word, or an abbreviated title: "م." and, in the Gulf, "م/" (engineer).
_ARABIC_TOKEN = re.compile(r"^[\u0621-\u064a\u066e-\u06d3\u064b-\u0652]+[./]?$")
_COMPOUND_PREFIXES = ("عبد", "ابو")  # "عبد الله" and "عبدالله" are one name
_ASCII_SPELLINGS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ø": "oe", "å": "aa", "æ": "ae"})


@dataclass(frozen=True)
class Signature:
    """The name as typed (None when none was found) and the candidate it matched, if any."""

    typed: str | None
    matched: str | None

    @property
    def signed(self) -> bool:
        return self.matched is not None


def find_signer(reply_text: str, candidates: Sequence[str]) -> Signature:
    """The first typed name that matches a candidate, else a candidate's exact name typed
    without capitals ("jane doe"), else the first name-shaped text (which matches nobody)."""
    found = list(_typed_names(reply_text))
    for typed in found:
        matched = next((c for c in candidates if names_match(typed, c)), None)
        if matched is not None:
            return Signature(typed, matched)
    for span in _spans(reply_text):
        matched = next((c for c in candidates if _exactly(span, c)), None)
        if matched is not None:
            return Signature(span, matched)
    for span in _signature_lines(reply_text):
        matched = next((c for c in candidates if _exactly(span, c)
                        or (is_name(span) and names_match(span, c))), None)
        if matched is not None:
            return Signature(span, matched)
    return Signature(found[0] if found else None, None)


_TRAILER = re.compile(r"\s+[|·•]\s+.*$|\s+[—–-]\s+(?=[^\W\d_][^|]*$).*$")
_LAST_LINES = 8


def _signature_lines(reply_text: str) -> Iterable[str]:
    """The last short lines as a signature holds them: a name with closing words or titles
    before it ("Cheers Jane Doe", "Dr. Jane Doe") or a company after a bar or a dash ("Jane Doe
    | Acme Ltd"). Only words of those kinds are dropped, so "PA to Robert Harrow" or "on behalf
    of Robert Harrow" never reduce to the name."""
    lines = [line.strip() for line in reply_text.splitlines() if line.strip()]
    for line in lines[-_LAST_LINES:]:
        for variant in (line, _TRAILER.sub("", line)):
            words = variant.split()
            while words and fold(words[0]).strip(".,:;").replace(".", "") in LEAD_WORDS:
                words = words[1:]
            if 2 <= len(words) <= 6:
                yield _clean(" ".join(words))


def _spans(reply_text: str) -> Iterable[str]:
    """Every line, and every tail of a line after a separator ("I accept - jane doe")."""
    for line in (line.strip() for line in reply_text.splitlines()):
        if line:
            yield _clean(line)
            yield from (_clean(line[found.end():]) for found in _SUFFIX_SPLIT.finditer(line))


def _exactly(typed: str, candidate: str) -> bool:
    """The same words as the candidate's name, whatever the case: no word more or less."""
    words = name_tokens(typed)
    if not 2 <= len(words) <= 6 or any(word in NOT_NAME_WORDS for word in words):
        return False
    return any(_same_words(words, other) for other in _spellings(candidate))


def _typed_names(reply_text: str) -> Iterable[str]:
    """Labelled names first, then names after an acceptance, then lines that are only a name."""
    lines = [line.strip() for line in reply_text.splitlines() if line.strip()]
    for line in lines:
        label, _, rest = _partition(_LABEL_SPLIT, line)
        if rest and fold(label).strip(" *") in _LABELS and is_name(rest):
            yield _clean(rest)
    for line, folded in zip(lines, map(fold, lines), strict=True):
        if ANY_ACCEPT.search(folded):
            tails = (line[found.end() :] for found in _SUFFIX_SPLIT.finditer(line))
            yield from (_clean(tail) for tail in tails if is_name(tail))
    for line in lines:
        if is_name(line):
            yield _clean(line)


def _partition(splitter: re.Pattern[str], line: str) -> tuple[str, str, str]:
    found = splitter.search(line)
    if found is None:
        return line, "", ""
    return line[: found.start()], found.group(), line[found.end() :]


def _clean(name: str) -> str:
    return name.strip().strip(".,;:!\"'«»“”()[]").strip()


def is_name(text: str) -> bool:
    """Two to six words, each capitalised or Arabic, none a greeting, closing or verb."""
    words = _clean(text).replace(",", " ").split()
    if not 2 <= len(words) <= 6:
        return False
    folded_words = [fold(word).strip(".'’-") for word in words]
    initials = [word.endswith(".") for word in words]
    if any(
        (word in NOT_NAME_WORDS and not initial) or _is_verb(word)
        for word, initial in zip(folded_words, initials, strict=True)
    ):
        return False
    proper = 0
    for word, folded_word in zip(words, folded_words, strict=True):
        if folded_word in _PARTICLES:
            continue
        if _ARABIC_TOKEN.match(word) or (_LATIN_TOKEN.match(word) and word[0].isupper()):
            proper += 1
        else:
            return False
    return proper >= 2


def _is_verb(word: str) -> bool:
    return ANY_ACCEPT.fullmatch(word) is not None


def name_tokens(name: str, *, umlauts: bool = False, compounds: bool = False) -> list[str]:
    """Folded words: punctuation dropped, hyphenated parts split, Arabic compounds joined.

    With `umlauts`, ä/ö/ü/ø/å/æ are spelled ae/oe/ue/oe/aa/ae first, as people without such a
    keyboard type them ("Juergen Mueller" for "Jürgen Müller"); ß is "ss" either way (fold).
    With `compounds`, "Mary-Ann" and "O'Neil" stay one word each ("maryann", "oneil").
    """
    if umlauts:
        name = name.casefold().translate(_ASCII_SPELLINGS)
    name = fold(name)
    if compounds:
        name = re.sub(r"(?<=\w)['-](?=\w)", "", name)
    words = re.sub(r"[^\w\s-]", " ", name).replace("-", " ").replace("_", " ").split()
    tokens: list[str] = []
    for word in words:
        if tokens and tokens[-1] in _COMPOUND_PREFIXES:
            tokens[-1] += word
        else:
            tokens.append(word)
    return tokens


def names_match(typed: str, candidate: str) -> bool:
    """The same words in any order ("Mary Ann O Neil" is "Mary-Ann O'Neil", so is "Mary-Ann
    ONeil"), or one name is the other plus middle names (see module doc); a part of a
    hyphenated or apostrophe name is not a name by itself ("Mary Ann" is not "Mary-Ann O'Neil").
    Each letter with an ASCII spelling may be typed either way, word by word ("Bjorn Aasen" for
    "Bjørn Åsen": ø without its stroke, å as aa)."""
    mine = [name_tokens(typed), name_tokens(typed, umlauts=True)]
    mine_whole = [name_tokens(typed, compounds=True),
                  name_tokens(typed, umlauts=True, compounds=True)]
    return any(_same_words(m, t) for m in mine for t in _spellings(candidate)) or any(
        _middle_names(m, t) for m in mine_whole for t in _spellings(candidate, compounds=True)
    )


_MOST_SPELLINGS = 64


def _spellings(name: str, *, compounds: bool = False) -> list[list[str]]:
    """The name's folded words with every mix of plain and ASCII spellings ("bjorn asen",
    "bjoern asen", "bjorn aasen", "bjoern aasen"), at most 64 of them."""
    plain = name_tokens(name, compounds=compounds)
    spelled = name_tokens(name, umlauts=True, compounds=compounds)
    if len(plain) != len(spelled):
        return [plain, spelled]
    variants: list[list[str]] = [[]]
    for word, other in zip(plain, spelled, strict=True):
        options = (word,) if word == other or len(variants) * 2 > _MOST_SPELLINGS else (word, other)
        variants = [[*variant, option] for variant in variants for option in options]
    return variants


def signs_off(reply_text: str, typed: str) -> bool:
    """Whether the typed name was written as a signature: after an acceptance or a label on its
    line ("I accept — Mark Brown"), or on a line of its own that no sentence follows (a title
    or a company may). "In Ordnung." above "Hiermit beauftragt. Termin bitte mit Frau Weiß."
    is only name-shaped words."""
    lines = [line.strip() for line in reply_text.splitlines() if line.strip()]
    mine = [index for index, line in enumerate(lines) if typed in line]
    if any(_clean(lines[index]) != typed for index in mine):
        return True
    return bool(mine) and not any(_is_sentence(line) for line in lines[mine[-1] + 1 :])


def _is_sentence(line: str) -> bool:
    return len(line.split()) >= 4 and line.endswith((".", "!", "?"))


def _same_words(typed: list[str], candidate: list[str]) -> bool:
    if len(candidate) < 2 or not typed:
        return False
    return sorted(typed) == sorted(candidate) or "".join(typed) == "".join(candidate)


def _middle_names(typed: list[str], candidate: list[str]) -> bool:
    if not typed or not candidate:
        return False
    shorter, longer = sorted((set(typed), set(candidate)), key=len)
    return len(shorter) >= 2 and all(len(token) > 1 for token in shorter) and shorter <= longer
