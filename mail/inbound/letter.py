"""Where a reply's own words end: at the closing ("Kind regards") or the typed name after them.

What follows an acceptance inside the body may limit it in words no rule knows ("We accept.
Zorblat the client pays first."), so the intent reader must see every body sentence after it;
what follows the closing or the name is a signature block (titles, addresses, disclaimers), which
says nothing about the proposal.
"""

from __future__ import annotations

import re

from mail.inbound.fold import fold
from mail.inbound.lexicon import ANY_ACCEPT, CLOSING_MARKS, CLOSING_WORDS
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


def is_closing(folded_sentence: str) -> bool:
    """A thanks, a wish or a closing formula ("Muchas gracias por la rapidez", "Succes!")."""
    return _is_closing(folded_sentence)
