"""Where the typed reply ends: the first line that announces a quote, a signature or a footer.

Structure decides first, so languages no rule names are cut too: a line (possibly wrapped, or
broken over blank lines as Polymail does) that carries a date or an address and ends in ":",
followed by a quote or a header-shaped block, is an attribution; so is a run of "Label: value"
lines shaped like a mail header. `quote_marks.py` names what structure alone cannot (attribution
verbs, header labels, device footers, legal disclaimers). Every function reads folded lines
(see fold.py) and returns line indices or counts, so `quotes.py` cuts the original lines.
"""

from __future__ import annotations

import re

from mail.inbound.quote_marks import (
    ATTRIBUTION,
    CLIENT_FOOTER,
    COMPANY_REGISTRATION,
    DISCLAIMER,
    FORWARD_INTRO,
    HEADER_FROM,
    HEADER_OTHER,
    LEGAL_CLAIM,
    LEGAL_NOUN,
    MOBILE,
)

_DATE = re.compile(r"\d{1,4}[-./]\d{1,2}[-./]\d{1,4}|\d{1,2}:\d{2}|\b(?:19|20)\d{2}\b")
_ADDRESS = re.compile(r"@")
# "<a@b.c>", "(a@b.c)", "[mailto:a@b.c]": how attributions name the writer, not how people type.
_BRACKETED_ADDRESS = re.compile(r"[<(\[](?:mailto:)?[^\s<>()\[\]]+@[^\s<>()\[\]]+[>)\]]")
_HEADER_SHAPED = re.compile(r"^\*?[^\W\d][\w .'-]{0,30}\s*[:：]\*?\s*\S")
# Zoho's "---- On Mon, 03 Jun 2026 10:00 Studio Nova <x@y> wrote ----", any language.
_DASHED_ATTRIBUTION = re.compile(r"^-{2,}\s.*(?:@|\d).*\s-{2,}$")
# "-----Original Message-----", "------- Original-Nachricht -------" in any language.
# Outlook's plain text sets it in bold: "*-------- Original Message --------*".
_SEPARATOR = re.compile(
    r"^\*?(?:-{2,}\s*[^-\s][^\n]{1,58}?[^-\s]\s*-{2,}|-{10,}|_{10,}|={10,})\*?$")
# Gmail's ISO-dated attribution, the name's address sometimes dropped with its colon:
# "2016-03-03 17:21 GMT+01:00 Some One".
_ISO_ATTRIBUTION = re.compile(
    r"^(?:19|20)\d{2}-\d{2}-\d{2}[ ,]+\d{1,2}:\d{2}(?::\d{2})? (?:gmt|utc)[+-]\d{1,2}(?::?\d{2})?\s"
)
# A quoted line: ">" or Supercite's "Name>" ("C> text", "Richard> text").
QUOTED = re.compile(r"^\s*(?:>|[^\W\d_](?:[\w.-]{0,14}[\w.])?>(?:\s|$))")  # not "Total-> 5"
# Pipe quoting, counted only under a dated and addressed line ("2013/7/20 sam <a@b.c>").
_PIPE_QUOTED = re.compile(r"^\|")
SIGNATURE_DELIMITER = re.compile(r"^--\s*$")
_SENTENCE_END = re.compile(r"(?<!\d)[.!?]$")  # "schrieb am Fr., 28." is a date going on
_ATTRIBUTION_LINES = 3  # Gmail wraps long attribution lines in text/plain
_HEADER_WINDOW = 6
_BARE_HEADER_ROWS = 4  # From, Sent, To, Subject: without an address, the full block
_GAP_WINDOW = 8  # lines a gapped attribution may span, blanks included
_GAP_LINE = 80  # characters of each of its lines
_GAP_LAST_WORDS = 3  # "> wrote:"
_MOBILE_WORDS = 8  # "Sent from my Verizon Wireless BlackBerry"; longer is a sentence
_LEGAL_WORDS = 8
_INTRO_WORDS = 6


def first_boundary(folded: list[str]) -> int:
    """The index of the first line that starts a quote, signature or footer (len when none)."""
    typed = False  # whether a line above is text (not blank, not quoted): footers need one
    for index, line in enumerate(folded):
        if line and _marker_lines(folded, index, typed=typed):
            return index
        typed = typed or (bool(line) and not QUOTED.match(line))
    return len(folded)


def _marker_lines(folded: list[str], index: int, *, typed: bool = True) -> int:
    """How many lines the quote marker starting at `index` takes (0: no marker there)."""
    line = folded[index]
    if (
        _SEPARATOR.match(line)
        or FORWARD_INTRO.match(line)
        or SIGNATURE_DELIMITER.match(line)
        or _DASHED_ATTRIBUTION.match(line)
        or (MOBILE.match(line) and len(line.split()) <= _MOBILE_WORDS)
        or _is_headers(folded, index)
        or _introduces_headers(folded, index)
        or (typed and _is_footer(folded, index))
    ):
        return 1
    return attribution_lines(folded, index)


def _is_headers(folded: list[str], index: int) -> bool:
    return _is_header_block(folded, index) or _is_structural_header_block(folded, index)


def _introduces_headers(folded: list[str], index: int) -> bool:
    """A short line ending in ":" right above a header block: a forward's intro in a language
    no rule names ("Vidarebefordrat brev:", "Начало переадресованного сообщения:")."""
    line = folded[index]
    if not line.endswith((":", "：")) or len(line.split()) > _INTRO_WORDS:
        return False
    following = _next_written(folded, index + 1)
    return following is not None and following <= index + 2 and _is_headers(folded, following)


def attribution_lines(folded: list[str], index: int) -> int:
    """An "On <date>, <who> wrote:" line, or a dated or addressed line ending in ":" before a
    quote or header block, possibly wrapped over up to three lines: how many it takes."""
    if QUOTED.match(folded[index]):
        return 0
    for span in range(1, _ATTRIBUTION_LINES + 1):
        chunk = folded[index : index + span]
        if span > 1 and not _wraps(chunk):
            break
        joined = " ".join(chunk)
        if len(joined) > 250:
            return 0
        if _DASHED_ATTRIBUTION.match(joined):  # Zoho's, wrapped: "---- On … <a@b.c>" / "wrote ----"
            return span
        dated, addressed = _DATE.search(joined), _ADDRESS.search(joined)
        if not (dated or addressed) and not ATTRIBUTION.search(joined):
            continue
        quoted = follows(folded, index + span, QUOTED)
        if ATTRIBUTION.search(joined) and (dated or addressed or quoted):
            return span
        if joined.endswith((":", "：")) and (
            quoted or _headers_follow(folded, index + span)
            or (dated and _BRACKETED_ADDRESS.search(joined))  # the quote under it unmarked
        ):
            return span
        # Gmail's old "2011/4/7 Nathan <a@b.c>", no colon; "|" quotes only under such a line
        if dated and addressed and (quoted or follows(folded, index + span, _PIPE_QUOTED)):
            return span
    return _gapped_attribution(folded, index) or int(bool(_ISO_ATTRIBUTION.match(folded[index])))


def _gapped_attribution(folded: list[str], index: int) -> int:
    """Polymail breaks its attribution over blank lines around a "mailto:" link ("On Thu, 31
    Mar 2016 at 11:16 Some One" / "<" / "mailto:Some One <a@b.c>" / "> wrote:"): a dated first
    line, a few short unquoted lines, and a last short one that completes the attribution verb.
    How many lines it takes (0: none starts here)."""
    first = folded[index]
    if not _DATE.search(first) or _SENTENCE_END.search(first):
        return 0
    written = [first]
    for end in range(index + 1, min(index + _GAP_WINDOW, len(folded))):
        line = folded[end]
        if not line:
            continue
        written.append(line)
        if len(line.split()) <= _GAP_LAST_WORDS and ATTRIBUTION.search(" ".join(written)):
            return end - index + 1
        if QUOTED.match(line) or len(line) > _GAP_LINE or len(written) > _ATTRIBUTION_LINES:
            return 0
    return 0


def _wraps(chunk: list[str]) -> bool:
    """Lines a client wrapped one attribution over: none blank, the first not a finished
    sentence, and the first already dated or addressed (the date leads in every client's
    attribution), so "Hi," above an attribution is never taken for its start."""
    first = chunk[0]
    return (all(chunk) and not _SENTENCE_END.search(first)
            and (_DATE.search(first) is not None or "@" in first))


def _next_written(folded: list[str], start: int) -> int | None:
    """The index of the first line from `start` that is not blank (no slicing: it runs per line)."""
    return next((i for i in range(start, len(folded)) if folded[i]), None)


def follows(folded: list[str], start: int, quote: re.Pattern[str]) -> bool:
    """Whether the first written line from `start` is a quoted one."""
    following = _next_written(folded, start)
    return following is not None and quote.match(folded[following]) is not None


def _headers_follow(folded: list[str], start: int) -> bool:
    following = _next_written(folded, start)
    return following is not None and _header_run(folded, following) >= 2


def _is_structural_header_block(folded: list[str], index: int) -> bool:
    """A quoted header block in a language no rule names: three or more "Label: value" lines,
    the first with an address (the sender); or four or more whose second carries the date (every
    client writes From, then Sent or Date, then To and Subject) with the quoted text under
    them. A form the client fills in and signs opens otherwise, or ends the message."""
    rows = _header_rows(folded, index)
    if "@" in folded[index] and len(rows) >= 3:
        return True
    return (len(rows) >= _BARE_HEADER_ROWS and _DATE.search(folded[rows[1]]) is not None
            and _next_written(folded, rows[-1] + 1) is not None)


def _header_run(folded: list[str], start: int) -> int:
    return len(_header_rows(folded, start))


def _header_rows(folded: list[str], start: int) -> list[int]:
    """The "Label: value" lines that follow from `start` (Outlook leaves blank lines between)."""
    rows: list[int] = []
    index = start
    while index < len(folded) and len(rows) < _HEADER_WINDOW:
        if not folded[index]:
            index += 1
            continue
        if not _HEADER_SHAPED.match(folded[index]):
            break
        rows.append(index)
        index += 1
    return rows


def _is_header_block(folded: list[str], index: int) -> bool:
    """A From (or Date) label, then more header labels: two more, or one when the block names
    an address and a date ("From: a@b.c" / "Date: Wed, 16 May 2012 00:15:02")."""
    line = folded[index]
    if not (HEADER_FROM.match(line) or (HEADER_OTHER.match(line) and _DATE.search(line))):
        return False
    window = [row for row in folded[index + 1 : index + 1 + _HEADER_WINDOW] if row]
    labelled = [row for row in window[:4] if HEADER_OTHER.match(row) or HEADER_FROM.match(row)]
    block = " ".join([line, *labelled])
    return len(labelled) >= (1 if "@" in block and _DATE.search(block) else 2)


def _is_footer(folded: list[str], index: int) -> bool:
    """A footer below typed text (the caller checks there is some, so a reply that starts
    "Outlook with a reply" keeps its line): a short line naming the mail program ("Sent with
    Proton Mail"), a legal paragraph, or a company's registration lines. A brand line also has
    to end the typed part (nothing but a quote or another boundary after it)."""
    line = folded[index]
    if COMPANY_REGISTRATION.match(line) or DISCLAIMER.match(" ".join(folded[index : index + 2])):
        return True
    if (not folded[index - 1] and len(line.split()) >= _LEGAL_WORDS
            and LEGAL_NOUN.search(line) and LEGAL_CLAIM.search(line)):
        return True
    return CLIENT_FOOTER.match(line) is not None and _ends_typed_part(folded, index + 1)


def _ends_typed_part(folded: list[str], start: int) -> bool:
    following = _next_written(folded, start)
    return (following is None or QUOTED.match(folded[following]) is not None
            or bool(_marker_lines(folded, following)))
