"""Opening the database and bringing its schema up to date with the committed migrations."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from tortoise import Tortoise
from tortoise.migrations.api import migrate as tortoise_migrate

from models import MODEL_MODULES

APP = "models"


def tortoise_config(url: str) -> dict[str, Any]:
    """One app, one connection; sqlite paths are made to exist so a fresh clone starts."""
    if url.startswith("sqlite://") and url not in ("sqlite://:memory:",):
        Path(url.removeprefix("sqlite://")).parent.mkdir(parents=True, exist_ok=True)
    if url.startswith("postgresql://"):
        url = "postgres://" + url.removeprefix("postgresql://")
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


async def migrate(url: str) -> None:
    """Apply every committed migration that the database has not seen yet."""
    try:
        await tortoise_migrate(config=tortoise_config(url))
    finally:
        await Tortoise.close_connections()


async def open_database(url: str) -> None:
    await Tortoise.init(config=tortoise_config(url))


async def close_database() -> None:
    await Tortoise.close_connections()


@contextlib.asynccontextmanager
async def database(url: str, *, apply_migrations: bool = True) -> AsyncIterator[None]:
    """Migrate (idempotent), then hold the connection for the lifetime of the block."""
    if apply_migrations:
        await migrate(url)
    await open_database(url)
    try:
        yield
    finally:
        await close_database()


# What `python -m tortoise -c assent.db.DEVELOPMENT_CONFIG makemigrations` reads: the autodetector
# compares models with migration files, so an in-memory database is enough.
DEVELOPMENT_CONFIG = tortoise_config("sqlite://:memory:")
