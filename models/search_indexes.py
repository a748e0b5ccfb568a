"""The indexes client search reads, per dialect, in one place: migration 0011 makes them, and a
bulk load (the client-search bench) drops them first and makes them again after, as any large
import should (building an index once is several times cheaper than keeping it up to date per
row: 200,000 clients load in seconds instead of minutes).

Every index leads with `business_id`, so a query of one business never reads another's entries.
The SQLite FTS5 trigram table cannot hold a business column it could seek on, so its rowid is
`business_id * BUSINESS_SPAN + client.id`: a rowid range is one business, and FTS5 seeks to it in
every posting list (before, a search in the second business walked all of the first business's
hits). The table is contentless: search only asks which rowids match, never for their text.
"""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient

# Client ids are 32-bit: the FTS rowids of a business are [business * SPAN, (business + 1) * SPAN).
BUSINESS_SPAN = 1 << 32

BTREE = {
    # The list in name order, newest first within a name, and its newest-first walk.
    "client_business_list": '"client" ("business_id", "archived", "name_key", "id" DESC)',
    "client_business_recent": '"client" ("business_id", "archived", "id")',
    "client_business_name_key": '"client" ("business_id", "name_key")',
    # Duplicate detection: a name's neighbours forwards and backwards, its words in any order.
    "client_business_name_key_reversed": '"client" ("business_id", "name_key_reversed")',
    "client_business_name_words": '"client" ("business_id", "name_words")',
    "client_business_email_key": '"client" ("business_id", "email_key")',
    "client_business_phone_key": '"client" ("business_id", "phone_key")',
    "client_business_tax_key": '"client" ("business_id", "tax_key")',
    "contact_client": '"contact" ("client_id")',
    "client_category_category": '"client_category" ("category_id", "client_id")',
}
# btree_gin puts the business in the trigram index: a search reads only its business's postings
# (with pg_trgm alone the bitmap held both businesses' hits and was ANDed with a 100,000-row one).
POSTGRES_TRIGRAM = {
    "client_business_search_trgm":
        '"client" USING gin ("business_id", "search_text" gin_trgm_ops)',
}
_ROWID = f'{{row}}."business_id" * {BUSINESS_SPAN} + {{row}}."id"'
_ADD = (f'INSERT INTO "client_fts" ("rowid", "search_text") '
        f'VALUES ({_ROWID.format(row="new")}, new."search_text");')
_REMOVE = (f'INSERT INTO "client_fts" ("client_fts", "rowid", "search_text") '
           f"VALUES ('delete', {_ROWID.format(row='old')}, old.\"search_text\");")
# One script: trigger bodies hold semicolons, which a statement-by-statement runner would split.
SQLITE_FTS = f"""
CREATE VIRTUAL TABLE "client_fts" USING fts5("search_text", tokenize = 'trigram', content = '');
INSERT INTO "client_fts" ("rowid", "search_text")
    SELECT {_ROWID.format(row='"client"')}, "search_text" FROM "client";
INSERT INTO "client_fts" ("client_fts") VALUES ('optimize');
CREATE TRIGGER "client_fts_insert" AFTER INSERT ON "client" BEGIN {_ADD} END;
CREATE TRIGGER "client_fts_delete" AFTER DELETE ON "client" BEGIN {_REMOVE} END;
CREATE TRIGGER "client_fts_update" AFTER UPDATE OF "search_text", "business_id" ON "client"
    BEGIN {_REMOVE} {_ADD} END;
"""
SQLITE_FTS_OBJECTS = (
    ("TRIGGER", "client_fts_insert"), ("TRIGGER", "client_fts_delete"),
    ("TRIGGER", "client_fts_update"), ("TABLE", "client_fts"),
)


def _postgres(db: BaseDBAsyncClient) -> bool:
    return db.capabilities.dialect == "postgres"


async def create_search_indexes(db: BaseDBAsyncClient) -> None:
    """Every search index, from the rows as they are (the FTS table is filled here too)."""
    postgres = _postgres(db)
    if postgres:
        await db.execute_script("CREATE EXTENSION IF NOT EXISTS pg_trgm; "
                                "CREATE EXTENSION IF NOT EXISTS btree_gin")
    for name, target in {**BTREE, **(POSTGRES_TRIGRAM if postgres else {})}.items():
        await db.execute_script(f'CREATE INDEX IF NOT EXISTS "{name}" ON {target}')
    if postgres:
        await db.execute_script('ANALYZE "client"')
    else:
        await db.execute_script(SQLITE_FTS + 'ANALYZE "client";')


async def drop_search_indexes(db: BaseDBAsyncClient) -> None:
    """Before a bulk load: rows then go in without any index or trigger work."""
    for name in (*BTREE, *(POSTGRES_TRIGRAM if _postgres(db) else {})):
        await db.execute_script(f'DROP INDEX IF EXISTS "{name}"')
    if not _postgres(db):
        for kind, name in SQLITE_FTS_OBJECTS:
            await db.execute_script(f'DROP {kind} IF EXISTS "{name}"')
