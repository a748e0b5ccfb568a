"""A throwaway PostgreSQL cluster for one test run: clusters are slow to make, databases are not.

Tests get a fresh database each from `create_database`; the cluster itself lives in a temp dir,
listens on a free loopback port with trust auth, and is stopped by `pg_ctl` when the run ends.
"""

import atexit
import re
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

from tests.services.host import as_unprivileged, find_binary, run, scratch_dir, tail, terminate
from tests.services.ports import LOOPBACK, free_port

PG_BIN_DIRS = ("/usr/lib/postgresql/*/bin",)
SUPERUSER = "postgres"
# Durability is pointless for a cluster deleted at exit, and fsync costs seconds on CI disks.
SERVER_OPTIONS = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
DATABASE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


class PostgresCluster:
    """initdb + pg_ctl as `nobody` (initdb refuses root), on 127.0.0.1 and a free port."""

    def __init__(self) -> None:
        self.port = 0
        self._dir: Path | None = None
        self._pg_ctl = ""
        self._psql = ""

    def start(self) -> None:
        initdb = find_binary("initdb", "postgresql", PG_BIN_DIRS)
        self._pg_ctl = find_binary("pg_ctl", "postgresql", PG_BIN_DIRS)
        self._psql = find_binary("psql", "postgresql-client", PG_BIN_DIRS)
        self._dir = scratch_dir("assent-pg-")
        self.port = free_port()
        atexit.register(self.stop)
        data = self._dir / "data"
        try:
            run(
                as_unprivileged([
                    initdb, "-D", str(data), "-U", SUPERUSER, "--auth=trust",
                    "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions",
                ]),
                cwd=self._dir,
            )
            options = (
                f"-p {self.port} -k {self._dir} -c listen_addresses={LOOPBACK} {SERVER_OPTIONS}"
            )
            run(
                as_unprivileged([
                    self._pg_ctl, "-D", str(data), "-o", options, "-l", str(self._dir / "log"),
                    "start", "-w", "-t", "30",
                ]),
                cwd=self._dir,
            )
        except Exception as error:
            log = tail(self._dir / "log")
            self.stop()
            raise RuntimeError(f"PostgreSQL did not start: {error}\n{log}") from error

    def stop(self) -> None:
        """Fast shutdown, then delete everything; safe to call twice and from atexit."""
        atexit.unregister(self.stop)
        if self._dir is None:
            return
        data = self._dir / "data"
        if (data / "postmaster.pid").exists():
            try:
                run(as_unprivileged([self._pg_ctl, "-D", str(data), "stop", "-m", "fast", "-w"]),
                    cwd=self._dir, timeout=30)
            except Exception:
                self._kill_postmaster(data)
        shutil.rmtree(self._dir, ignore_errors=True)
        self._dir = None

    def restart(self) -> None:
        """Fast shutdown and start again on the same port: every open connection is cut."""
        if self._dir is None:
            raise RuntimeError("PostgresCluster is not started")
        data = self._dir / "data"
        run(as_unprivileged([self._pg_ctl, "-D", str(data), "restart", "-m", "fast", "-w",
                             "-t", "30"]), cwd=self._dir, timeout=60)

    def url(self, database: str) -> str:
        """The URL Tortoise and asyncpg accept for a database in this cluster."""
        return f"postgres://{SUPERUSER}@{LOOPBACK}:{self.port}/{database}"

    def create_database(self, name: str, template: str = "template0") -> str:
        """A fresh database for one test or module, a copy of `template`; returns its URL.

        Copying a migrated template is a file copy inside the server, far cheaper than running
        every migration again for each test."""
        self._sql(f'CREATE DATABASE "{_checked(name)}" TEMPLATE "{_checked(template)}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop even while a leaked connection holds it, so one bad test cannot jam the next."""
        self._sql(f'DROP DATABASE IF EXISTS "{_checked(name)}" WITH (FORCE)')

    def restore(self, name: str, dump: Path) -> str:
        """A new database `name` holding a plain `pg_dump` file (as psql replays it); its URL."""
        url = self.create_database(name)
        self._psql_run(["-d", _checked(name), "-f", str(dump.resolve())])
        return url

    def dump(self, name: str, out: Path) -> None:
        """A plain-SQL dump of `name` without owners or grants, so any cluster restores it."""
        pg_dump = find_binary("pg_dump", "postgresql-client", PG_BIN_DIRS)
        run(
            [pg_dump, "-h", LOOPBACK, "-p", str(self.port), "-U", SUPERUSER, "--no-owner",
             "--no-privileges", "-f", str(out.resolve()), _checked(name)],
            cwd=self._dir,
        )

    def _sql(self, statement: str) -> None:
        self._psql_run(["-d", "postgres", "-c", statement])

    def _psql_run(self, arguments: list[str]) -> None:
        if self._dir is None:
            raise RuntimeError("PostgresCluster is not started")
        run(
            [self._psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", LOOPBACK, "-p", str(self.port),
             "-U", SUPERUSER, *arguments],
            cwd=self._dir,
        )

    @staticmethod
    def _kill_postmaster(data: Path) -> None:
        try:
            pid = int((data / "postmaster.pid").read_text().split()[0])
        except (FileNotFoundError, IndexError, ValueError):
            return
        terminate(pid)

    def __enter__(self) -> "PostgresCluster":
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _checked(name: str) -> str:
    """Database names go into SQL unparameterised, so only plain identifiers are allowed."""
    if not DATABASE_NAME.fullmatch(name):
        raise ValueError(f"not a plain database name: {name!r}")
    return name


def scratch_database(cluster: PostgresCluster, template: str) -> Iterator[str]:
    """Yield the URL of a new copy of `template`, dropped when the generator closes."""
    name = f"test_{uuid.uuid4().hex[:16]}"
    url = cluster.create_database(name, template)
    try:
        yield url
    finally:
        cluster.drop_database(name)
