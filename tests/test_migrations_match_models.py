"""The committed migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

from pathlib import Path

from tortoise import Tortoise
from tortoise.cli.cli import tortoise_cli_context
from tortoise.migrations.autodetector import MigrationAutodetector

from assent.db import close_database, migrate, open_database, tortoise_config
from models import MODEL_MODULES


async def test_makemigrations_finds_nothing_to_do() -> None:
    config = tortoise_config("sqlite://:memory:")
    async with tortoise_cli_context(config) as ctx:
        writers = await MigrationAutodetector(ctx.apps, config["apps"]).changes()
    assert [writer.name for writer in writers] == []


async def test_a_new_sqlite_file_migrates(tmp_path: Path) -> None:
    url = f"sqlite://{tmp_path}/nested/new.sqlite3"
    await migrate(url)
    await open_database(url)
    try:
        assert await Tortoise.get_connection("sqlite").execute_query('SELECT * FROM "sequence"')
    finally:
        await close_database()


async def test_an_empty_database_migrates_twice_and_has_every_table(db_url: str) -> None:
    await migrate(db_url)  # the fixture migrated an empty database: a second run is a no-op
    await open_database(db_url)
    try:
        tables = {model._meta.db_table for model in Tortoise.apps.get_models_iterable()}
        connection = Tortoise.get_connection(next(iter(tortoise_config(db_url)["connections"])))
        for table in tables:
            await connection.execute_query(f'SELECT COUNT(*) FROM "{table}"')
    finally:
        await close_database()
    assert len(MODEL_MODULES) == 10 and len(tables) >= 20
