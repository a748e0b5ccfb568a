"""Counts the SQL statements the application sends, where Tortoise hands them to the driver.

Every query Tortoise runs goes through one of its client's `execute_*` methods, and every
transaction through the wrapper's begin/commit/rollback (and savepoints on SQLite); wrapping
those on the SQLite and asyncpg client classes counts exactly what was sent, whatever code sent
it. `execute_many` (bulk_create) counts one statement per row, as the driver runs it. (SQLite's
own trace callback was tried and over-counts: it reports a statement again for each trigger it
fires, and the FTS5 module's internal reads.) Install once, then record inside `record()`.
"""

from __future__ import annotations

import contextlib
import functools
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from tortoise.backends.asyncpg.client import AsyncpgDBClient
from tortoise.backends.asyncpg.client import TransactionWrapper as AsyncpgTransaction
from tortoise.backends.base.client import TransactionalDBClient
from tortoise.backends.sqlite.client import SqliteClient, SqliteTransactionWrapper

CONTROL = frozenset({"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"})


class StatementLog:
    """What the driver ran while recording: the text of each statement, in order."""

    def __init__(self) -> None:
        self.recording = False
        self.statements: list[str] = []

    def seen(self, sql: str) -> None:
        # A statement a trigger runs is reported as "-- TRIGGER …": part of its parent.
        if self.recording and not sql.lstrip().startswith("--"):
            self.statements.append(" ".join(sql.split()))

    @contextlib.contextmanager
    def record(self) -> Iterator[list[str]]:
        """Record statements inside the block; yields the list they are appended to."""
        self.statements = []
        self.recording = True
        try:
            yield self.statements
        finally:
            self.recording = False

    @staticmethod
    def kinds(statements: list[str]) -> Counter[str]:
        return Counter(_verb(sql) for sql in statements)

    @staticmethod
    def data(statements: list[str]) -> int:
        return sum(1 for sql in statements if _verb(sql) not in CONTROL)

    @staticmethod
    def control(statements: list[str]) -> int:
        return sum(1 for sql in statements if _verb(sql) in CONTROL)


def _verb(sql: str) -> str:
    word = sql.split(None, 1)[0].upper().rstrip(";") if sql.strip() else ""
    return word


LOG = StatementLog()
QUERIES = ("execute_insert", "execute_query", "execute_query_dict", "execute_script")
TRANSACTIONS = {
    SqliteTransactionWrapper: {
        "begin": "BEGIN", "commit": "COMMIT", "rollback": "ROLLBACK", "savepoint": "SAVEPOINT",
        "release_savepoint": "RELEASE", "savepoint_rollback": "ROLLBACK TO",
    },
    # asyncpg's savepoint()/release_savepoint() call begin()/commit(): counted there.
    AsyncpgTransaction: {"begin": "BEGIN", "commit": "COMMIT", "rollback": "ROLLBACK"},
}


def _query(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    async def counted(self: Any, query: str, *args: Any, **kwargs: Any) -> Any:
        LOG.seen(query)
        return await method(self, query, *args, **kwargs)

    return counted


def _many(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    async def counted(self: Any, query: str, values: list, *args: Any, **kwargs: Any) -> Any:
        alone = not isinstance(self, TransactionalDBClient)  # then it opens its own
        for sql in ["BEGIN"] * alone + [query] * len(values) + ["COMMIT"] * alone:
            LOG.seen(sql)
        return await method(self, query, values, *args, **kwargs)

    return counted


def _control(method: Callable[..., Any], verb: str) -> Callable[..., Any]:
    @functools.wraps(method)
    async def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
        LOG.seen(verb)
        return await method(self, *args, **kwargs)

    return counted


def install() -> StatementLog:
    """Wrap the client methods (once per process); returns the log they write to."""
    if getattr(SqliteClient, "_statements_counted", False):
        return LOG
    for cls in (SqliteClient, SqliteTransactionWrapper, AsyncpgDBClient, AsyncpgTransaction):
        own = vars(cls)
        for name in QUERIES:
            if name in own:
                setattr(cls, name, _query(own[name]))
        if "execute_many" in own:
            cls.execute_many = _many(own["execute_many"])
        for name, verb in TRANSACTIONS.get(cls, {}).items():
            setattr(cls, name, _control(own[name], verb))
    SqliteClient._statements_counted = True
    return LOG
