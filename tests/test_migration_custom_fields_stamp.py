"""Upgrading to 0013 stamps each business that already has custom client fields, so a dialog
asks them (an empty stamp means "none", and is never looked up)."""

from __future__ import annotations

from tortoise import Tortoise
from tortoise.migrations.api import migrate as tortoise_migrate

from assent.db import close_database, migrate, open_database, tortoise_config
from flows.clients.custom_answers import KeptFields
from models import Business, CustomField
from tests.factories.old_rows import insert_as_of

BEFORE = "models.0012_update_attempts"


async def test_businesses_with_fields_are_stamped_the_others_stay_empty(empty_url: str) -> None:
    await tortoise_migrate(config=tortoise_config(empty_url), target=BEFORE)
    await Tortoise.close_connections()
    await open_database(empty_url)
    try:
        asks = await insert_as_of(Business(name="Asks", country="ES"))
        await insert_as_of(Business(name="Plain", country="ES"))
        await insert_as_of(CustomField(business_id=asks.id, name="Sector", position=1))
    finally:
        await close_database()

    await migrate(empty_url)
    await open_database(empty_url)
    try:
        asks, plain = await Business.get(name="Asks"), await Business.get(name="Plain")
        assert asks.custom_fields_stamp and not plain.custom_fields_stamp
        kept = KeptFields()
        assert [field.label for field in await kept.fields(asks)] == ["Sector"]
        assert await kept.fields(plain) == ()
    finally:
        await close_database()
