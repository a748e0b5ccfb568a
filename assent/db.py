"""Opening the database and bringing its schema up to date with the committed migrations."""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

from tortoise import Tortoise
from tortoise.migrations.api import migrate as tortoise_migrate

from assent.settings import ConfigError
from billing.documents.pre_freeze import freeze_documents_issued_before_freezing
from models import MODEL_MODULES

APP = "models"


def tortoise_config(url: str) -> dict[str, Any]:
    """One app, one connection; sqlite paths are made to exist so a fresh clone starts."""
    if url.startswith("sqlite://") and url not in ("sqlite://:memory:",):
        Path(url.removeprefix("sqlite://")).parent.mkdir(parents=True, exist_ok=True)
    if url.startswith("postgresql://"):
        url = "postgres://" + url.removeprefix("postgresql://")
    url = _with_sqlite_pragmas(url)
    # Named by backend: Tortoise caches compiled INSERTs per connection name, so a process that
    # opens SQLite and then PostgreSQL (the test suite) must not reuse one name for both.
    name = "sqlite" if url.startswith("sqlite://") else "postgres"
    return {
        "connections": {name: url},
        "apps": {
            APP: {
                "models": MODEL_MODULES,
                "migrations": "models.migrations",
                "default_connection": name,
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


SQLITE_PRAGMAS = {"journal_mode": "WAL", "synchronous": "NORMAL"}


def _with_sqlite_pragmas(url: str) -> str:
    """A SQLite file is opened in WAL mode with synchronous=NORMAL (settings in the URL win).

    WAL: readers (`assent clients list` beside a running bot) never block the writer, and a
    commit appends to the log instead of rewriting pages. synchronous=NORMAL: in WAL mode SQLite
    then syncs the log at checkpoints, not at every commit; each dialog step commits, and the
    per-commit fsync was the longest wait of a step on a disk. The database stays consistent
    after any crash; an application crash loses nothing; only a power cut or kernel crash may
    drop the last commits before the checkpoint (SQLite's documentation of WAL). A deployment
    that must not lose them sets `?synchronous=FULL` in database.url, or runs PostgreSQL.
    """
    if not url.startswith("sqlite://") or ":memory:" in url:
        return url
    given = url.partition("?")[2]
    keys = {pair.partition("=")[0] for pair in given.split("&") if pair}
    extra = "&".join(f"{k}={v}" for k, v in SQLITE_PRAGMAS.items() if k not in keys)
    if not extra:
        return url
    return f"{url}{'&' if given else '?'}{extra}"


async def migrate(url: str) -> None:
    """Apply every committed migration that the database has not seen yet, then freeze the
    documents the first release issued before issuing froze them (billing.documents.pre_freeze).

    One process at a time per database (`_one_migrator`): workers started together would
    otherwise create the same tables at once and all but one die.
    """
    async with _one_migrator(url):
        try:
            await tortoise_migrate(config=tortoise_config(_without_foreign_keys(url)))
            await Tortoise.close_connections()
            await open_database(url)
            await _check_foreign_keys(url)
            await freeze_documents_issued_before_freezing()
        finally:
            await Tortoise.close_connections()


# pg_advisory_lock key shared by every Assent process migrating a PostgreSQL database.
MIGRATION_LOCK_KEY = 0x4153_4E54_4D49_4752 - (1 << 63)  # "ASNTMIGR", as a signed bigint


@contextlib.asynccontextmanager
async def _one_migrator(url: str) -> AsyncIterator[None]:
    """Hold the database's migration lock: a session advisory lock on PostgreSQL (released by the
    server if the process dies), an flock on `<file>.migrate.lock` next to a SQLite file (released
    by the kernel likewise). The others wait, then find nothing left to apply."""
    if url.startswith(("postgres://", "postgresql://")):
        import asyncpg  # not at start: a process on SQLite never loads it

        # Without the query: Tortoise's pool options (?maxsize=20) are no server settings.
        connection = await asyncpg.connect("postgresql://" + url.split("://", 1)[1].split("?")[0])
        try:
            await connection.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK_KEY)
            yield
        finally:
            await connection.close()  # ends the session, and with it the lock
        return
    lock_path = _lock_file(url, ".migrate.lock")
    if lock_path is None:
        yield
        return
    with open(lock_path, "a") as handle:
        await asyncio.to_thread(fcntl.flock, handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _without_foreign_keys(url: str) -> str:
    """On SQLite, migrate with foreign keys off, as SQLite's own table-rebuild procedure says.

    Removing or altering a column there rebuilds the table (create new, copy, DROP old, rename).
    With foreign keys on, that DROP is an implicit DELETE of every row: it fails on a table others
    reference (the upgrade of a first-release database failed so on `business` in 0004), and where
    the reference is ON DELETE CASCADE it would delete the children first. The rebuilt table
    keeps its ids, so every reference is whole again; `_check_foreign_keys` proves it.
    """
    if url.startswith("sqlite://") and ":memory:" not in url:
        return f"{url}{'&' if '?' in url else '?'}foreign_keys=OFF"
    return url


async def _check_foreign_keys(url: str) -> None:
    """After migrating SQLite with foreign keys off: refuse to go on if a reference dangles."""
    if not url.startswith("sqlite://"):
        return
    _, broken = await Tortoise.get_connection("sqlite").execute_query("PRAGMA foreign_key_check")
    if broken:
        found = [dict(row) for row in broken[:5]]
        raise ConfigError(f"database.url: migrating left references to missing rows: {found}")


async def open_database(url: str) -> None:
    await Tortoise.init(config=tortoise_config(url))


async def close_database() -> None:
    await Tortoise.close_connections()


@contextlib.asynccontextmanager
async def database(
    url: str, *, apply_migrations: bool = True, serving: bool = False
) -> AsyncIterator[None]:
    """Migrate (idempotent), then hold the connection for the lifetime of the block.

    `serving` marks a long-running process (run, bot, chat): on SQLite only one may use a file,
    since two writers there end in "database is locked" errors mid-event. The second is refused
    at start with a line naming database.url. One-shot commands (lists, a PDF) still run beside
    it: WAL lets them read, and the connection waits up to 5 s for a write lock.
    """
    with _sole_server(url) if serving else contextlib.nullcontext():
        if apply_migrations:
            await migrate(url)
        await open_database(url)
        try:
            yield
        finally:
            await close_database()


def _lock_file(url: str, suffix: str) -> Path | None:
    """The lock file beside a SQLite database file (made to exist); None for other databases.
    Options in the URL (`?synchronous=FULL`) are no part of the file's name."""
    path = url.removeprefix("sqlite://").partition("?")[0]
    if not url.startswith("sqlite://") or path == ":memory:":
        return None
    lock_path = Path(path + suffix)
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    return lock_path


@contextlib.contextmanager
def _sole_server(url: str) -> Iterator[None]:
    """Hold an exclusive lock on `<database>.lock` while serving from a SQLite file."""
    lock_path = _lock_file(url, ".lock")
    if lock_path is None:
        yield
        return
    with open(lock_path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            raise ConfigError(
                f"database.url: another Assent process (pid {holder}) is serving "
                f"{lock_path.with_suffix('')}; SQLite serves one at a time: stop it, or use "
                "PostgreSQL to run several"
            ) from None
        handle.truncate(0)
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)


# What `python -m tortoise -c assent.db.DEVELOPMENT_CONFIG makemigrations` reads: the autodetector
# compares models with migration files, so an in-memory database is enough.
DEVELOPMENT_CONFIG = tortoise_config("sqlite://:memory:")
