"""Text from outside (typed in chat, a contact card, a filename, an email header) without control
characters, cleaned where it enters so both databases store the same thing.

PostgreSQL refuses a NUL byte in a text column while SQLite stores it, so one NUL failed an event
(or left an email failed forever) on one database only. The other C0 controls and DEL are
invisible, reorder nothing useful and confuse terminals and PDFs; they go too. Line breaks and
tabs stay in free text, where a note or an address may have several lines.
"""

from __future__ import annotations

_C0_AND_DEL = [*range(0x00, 0x20), 0x7F]
_LAYOUT = (0x09, 0x0A)  # tab, line feed
_DROP_ALL = dict.fromkeys(_C0_AND_DEL)
_DROP_ALL_BUT_LAYOUT = dict.fromkeys(c for c in _C0_AND_DEL if c not in _LAYOUT)


def without_controls(text: str, *, keep_lines: bool = True) -> str:
    """`text` without C0 controls and DEL; `keep_lines` keeps tabs and line feeds (a CR before
    a line feed goes, a lone CR becomes a line feed)."""
    if keep_lines:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        return text.translate(_DROP_ALL_BUT_LAYOUT)
    return text.translate(_DROP_ALL)
