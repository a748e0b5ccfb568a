"""Numbers read from button values and typed answers, without trusting what `isdigit()` accepts.

`str.isdigit()` is true for "²", "①" and a 5,000-digit string; `int()` raises on the first two
and on the third (Python caps conversions at 4,300 digits), and a 20-digit id overflows the
database's integer columns. Every id, count or button number a user or a button sends is read
here.
"""

from __future__ import annotations

MAX_ID = 2**31 - 1  # the narrowest id column: PostgreSQL `integer`


def parse_count(text: str, maximum: int = MAX_ID) -> int | None:
    """A whole number from 0 to `maximum` written in ASCII digits, or None."""
    if not text.isascii() or not text.isdigit() or len(text.lstrip("0")) > len(str(maximum)):
        return None
    value = int(text)
    return value if value <= maximum else None


def parse_id(text: str) -> int | None:
    """A database id, or None when the text cannot name any row."""
    return parse_count(text) or None


def parse_position(text: str, count: int) -> int | None:
    """The 0-based index behind a typed button number ("1" is the first of `count`), or None."""
    number = parse_count(text.strip(), count)
    return number - 1 if number else None
