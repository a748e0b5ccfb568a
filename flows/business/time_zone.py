"""The business's time zone as a question: asked at setup only where the country has several
clocks (Spain with Canarias, Mexico, Brazil, the United States…), editable in /settings."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import get_timezone_location

from billing.businesses.clock import country_zones, default_zone, find_zone, is_zone
from flows.context import Context
from flows.errors import Invalid
from flows.fields import Field
from flows.flow import N_
from flows.replies import Choice
from flows.typed import label_key


def show_zone(ctx: Context, zone: str) -> str:
    """A zone by its city, in the reader's language: "Ciudad de México", "Canarias"."""
    if not is_zone(zone) or zone == "UTC":
        return zone
    return str(get_timezone_location(ZoneInfo(zone), locale=ctx.language, return_city=True))


def _country(ctx: Context, values: dict[str, Any]) -> str:
    return values.get("country") or (ctx.business.country if ctx.business else "")


async def zone_choices(ctx: Context, values: dict[str, Any]) -> list[Choice]:
    return [Choice(show_zone(ctx, zone), zone) for zone in country_zones(_country(ctx, values))]


def parse_zone(ctx: Context, text: str) -> str:
    """A zone name (Europe/Madrid, any case) or a city of the country's zones as shown."""
    wanted = label_key(text)
    for zone in country_zones(_country(ctx, ctx.answers)):
        city = label_key(show_zone(ctx, zone))
        if wanted in (city, label_key(zone), label_key(zone.rsplit("/", 1)[-1])):
            return zone
    named = find_zone(text)
    if named is not None:
        return named
    raise Invalid(
        N_("I don't know that time zone. Tap one, or type a zone like Europe/Madrid."),
    )


def _asked_at_setup(values: dict[str, Any]) -> bool:
    country = values.get("country") or ""
    return bool(country_zones(country)) and default_zone(country) is None


def zone_field(*, at_setup: bool) -> Field:
    """At setup: only for countries with several clocks (the others get theirs without a
    question); in /settings: always, to correct it."""
    return Field(
        "timezone",
        N_("Time zone"),
        N_("Which time zone are you in? Dates, validity and reminders follow it."),
        parse_zone,
        required=True,
        when=_asked_at_setup if at_setup else None,
        choices=zone_choices,
        show=show_zone,
    )
