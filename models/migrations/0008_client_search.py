"""Client search at 100,000 clients per business: derived search columns and their indexes.

The derived columns (name, email, phone and tax-ID keys, search text) are filled here for
existing clients and by `Client.save` from then on. The indexes are dialect-specific, so they are
raw SQL: list indexes per business in name and in id order, exact-key indexes, pg_trgm GIN
indexes on PostgreSQL, and on SQLite an FTS5 trigram table kept in step with `client` by
triggers (substring search without scanning every row).
"""

from typing import Any

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

from models.search_keys import (
    CLIENT_SEARCHED,
    CONTACT_SEARCHED,
    client_search_text,
    email_key,
    name_key,
    phone_key,
    tax_key,
)

COMMON = [
    'CREATE INDEX "client_business_list" ON "client" ("business_id", "archived", "name_key", "id" DESC)',
    'CREATE INDEX "client_business_recent" ON "client" ("business_id", "archived", "id")',
    'CREATE INDEX "client_business_name_key" ON "client" ("business_id", "name_key")',
    'CREATE INDEX "client_business_email_key" ON "client" ("business_id", "email_key")',
    'CREATE INDEX "client_business_phone_key" ON "client" ("business_id", "phone_key")',
    'CREATE INDEX "client_business_tax_key" ON "client" ("business_id", "tax_key")',
    'CREATE INDEX "contact_client" ON "contact" ("client_id")',
    'CREATE INDEX "client_category_category" ON "client_category" ("category_id", "client_id")',
]
POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    'CREATE INDEX "client_search_trgm" ON "client" USING gin ("search_text" gin_trgm_ops)',
    'CREATE INDEX "client_name_key_trgm" ON "client" USING gin ("name_key" gin_trgm_ops)',
]
# One script: trigger bodies hold semicolons, which the statement-by-statement runner would split.
SQLITE = """
CREATE VIRTUAL TABLE "client_fts" USING fts5("search_text", "name_key", tokenize = 'trigram');
INSERT INTO "client_fts" ("rowid", "search_text", "name_key")
    SELECT "id", "search_text", "name_key" FROM "client";
CREATE TRIGGER "client_fts_insert" AFTER INSERT ON "client" BEGIN
    INSERT INTO "client_fts" ("rowid", "search_text", "name_key")
        VALUES (new."id", new."search_text", new."name_key");
END;
CREATE TRIGGER "client_fts_delete" AFTER DELETE ON "client" BEGIN
    DELETE FROM "client_fts" WHERE "rowid" = old."id";
END;
CREATE TRIGGER "client_fts_update" AFTER UPDATE OF "search_text", "name_key" ON "client" BEGIN
    UPDATE "client_fts" SET "search_text" = new."search_text", "name_key" = new."name_key"
        WHERE "rowid" = old."id";
END;
"""


async def fill_and_index(apps: Any, schema_editor: Any) -> None:
    client = schema_editor.client
    postgres = client.capabilities.dialect == "postgres"
    mark = (lambda i: f"${i}") if postgres else (lambda i: "?")
    columns = ", ".join(f'"{name}"' for name in ("id", *CLIENT_SEARCHED))
    _, rows = await client.execute_query(f'SELECT {columns} FROM "client"')
    contact_columns = ", ".join(f'"{name}"' for name in CONTACT_SEARCHED)
    for row in rows:
        _, contacts = await client.execute_query(
            f'SELECT {contact_columns} FROM "contact" WHERE "client_id" = {mark(1)}', [row["id"]]
        )
        _, values = await client.execute_query(
            f'SELECT "value" FROM "custom_field_value" WHERE "client_id" = {mark(1)}', [row["id"]]
        )
        text = client_search_text(row, contacts, (value["value"] for value in values))
        keys = [name_key(row["display_name"]), email_key(row["email"]), phone_key(row["phone"]),
                tax_key(row["tax_id"]), text]
        await client.execute_query(
            f'UPDATE "client" SET "name_key" = {mark(1)}, "email_key" = {mark(2)}, '
            f'"phone_key" = {mark(3)}, "tax_key" = {mark(4)}, "search_text" = {mark(5)} '
            f'WHERE "id" = {mark(6)}',
            [*keys, row["id"]],
        )
    for statement in COMMON + (POSTGRES if postgres else []):
        await client.execute_script(statement)
    if not postgres:
        await client.execute_script(SQLITE)


class Migration(migrations.Migration):
    dependencies = [('models', '0007_name_spellings')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Client',
            name='email_key',
            field=fields.CharField(default='', db_default='', max_length=254),
        ),
        ops.AddField(
            model_name='Client',
            name='name_key',
            field=fields.CharField(default='', db_default='', max_length=200),
        ),
        ops.AddField(
            model_name='Client',
            name='phone_key',
            field=fields.CharField(default='', db_default='', max_length=9),
        ),
        ops.AddField(
            model_name='Client',
            name='search_text',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
        ops.AddField(
            model_name='Client',
            name='tax_key',
            field=fields.CharField(default='', db_default='', max_length=40),
        ),
        ops.RunPython(fill_and_index),
    ]
