"""Dates as people type them: 31/12/2026, 2026-12-31, 31.12.2026, or a number of days from today."""

from __future__ import annotations

import re
from datetime import date, timedelta

from flows.errors import Invalid
from flows.flow import N_

DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})$")
ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
DAYS = re.compile(r"^(?:in\s+|en\s+)?(\d{1,4})(?:\s*(?:days?|d|días?|dias?))?$", re.IGNORECASE)
# "01/02/2026 - 28/02/2026", "1.2.2026 to 28.2.2026", "01/02/2026 al 28/02/2026"
PERIOD = re.compile(r"\s*(?:\s[-–—]\s|[–—]|\sto\s|\sal?\s|\shasta\s)\s*", re.IGNORECASE)
UNREADABLE = N_("I couldn't read that date. Try 31/12/2026 or a number of days.")


def parse_date(text: str, language: str, *, today: date) -> date:
    """Day first everywhere except English, where 12/31/2026 is read month first when it must be."""
    value = text.strip()
    if match := DAYS.match(value):
        return today + timedelta(days=int(match.group(1)))
    chosen = _calendar_date(value, language)
    if chosen < today:
        raise Invalid(N_("That date is in the past."))
    return chosen


def parse_supply(text: str, language: str) -> tuple[date, date | None]:
    """A date of supply, or a period "start - end"; past dates are the usual case here."""
    parts = PERIOD.split(text.strip(), maxsplit=1)
    try:
        start = _calendar_date(parts[0], language)
        end = _calendar_date(parts[1], language) if len(parts) > 1 else None
    except Invalid:
        raise Invalid(
            N_(
                "I couldn't read that. Type a date like 28/02/2026, or a period like "
                "01/02/2026 - 28/02/2026."
            )
        ) from None
    if end is not None and end < start:
        raise Invalid(N_("That period ends before it starts."))
    return start, (end if end != start else None)


def _calendar_date(value: str, language: str) -> date:
    try:
        if match := ISO.match(value.strip()):
            year, month, day = map(int, match.groups())
        elif match := DAY_FIRST.match(value.strip()):
            day, month, year = map(int, match.groups())
            if language == "en" and month > 12 >= day:
                day, month = month, day
            year += 2000 if year < 100 else 0
        else:
            raise ValueError(value)
        return date(year, month, day)
    except ValueError:
        raise Invalid(UNREADABLE) from None
