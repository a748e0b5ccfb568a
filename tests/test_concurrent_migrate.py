"""Several Assent processes started at once on a new database all come up.

Every `assent` command migrates before it starts (so `make run`, a worker or a one-shot command
never meets an old schema). Workers behind a proxy start together: without a lock, two of them
create the same tables at the same moment and one dies on "table already exists" (SQLite) or a
duplicate key in the catalog (PostgreSQL).
"""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli_support import cli_env
from tests.conftest import LEGS
from tests.services.postgres import PostgresCluster

PROCESSES = 4
# Four Python processes start and migrate one after another: minutes on a loaded 2-core box.
pytestmark = pytest.mark.timeout(600)


@pytest.fixture(params=LEGS)
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database nothing has migrated yet."""
    if request.param == "sqlite":
        yield f"sqlite://{tmp_path / 'fresh.sqlite3'}"
        return
    cluster: PostgresCluster = request.getfixturevalue("postgres_cluster")
    name = f"fresh_{uuid.uuid4().hex[:12]}"
    yield cluster.create_database(name)
    cluster.drop_database(name)


def test_processes_started_together_on_a_new_database_all_migrate(empty_url: str) -> None:
    env = cli_env(ASSENT_DATABASE_URL=empty_url, ASSENT_LOGGING_LEVEL="WARNING")
    started = [
        subprocess.Popen(
            [sys.executable, "-m", "assent.cli", "migrate"], env=env, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        for _ in range(PROCESSES)
    ]  # fmt: skip
    outcomes = [(process.wait(timeout=300), process.stderr.read()) for process in started]
    assert [code for code, _ in outcomes] == [0] * PROCESSES, [err for _, err in outcomes]
    again = subprocess.run(
        [sys.executable, "-m", "assent.cli", "migrate"], env=env, capture_output=True, text=True,
        timeout=300, check=False,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr


def test_a_sqlite_url_with_options_locks_the_file_it_names(tmp_path: Path) -> None:
    """`database.url = "sqlite:///…/a.sqlite3?synchronous=FULL"` still locks beside a.sqlite3."""
    env = cli_env(
        ASSENT_DATABASE_URL=f"sqlite://{tmp_path / 'a.sqlite3'}?synchronous=FULL",
        ASSENT_LOGGING_LEVEL="WARNING",
    )
    done = subprocess.run(
        [sys.executable, "-m", "assent.cli", "migrate"], env=env, capture_output=True, text=True,
        timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert sorted(path.name for path in tmp_path.glob("*.lock")) == ["a.sqlite3.migrate.lock"]
