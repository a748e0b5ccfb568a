"""Rows for a database migrated only part of the way, as the migration tests need them.

The models always describe the newest schema, so `Business.create` on a database stopped at an
older migration names columns it does not have yet. `insert_as_of` writes a model instance with
just the columns its table has now, whichever migration added the others.
"""

from __future__ import annotations

from typing import TypeVar

from tortoise import Tortoise
from tortoise.models import Model

M = TypeVar("M", bound=Model)


async def insert_as_of(instance: M) -> M:
    """Insert `instance` (unsaved) with the columns its table has; its id is set."""
    meta = instance._meta
    connection = Tortoise.get_connection(meta.default_connection)
    postgres = connection.capabilities.dialect == "postgres"
    if postgres:
        rows = await connection.execute_query_dict(
            "SELECT column_name AS name FROM information_schema.columns WHERE table_name = $1",
            [meta.db_table],
        )
    else:
        rows = await connection.execute_query_dict(f'PRAGMA table_info("{meta.db_table}")')
    present = {row["name"] for row in rows}
    values = {
        meta.fields_db_projection[name]: field.to_db_value(getattr(instance, name), instance)
        for name, field in meta.fields_map.items()
        if name in meta.fields_db_projection and meta.fields_db_projection[name] in present
        and not field.pk
    }
    marks = ", ".join(f"${i}" if postgres else "?" for i in range(1, len(values) + 1))
    columns = ", ".join(f'"{column}"' for column in values)
    sql = (f'INSERT INTO "{meta.db_table}" ({columns}) VALUES ({marks}) '
           f'RETURNING "{meta.db_pk_column}"')
    inserted = await connection.execute_query_dict(sql, list(values.values()))
    instance.pk = inserted[0][meta.db_pk_column]
    instance._saved_in_db = True
    return instance
