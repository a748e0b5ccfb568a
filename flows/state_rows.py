"""What every dialog event starts with, in one statement: the state row, locked, and who acts.

An event used to cost five before its flow ran: does the state row exist, create it, lock it,
re-read the user, check the membership, read the business (and the last two again after the
transaction). Every round trip inside the transaction holds the state row's lock, and on SQLite
the only connection, so they are folded into `open_step`:

- the state row comes from an upsert that makes the chat's row if it is new and returns it
  locked (PostgreSQL locks the row an `ON CONFLICT DO UPDATE` touches, as `SELECT … FOR
  UPDATE` would; SQLite's write transaction holds the database). Two first events of one chat
  never race to insert: the second waits on the unique key, then updates;
- the same statement reads the user's row afresh, joined with the business they currently act
  for if, and only if, they still hold a membership there. Nothing about either is kept between
  events, so a removed membership or a changed setting takes effect on the very next event, in
  every worker. PostgreSQL joins on the upsert's rows in a data-modifying CTE; SQLite allows no
  DML in a CTE but does allow a subquery in RETURNING, which hands both rows back as JSON
  arrays of the values exactly as stored (text, integers, NULL), decoded by the same
  `_init_from_db` as any row.

`acting_for` is the user-and-business half alone, for reads outside a dialog's transaction.
"""

from __future__ import annotations

import functools
import json
from datetime import UTC, datetime
from typing import Any

from models import Business, DialogState, Membership, User
from models.raw_sql import connection_for, fetch_one

STATE = DialogState._meta.db_table
USERS = f'"{User._meta.db_table}" u'
# The business `u` acts for, only while `u` still holds a membership there.
MEMBER_OF = (
    f'LEFT JOIN "{Membership._meta.db_table}" m ON m."user_id" = u."id" '
    'AND m."business_id" = u."current_business_id" '
    f'LEFT JOIN "{Business._meta.db_table}" b ON b."id" = m."business_id"'
)
COLUMNS = ("channel", "chat_id", "user_id", "flow", "step", "data", "version", "updated_at")
NAMES = ", ".join(f'"{c}"' for c in COLUMNS)
UPSERT = (
    f'INSERT INTO "{STATE}" ({NAMES}) VALUES ({", ".join(["{}"] * len(COLUMNS))}) '
    'ON CONFLICT ("channel", "chat_id", "user_id") '
    f'DO UPDATE SET "version" = "{STATE}"."version"'
)


def _aliased(model: type[Any], table: str) -> list[str]:
    """`u."name" AS "u__name"`, …: the columns as Tortoise knows them once it is initialised
    (foreign key columns appear only then, so none of this SQL is built at import)."""
    return [f'{table}."{c}" AS "{table}__{c}"' for c in model._meta.db_fields]


def _columns(model: type[Any], table: str, row: dict[str, Any]) -> dict[str, Any]:
    return {c: row[f"{table}__{c}"] for c in model._meta.db_fields}


def _json_row(model: type[Any], table: str) -> str:
    """One table's columns as a JSON array in `db_fields` order (an argument per column:
    SQLite allows 127)."""
    return "json_array(" + ", ".join(f'{table}."{c}"' for c in model._meta.db_fields) + ")"


def _listed(model: type[Any], values: list[Any]) -> dict[str, Any]:
    return dict(zip(model._meta.db_fields, values, strict=True))


@functools.cache
def _open_sql(postgres: bool) -> str:
    if postgres:
        picked = _aliased(DialogState, "s") + _aliased(User, "u") + _aliased(Business, "b")
        return (f"WITH s AS ({UPSERT} RETURNING *) SELECT {', '.join(picked)} "
                f'FROM s JOIN {USERS} ON u."id" = s."user_id" {MEMBER_OF}')
    acting = (f'SELECT json_array({_json_row(User, "u")}, CASE WHEN b."id" IS NULL THEN NULL '
              f'ELSE {_json_row(Business, "b")} END) FROM {USERS} {MEMBER_OF} '
              f'WHERE u."id" = "{STATE}"."user_id"')
    return f'{UPSERT} RETURNING *, ({acting}) AS "acting"'


async def open_step(
    channel: str, chat_id: str, user: User
) -> tuple[DialogState, Business | None]:
    """The chat's dialog state, created empty on first contact and locked until the calling
    transaction ends, and the business `user` acts for (`user` is refreshed in place)."""
    postgres = connection_for(DialogState).capabilities.dialect == "postgres"
    values = [channel, chat_id, user.id, "", "", json.dumps({}), 0, datetime.now(UTC)]
    row = await fetch_one(DialogState, _open_sql(postgres), values)
    if postgres:
        if row is None:  # the user's row is gone
            raise User.DoesNotExist(User)
        state, person = _columns(DialogState, "s", row), _columns(User, "u", row)
        business = _columns(Business, "b", row) if row["b__id"] is not None else None
    else:
        assert row is not None  # an upsert always returns its row
        acting = json.loads(row.pop("acting") or "null")
        if acting is None:
            raise User.DoesNotExist(User)
        state, person = row, _listed(User, acting[0])
        business = _listed(Business, acting[1]) if acting[1] else None
    _refresh(user, person)
    found = Business._init_from_db(**business) if business is not None else None
    return DialogState._init_from_db(**state), found


def _refresh(user: User, columns: dict[str, Any]) -> None:
    fresh = User._init_from_db(**columns)
    for name in User._meta.fields_db_projection:
        setattr(user, name, getattr(fresh, name))


async def acting_for(user: User) -> Business | None:
    """Refresh `user` from its row; the business it acts for, if still a member of it."""
    picked = ", ".join(_aliased(User, "u") + _aliased(Business, "b"))
    row = await fetch_one(User, f'SELECT {picked} FROM {USERS} {MEMBER_OF} WHERE u."id" = {{}}',
                          [user.id])
    if row is None:
        raise User.DoesNotExist(User)
    _refresh(user, _columns(User, "u", row))
    if row["b__id"] is None:
        return None
    return Business._init_from_db(**_columns(Business, "b", row))
