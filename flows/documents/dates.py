"""Dates as people type them: 31/12/2026, 2026-12-31, 31.12.2026, or a number of days from today."""

from __future__ import annotations

import re
from datetime import date, timedelta

from flows.errors import Invalid
from flows.flow import N_

DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})$")
ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
DAYS = re.compile(r"^(?:in\s+|en\s+)?(\d{1,4})(?:\s*(?:days?|d|días?|dias?))?$", re.IGNORECASE)


def parse_date(text: str, language: str, *, today: date) -> date:
    """Day first everywhere except English, where 12/31/2026 is read month first when it must be."""
    value = text.strip()
    try:
        if match := ISO.match(value):
            year, month, day = map(int, match.groups())
        elif match := DAY_FIRST.match(value):
            day, month, year = map(int, match.groups())
            if language == "en" and month > 12 >= day:
                day, month = month, day
            year += 2000 if year < 100 else 0
        elif match := DAYS.match(value):
            return today + timedelta(days=int(match.group(1)))
        else:
            raise ValueError(value)
        chosen = date(year, month, day)
    except ValueError:
        raise Invalid(
            N_("I couldn't read that date. Try 31/12/2026 or a number of days.")
        ) from None
    if chosen < today:
        raise Invalid(N_("That date is in the past."))
    return chosen
