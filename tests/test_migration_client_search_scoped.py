"""Upgrading to 0011 fills the duplicate-detection keys of existing clients and remakes the search
indexes per business: old clients are found by search and by a near-duplicate name after it."""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise import Tortoise
from tortoise.migrations.api import migrate as tortoise_migrate

from assent.db import close_database, migrate, open_database, tortoise_config
from billing.clients.search import find_duplicates, search_clients
from models import Business, Client
from models.search_keys import client_search_text, email_key, name_key, phone_key, tax_key
from tests.factories.old_rows import insert_as_of

BEFORE = "models.0010_telegram_updates"


async def _insert_before(business: Business, name: str) -> None:
    """A client row as 0010's schema holds it, with the keys 0010's code derived."""
    client = Client(business_id=business.id, display_name=name, billing_city="Sevilla")
    values = {field: getattr(client, field) for field in Client._meta.db_fields}
    now = datetime.now(UTC)
    client.update_from_dict({
        "name_key": name_key(name), "email_key": email_key(""), "phone_key": phone_key(""),
        "tax_key": tax_key(""), "created_at": now, "updated_at": now,
        "search_text": client_search_text(values),
    })
    await insert_as_of(client)


async def test_old_clients_are_searched_and_matched_after_the_upgrade(empty_url: str) -> None:
    await tortoise_migrate(config=tortoise_config(empty_url), target=BEFORE)
    await Tortoise.close_connections()
    await open_database(empty_url)
    try:
        north = await insert_as_of(Business(name="North", country="ES"))
        south = await insert_as_of(Business(name="South", country="ES"))
        for business in (north, south):
            await _insert_before(business, "Ferretería Ruiz S.L.")
    finally:
        await close_database()

    await migrate(empty_url)
    await open_database(empty_url)
    try:
        for business in (north, south):
            own = await Client.get(business=business)
            assert own.name_words == "ferreteria ruiz sl"
            assert own.name_key_reversed == "ls ziur aireterref"
            clients, total = await search_clients(business, "rreteria")
            assert [client.id for client in clients] == [own.id] and total == 1
            near = await find_duplicates(business, name="Ruiz Ferreteria SL")
            assert [client.id for client in near] == [own.id]
    finally:
        await close_database()
