"""Statements Tortoise cannot say in one round trip: a multi-row INSERT, an upsert that
returns the row. Written once here with each backend's placeholders ("?" on SQLite, "$n" on
PostgreSQL), so callers pass values, never text, into the SQL."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model


def connection_for(model: type[Model]) -> BaseDBAsyncClient:
    """The connection (or, inside `in_transaction`, the transaction) the model's queries use."""
    return Tortoise.get_connection(model._meta.default_connection)


def placeholders(connection: BaseDBAsyncClient, count: int, start: int = 0) -> list[str]:
    if connection.capabilities.dialect == "postgres":
        return [f"${n}" for n in range(start + 1, start + count + 1)]
    return ["?"] * count


async def fetch_one(model: type[Model], sql: str, values: Sequence[Any]) -> dict[str, Any] | None:
    """The first row of `sql`, whose `{}` slots become the backend's placeholders for
    `values`, on the model's connection; None when there is none."""
    connection = connection_for(model)
    rows = await connection.execute_query_dict(
        sql.format(*placeholders(connection, len(values))), list(values)
    )
    return rows[0] if rows else None


async def insert_rows(
    model: type[Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """One INSERT of all `rows` (values in the column's database form, e.g. JSON as text):
    one statement, atomic without a transaction of its own."""
    if not rows:
        return
    connection = connection_for(model)
    names = ", ".join(f'"{column}"' for column in columns)
    groups = [
        "(" + ", ".join(placeholders(connection, len(columns), n * len(columns))) + ")"
        for n in range(len(rows))
    ]
    sql = f'INSERT INTO "{model._meta.db_table}" ({names}) VALUES {", ".join(groups)}'
    await connection.execute_query(sql, [value for row in rows for value in row])
