"""Cut a reply down to what the client typed: no quoted proposal, signature, or legal footer.

The quoted proposal contains the words "I accept" (it tells the client how to answer), so reading
it as part of the reply would turn every answer into an acceptance. Each mail client announces
its quote differently: an attribution line ending in "wrote:" in the writer's language, an
Outlook "From/Sent/To/Subject" block, a separator line, or ">" prefixes; `quote_bounds.py` finds
the first such boundary, by structure first. It ends the reply; unquoted lines below a ">" quote
(answers typed between quoted lines, or under them) are the reply as much as the lines above it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from mail.inbound.fold import BIDI_CONTROLS, fold
from mail.inbound.quote_bounds import (
    QUOTED,
    SIGNATURE_DELIMITER,
    attribution_lines,
    first_boundary,
    follows,
)

# A line that is only an invisible mark (Streak's and Mailtrack's "ᐧ" tracker, zero widths).
_MARK_ONLY = re.compile(r"^[\s\u1427\u200b-\u200d\u2060]+$")
# A piece of a long link the quoting client wrapped out of its ">" line ("_nonce=3dd518)").
_LINK_PIECE = re.compile(r"^\(?\S*(?:https?://|[=/?&])\S*\)?(?:\s*>)?$")
_QUOTE_MARK = re.compile(r"^\s*> ?")
_GLUED = re.compile(r"^(.*?\w\S*)\s*-{3,}\s+(\S.*)$")  # "reply--- On Wed, … wrote:"
_UNQUOTE_LEVELS = 2
_SIGNATURE_LINES = 6


def strip_quotes(text: str) -> str:
    """The typed reply: lines above the first quote boundary, without ">" lines or signature.

    A reply whose typed part (all of it, or all above a signature, footer or quote boundary) is
    nothing but ">" lines, with no attribution or header announcing a quote, is the client's own
    text that their program marked (or a quote they sent back alone): that part is read one
    level down rather than emptied, so the owner sees what was sent.
    """
    lines, folded = _split(text)
    for _ in range(_UNQUOTE_LEVELS):
        cut = first_boundary(folded)
        if not _only_quoted(folded[:cut]):
            break
        top = [_QUOTE_MARK.sub("", line, count=1) for line in lines[:cut]]
        lines, folded = _split("\n".join(top + lines[cut:]))
    cut = first_boundary(folded)
    start, end = _bottom_posted(lines, folded, cut)
    kept = lines[:cut] + _glued_reply(lines, folded, cut) + lines[start:end]
    return _tidy(line for line in kept if not QUOTED.match(line))


def _glued_reply(lines: list[str], folded: list[str], cut: int) -> list[str]:
    """The typed text on the boundary's own line, when a flattening client glued the reply to
    Yahoo's "--- On <date>, <who> wrote:" ("Fine by us--- On Wed, … wrote:"): the part
    before the dashes, if the part after them is an attribution by itself."""
    if cut >= len(lines):
        return []
    glued = _GLUED.match(lines[cut])
    if glued is None:
        return []
    tail = fold(glued.group(2)).strip()
    if not attribution_lines([tail, *folded[cut + 1 :]], 0):
        return []
    return [glued.group(1)]


def signature_block(text: str) -> str:
    """The few lines under a "-- " delimiter that ends the typed reply (above the quote, or
    below it when the answers were typed under or between quoted lines): the sender's own
    signature (name, title, company), up to the next quote boundary."""
    lines, folded = _split(text)
    cut = first_boundary(folded)
    start, end = _bottom_posted(lines, folded, cut)
    cut = end if start < end else cut
    if cut >= len(lines) or not SIGNATURE_DELIMITER.match(folded[cut]):
        return ""
    end = first_boundary(folded[cut + 1 :]) + cut + 1
    return _tidy(lines[cut + 1 : min(end, cut + 1 + _SIGNATURE_LINES)])


def _split(text: str) -> tuple[list[str], list[str]]:
    lines = BIDI_CONTROLS.sub("", text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = ["" if _MARK_ONLY.match(line) else line for line in lines]
    return lines, [fold(line).strip() for line in lines]


def _only_quoted(folded: list[str]) -> bool:
    written = [line for line in folded if line]
    return bool(written) and all(line.startswith(">") for line in written)


def _bottom_posted(lines: list[str], folded: list[str], cut: int) -> tuple[int, int]:
    """Text typed below a ">" quote (as a range of lines, empty when there is none):
    everything unquoted after it, up to the next boundary.
    The rest of a wrapped attribution is skipped first, and a link's piece the client wrapped
    out of its ">" line counts as quoted."""
    if cut >= len(lines):
        return cut, cut
    start = cut + max(attribution_lines(folded, cut), 1)
    quoted = False
    while start < len(lines) and (
        not folded[start]
        or QUOTED.match(lines[start])
        or (quoted and _LINK_PIECE.match(folded[start]) and follows(folded, start + 1, QUOTED))
    ):
        quoted = quoted or bool(folded[start])
        start += 1
    if not quoted or start >= len(lines):
        return cut, cut
    return start, first_boundary(folded[start:]) + start


def _tidy(lines: Iterable[str]) -> str:
    out: list[str] = []
    for line in lines:
        stripped = line.rstrip()
        if stripped or (out and out[-1]):
            out.append(stripped)
    return "\n".join(out).strip()
