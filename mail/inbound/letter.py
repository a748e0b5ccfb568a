"""Where a reply's own words end: at the closing ("Kind regards") or the typed name after them.

What follows an acceptance inside the body may limit it in words no rule knows ("We accept.
Zorblat the client pays first."), so the intent reader must see every body sentence after it;
what follows the closing or the name is a signature block (titles, addresses, disclaimers), which
says nothing about the proposal. The clause reader also sets apart the signature-shaped lines at
the end of the body (`signed_off`) and the names typed in it (`typed_names`).
"""

from __future__ import annotations

import re

from mail.inbound.fold import fold
from mail.inbound.lexicon import ANY_ACCEPT, ANY_VERB, CLOSING_MARKS, CLOSING_WORDS
from mail.inbound.signature import is_name

_WORD = re.compile(r"[^\W\d_][\w']*")


def letter_body(text: str) -> str:
    """The reply up to the first closing or name line that comes after an accepting line.

    Lines before the acceptance (a greeting, "Hi Ana,") never end the body; without any
    accepting line the whole text is the body (there is nothing to follow)."""
    lines = text.splitlines()
    accepted = False
    for index, line in enumerate(lines):
        folded = fold(line)
        if accepted and (_is_closing(folded) or is_name(line.strip())):
            return "\n".join(lines[:index])
        accepted = accepted or ANY_ACCEPT.search(folded) is not None
    return text


def _is_closing(folded_line: str) -> bool:
    words = _WORD.findall(folded_line)
    return bool(words) and (words[0] in CLOSING_WORDS or not CLOSING_MARKS.isdisjoint(words))


_TOKEN = re.compile(r"[\w']+")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
# A name, initials or a nickname under the text ("Tomek", "KD", "محمد"): no clause.
_SIGNOFF_WORDS = 2


def typed_names(text: str) -> frozenset[str]:
    """Words typed with a capital and never in lower case (a colleague's name, "Gaëlle"), and
    a name in any script typed after a dash at the end of a line ("موافق — م. الأحمد")."""
    typed = _TOKEN.findall(text)
    lower = {word for word in typed if word == word.casefold()}
    dashed = [found.group(1) for found in _DASHED_NAME.finditer(text) if is_name(found.group(1))]
    return frozenset(fold(word) for word in typed
                     if word[0].isupper() and word.casefold() not in lower).union(
        *(_TOKEN.findall(fold(name)) for name in dashed))


_DASHED_NAME = re.compile(r"\s[—–-]\s*([^\n—–-]{1,40})$", re.MULTILINE)


def _signature_line(line: str) -> bool:
    """A line of name, title or company words under the text ("OKONKWO-BLAKE Harriet",
    "Quinta das Oliveiras, Lda.", "Maarten van 't Hek"), or a name in any script."""
    words = [w for w in re.split(r"[\s,|/&–—-]+", line.strip()) if w]
    capitals = [w for w in words if w[0].isupper()]
    if ANY_VERB.search(fold(line)) or (len(words) == 1 and line.rstrip()[-1:] in ".!?"):
        return False  # "Acepto.", "Akkoord!" are the reply, not its signature
    arabic = all(_ARABIC.match(word) for word in words)
    return is_name(line.strip()) or (arabic and len(words) <= _SIGNOFF_WORDS) or (
        0 < len(words) <= 6 and 2 * len(capitals) >= len(words)
                                     and all(w in capitals or len(w) <= 3 for w in words))


def signed_off(letter: str) -> tuple[str, str]:
    """The letter's lines, and its trailing signature-shaped lines (at least one line stays)."""
    lines = letter.rstrip().splitlines()
    end = len(lines)
    while end > 1 and (not lines[end - 1].strip() or _signature_line(lines[end - 1])
                       or _under_name(lines[end - 2], lines[end - 1])):
        end -= 1
    return "\n".join(lines[:end]), "\n" + "\n".join(lines[end:])


_READ_LETTER = re.compile(r"[a-zA-Z\u00c0-\u024f\u0600-\u06ff]")


def _under_name(above: str, line: str) -> bool:
    """A line in a script no supported language writes, under a name typed after a dash
    ("I accept - Jane Doe" / "東京オフィスより"): the signature's office or company."""
    named = _DASHED_NAME.search(above)
    return bool(named and is_name(named.group(1))) and not _READ_LETTER.search(line)
