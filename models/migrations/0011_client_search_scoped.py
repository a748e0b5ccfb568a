"""Client search scoped to one business in every index, and duplicate detection by index.

Adds the name key read backwards and the name's words in alphabetical order, whose btree
neighbours are a new client's near-duplicates, and remakes the search indexes of 0008 from
models.search_indexes: the SQLite FTS5 table keyed by business (rowid = business * 2^32 + id,
contentless), the PostgreSQL trigram index with the business in it (btree_gin), and no trigram
index on the name key (duplicates no longer use it).
"""

from typing import Any

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

from models.search_indexes import create_search_indexes, drop_search_indexes
from models.search_keys import name_words


async def fill_and_index(apps: Any, schema_editor: Any) -> None:
    client = schema_editor.client
    postgres = client.capabilities.dialect == "postgres"
    mark = (lambda i: f"${i}") if postgres else (lambda i: "?")
    _, rows = await client.execute_query('SELECT "id", "display_name", "name_key" FROM "client"')
    for row in rows:
        await client.execute_query(
            f'UPDATE "client" SET "name_key_reversed" = {mark(1)}, "name_words" = {mark(2)} '
            f'WHERE "id" = {mark(3)}',
            [row["name_key"][::-1], name_words(row["display_name"]), row["id"]],
        )
    for legacy in ("client_name_key_trgm", "client_search_trgm"):  # made by 0008
        await client.execute_script(f'DROP INDEX IF EXISTS "{legacy}"')
    await drop_search_indexes(client)
    await create_search_indexes(client)


class Migration(migrations.Migration):
    dependencies = [('models', '0010_telegram_updates')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Client',
            name='name_key_reversed',
            field=fields.CharField(default='', db_default='', max_length=200),
        ),
        ops.AddField(
            model_name='Client',
            name='name_words',
            field=fields.CharField(default='', db_default='', max_length=200),
        ),
        ops.RunPython(fill_and_index),
    ]
