"""The databases benches measure on: a SQLite file, or a database in a throwaway PostgreSQL
cluster started by the same code the tests use (tests/services), both migrated."""

from __future__ import annotations

import contextlib
import tempfile
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

from assent.db import migrate
from tests.services.postgres import PostgresCluster

KINDS = ("sqlite", "postgres")


@contextlib.asynccontextmanager
async def database(kind: str) -> AsyncIterator[str]:
    """The URL of an empty, migrated database of `kind`; everything is removed afterwards."""
    if kind == "postgres":
        cluster = PostgresCluster()
        cluster.start()
        try:
            url = cluster.create_database(f"bench_{uuid.uuid4().hex[:8]}")
            await migrate(url)
            yield url
        finally:
            cluster.stop()
        return
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite://{Path(folder) / 'bench.sqlite3'}"
        await migrate(url)
        yield url
