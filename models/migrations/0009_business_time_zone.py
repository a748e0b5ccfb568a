"""Businesses set up before time zones were asked ran on UTC: those in a country with one clock
get its zone (Romania: Europe/Bucharest); the others keep UTC until the owner picks theirs in
/settings → Business details, since guessing Madrid for a business in Canarias would be wrong."""

from typing import Any

from tortoise import migrations
from tortoise.migrations import operations as ops

from billing.businesses.clock import default_zone


async def zones_from_countries(apps: Any, schema_editor: Any) -> None:
    client = schema_editor.client
    _, rows = await client.execute_query(
        'SELECT "id", "country" FROM "business" WHERE "timezone" = \'UTC\''
    )
    mark = "$1" if client.capabilities.dialect == "postgres" else "?"
    other = "$2" if client.capabilities.dialect == "postgres" else "?"
    for row in rows:
        zone = default_zone(row["country"] or "")
        if zone is not None:
            sql = f'UPDATE "business" SET "timezone" = {mark} WHERE "id" = {other}'
            await client.execute_query(sql, [zone, row["id"]])


class Migration(migrations.Migration):
    dependencies = [('models', '0008_client_search')]

    initial = False

    operations = [
        ops.RunPython(zones_from_countries, ops.RunPython.noop),
    ]
