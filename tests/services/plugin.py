"""pytest fixtures that hand tests real servers: PostgreSQL, Dovecot IMAP and an SMTP sink.

Load with `pytest_plugins = ["tests.services.plugin"]` in the root conftest, or `-p
tests.services.plugin`. A missing server binary fails the test with the package to install;
ASSENT_TEST_SKIP_SERVICES=1 skips the tests that need PostgreSQL or Dovecot instead.
"""

import os
from collections.abc import Iterator
from typing import Protocol, TypeVar

import pytest

from tests.services.dovecot import DovecotServer
from tests.services.host import MissingBinary
from tests.services.postgres import PostgresCluster, scratch_database
from tests.services.smtp import SmtpSink

SKIP_ENV = "ASSENT_TEST_SKIP_SERVICES"


class _Service(Protocol):
    def start(self) -> None: ...
    def stop(self) -> None: ...


S = TypeVar("S", bound=_Service)


def _running(service: S) -> Iterator[S]:
    """Start, hand over, and stop even when the test failed; fail loudly if not installed."""
    if os.environ.get(SKIP_ENV) == "1":
        pytest.skip(f"{SKIP_ENV}=1: tests needing {type(service).__name__} are skipped")
    try:
        service.start()
    except MissingBinary as error:
        missing = str(error)
    else:
        missing = ""
    if missing:  # outside the except block, so the report is this one line
        pytest.fail(missing, pytrace=False)
    try:
        yield service
    finally:
        service.stop()


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    """One cluster for the whole run; make databases in it with create_database()."""
    yield from _running(PostgresCluster())


@pytest.fixture
def postgres_url(postgres_cluster: PostgresCluster) -> Iterator[str]:
    """A fresh empty database for one test, dropped afterwards (even with connections left)."""
    yield from scratch_database(postgres_cluster, "template0")


@pytest.fixture(scope="session")
def dovecot() -> Iterator[DovecotServer]:
    """One IMAP server for the run; give each test its own user (add_user) to keep them apart."""
    yield from _running(DovecotServer())


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    """A fresh sink per test, without AUTH; build SmtpSink(credentials=...) to test logins."""
    with SmtpSink() as sink:
        yield sink
