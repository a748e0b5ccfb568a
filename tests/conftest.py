"""Shared fixtures: every database test runs on SQLite and on a real PostgreSQL.

ASSENT_TEST_DB=sqlite (or postgres) narrows a local run to one leg; `make test` runs both.
Each test gets its own migrated database and its own Tortoise connection, closed afterwards.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from assent.db import close_database, migrate, open_database
from tests.services.ports import free_port
from tests.services.postgres import PostgresCluster, scratch_database

pytest_plugins = ["tests.services.plugin"]

LEGS = [leg for leg in ("sqlite", "postgres") if os.environ.get("ASSENT_TEST_DB", leg) == leg]


@pytest.fixture(autouse=True)
def _own_web_port(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every `assent run` a test starts serves the client pages on a port of its own: tests run
    side by side (pytest-xdist), and two on 127.0.0.1:8080 would refuse each other's start."""
    monkeypatch.setenv("ASSENT_WEB_PORT", str(free_port()))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrate once per run; each test copies the file, which is far cheaper than migrating."""
    import asyncio

    path = tmp_path_factory.mktemp("sqlite-template") / "template.sqlite3"
    asyncio.run(migrate(f"sqlite://{path}"))
    return path


@pytest.fixture(params=LEGS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """URL of a fresh, migrated database for this test on the requested leg."""
    if request.param == "sqlite":
        target = tmp_path / "assent.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), target)
        return f"sqlite://{target}"
    return request.getfixturevalue("postgres_migrated_url")


@pytest.fixture(scope="session")
def postgres_template(postgres_cluster: PostgresCluster) -> str:
    """A database migrated once per run, the template every migrated test database copies."""
    import asyncio

    name = "assent_migrated_template"
    asyncio.run(migrate(postgres_cluster.create_database(name)))
    return name


@pytest.fixture
def postgres_migrated_url(
    postgres_cluster: PostgresCluster, postgres_template: str
) -> Iterator[str]:
    """A fresh migrated database for one test, dropped afterwards."""
    yield from scratch_database(postgres_cluster, postgres_template)


@pytest.fixture
async def db(db_url: str) -> AsyncIterator[str]:
    """An open Tortoise connection to a fresh database; yields its URL for subprocess tests."""
    await open_database(db_url)
    try:
        yield db_url
    finally:
        await close_database()


@pytest.fixture(params=LEGS)
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database nothing has migrated yet, for upgrade tests to migrate part of the way."""
    if request.param == "sqlite":
        return f"sqlite://{tmp_path}/upgrade.sqlite3"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def postgres_only_url(request: pytest.FixtureRequest) -> str:
    """A fresh migrated PostgreSQL database, skipped when the run is narrowed to SQLite."""
    if "postgres" not in LEGS:
        pytest.skip("ASSENT_TEST_DB=sqlite: scale-out needs PostgreSQL")
    return request.getfixturevalue("postgres_migrated_url")


@pytest.fixture
async def postgres_db(postgres_only_url: str) -> AsyncIterator[str]:
    """An open connection to it, for what only several processes sharing one database show
    (scale-out)."""
    await open_database(postgres_only_url)
    try:
        yield postgres_only_url
    finally:
        await close_database()
