"""The two reads every dialog event starts with, each one statement.

An event used to cost five before its flow ran: does the state row exist, create it, lock it,
re-read the user, check the membership, read the business (and the last two again after the
transaction). Every round trip inside the transaction holds the state row's lock, and on SQLite
the only connection, so they are folded here:

- `lock_state_row`: an upsert that makes the chat's row if it is new and returns it locked
  (PostgreSQL locks the row an `ON CONFLICT DO UPDATE` touches, as `SELECT … FOR UPDATE`
  would; SQLite's write transaction holds the database). Two first events of one chat no
  longer race to insert: the second waits on the unique key, then updates.
- `acting_for`: the user's row read afresh, joined with the business they currently act for
  if, and only if, they still hold a membership there. Nothing is cached between events, so a
  removed membership takes effect on the very next event, in every worker.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from models import Business, DialogState, Membership, User
from models.raw_sql import fetch_one

STATE = DialogState._meta.db_table


async def lock_state_row(channel: str, chat_id: str, user: User) -> DialogState:
    """The chat's dialog state, created empty on first contact, locked until the transaction
    that called this ends."""
    columns = '"channel", "chat_id", "user_id", "flow", "step", "data", "version", "updated_at"'
    values: list[Any] = [channel, chat_id, user.id, "", "", json.dumps({}), 0, datetime.now(UTC)]
    sql = (
        f'INSERT INTO "{STATE}" ({columns}) VALUES ({", ".join(["{}"] * len(values))}) '
        'ON CONFLICT ("channel", "chat_id", "user_id") '
        f'DO UPDATE SET "version" = "{STATE}"."version" RETURNING *'
    )
    row = await fetch_one(DialogState, sql, values)
    assert row is not None  # an upsert always returns its row
    return DialogState._init_from_db(**row)


def _aliased(model: type[Any], table: str) -> list[str]:
    """`u."name" AS "u__name"`, …: the columns as Tortoise knows them once it is initialised
    (foreign key columns appear only then, so this is not computed at import)."""
    return [f'{table}."{c}" AS "{table}__{c}"' for c in model._meta.db_fields]


def _columns(model: type[Any], table: str, row: dict[str, Any]) -> dict[str, Any]:
    return {c: row[f"{table}__{c}"] for c in model._meta.db_fields}


async def acting_for(user: User) -> Business | None:
    """Refresh `user` from its row; the business it acts for, if still a member of it."""
    sql = (
        f"SELECT {', '.join(_aliased(User, 'u') + _aliased(Business, 'b'))} "
        f'FROM "{User._meta.db_table}" u '
        f'LEFT JOIN "{Membership._meta.db_table}" m ON m."user_id" = u."id" '
        'AND m."business_id" = u."current_business_id" '
        f'LEFT JOIN "{Business._meta.db_table}" b ON b."id" = m."business_id" '
        'WHERE u."id" = {}'
    )
    row = await fetch_one(User, sql, [user.id])
    if row is None:
        raise User.DoesNotExist(User)
    fresh = User._init_from_db(**_columns(User, "u", row))
    for name in User._meta.fields_db_projection:
        setattr(user, name, getattr(fresh, name))
    if row["b__id"] is None:
        return None
    return Business._init_from_db(**_columns(Business, "b", row))
