"""Upgrading gives businesses of a one-clock country their zone; the others keep UTC until the
owner picks (Spain: Madrid or Canarias), rather than a guess."""

from __future__ import annotations

from tortoise import Tortoise
from tortoise.migrations.api import migrate as tortoise_migrate

from assent.db import close_database, migrate, open_database, tortoise_config
from models import Business
from tests.factories.old_rows import insert_as_of

BEFORE = "models.0008_client_search"


async def test_one_clock_countries_get_their_zone_the_others_keep_utc(empty_url: str) -> None:
    config = tortoise_config(empty_url)
    await tortoise_migrate(config=config, target=BEFORE)
    await Tortoise.close_connections()
    await open_database(empty_url)
    try:
        for country in ("RO", "ES", "AE", ""):
            await insert_as_of(Business(name=f"Shop {country}", country=country))
        await insert_as_of(Business(name="Chosen", country="MX", timezone="America/Tijuana"))
    finally:
        await close_database()

    await migrate(empty_url)
    await open_database(empty_url)
    try:
        zones = {b.name: b.timezone for b in await Business.all()}
    finally:
        await close_database()
    assert zones == {
        "Shop RO": "Europe/Bucharest",
        "Shop ES": "UTC",
        "Shop AE": "Asia/Dubai",
        "Shop ": "UTC",
        "Chosen": "America/Tijuana",
    }
