"""The business's clock: what day and time it is where the business is.

A proposal valid "until 31 March" is valid until the end of 31 March in the owner's zone, an
invoice issued at 23:30 in Mexico City is dated that day, and reminders count days the same way.
Every "today" in billing/, flows/ and mail/ comes from `today_for(business)`; the moment itself
stays an aware UTC datetime in the database.

A country's zones are read from the IANA tz database (the `tzdata` package's zone.tab). Zones
that keep the same clock all year (Ceuta and Madrid) are one choice, so Spain offers two
(peninsula, Canarias), Mexico six and the United States eight; a country with one clock gets
its zone without a question.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache
from importlib.resources import files
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from models import Business

DEFAULT_ZONE = "UTC"


def zone_of(business: Business) -> ZoneInfo:
    """The business's zone; a stored name the tz database no longer knows falls back to UTC."""
    return zone(business.timezone)


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or DEFAULT_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)


def now_for(business: Business, moment: datetime | None = None) -> datetime:
    """`moment` (default: now) on the business's wall clock."""
    return (moment or datetime.now(UTC)).astimezone(zone_of(business))


def today_for(business: Business, moment: datetime | None = None) -> date:
    """The date it is where the business is at `moment` (default: now)."""
    return now_for(business, moment).date()


@cache
def _zone_table() -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    text = files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            country, _coordinates, name, *_ = line.split("\t")
            table.setdefault(country, []).append(name)
    return {country: tuple(names) for country, names in table.items()}


def _clock(name: str, year: int) -> tuple[object, object]:
    """What a zone's clock reads in January and July: zones that agree are one choice."""
    info = ZoneInfo(name)
    return (
        datetime(year, 1, 15, tzinfo=info).utcoffset(),
        datetime(year, 7, 15, tzinfo=info).utcoffset(),
    )


# Where zone.tab's first zone of a clock is not the city its people know it by.
KNOWN_AS = {"America/Belem": "America/Sao_Paulo", "America/Campo_Grande": "America/Manaus"}


@cache
def country_zones(country: str, year: int = 2026) -> tuple[str, ...]:
    """The distinct clocks of a country, in zone.tab's order (its capital's zone first)."""
    distinct: dict[tuple[object, object], str] = {}
    for name in _zone_table().get(country.upper(), ()):
        distinct.setdefault(_clock(name, year), KNOWN_AS.get(name, name))
    zones = tuple(distinct.values())
    return tuple(sorted(zones, key=lambda name: name != "America/Sao_Paulo"))


def default_zone(country: str) -> str | None:
    """The zone of a country with one clock; None when the owner must say which (or unknown)."""
    zones = country_zones(country)
    return zones[0] if len(zones) == 1 else None


def is_zone(name: str) -> bool:
    return name in _known_zones().values()


def find_zone(text: str) -> str | None:
    """The tz database's name for a typed one in any case ("europe/madrid"), or None."""
    return _known_zones().get(text.strip().casefold())


@cache
def _known_zones() -> dict[str, str]:
    return {name.casefold(): name for name in available_timezones()}
