"""One listener per mailbox, however many processes are started: the others wait their turn.

Two listeners on one mailbox would fetch the same UIDs and race on the checkpoint. On
PostgreSQL the lock is a session advisory lock, held on a connection of its own for as long as
the listener runs; if that connection dies the lock is gone, which `alive()` reports so the
listener stops and queues again. A holder that stops answering without closing its socket (a
stopped process, a frozen VM) would hold it forever, so the lock is a lease: the holder pings
every HEARTBEAT_SECONDS and the server ends a session idle for LEASE_SECONDS
(idle_session_timeout), which frees the lock for a waiting listener; a holder that wakes up
later finds `alive()` false by its own clock before it touches the mailbox again.

On SQLite (one machine by definition) it is an flock on a file
next to the database. Either way the operating system or the server releases it when the
process dies, so a crash never leaves the mailbox orphaned.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import hashlib
import logging
import time
from pathlib import Path
from typing import IO, TYPE_CHECKING, Protocol
from urllib.parse import urlsplit, urlunsplit

if TYPE_CHECKING:
    import asyncpg

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 1.0
LEASE_SECONDS = 4.0  # the server's idle_session_timeout on the lock's connection
RETRY_SECONDS = 2.0  # how often a waiting listener asks for the lock


class MailboxLock(Protocol):
    # What try_acquire may raise when the lock cannot be asked for at all (the waiter retries).
    errors: tuple[type[Exception], ...]

    async def try_acquire(self) -> bool: ...
    def alive(self) -> bool: ...
    async def release(self) -> None: ...


def mailbox_lock(database_url: str, mailbox: str) -> MailboxLock:
    if database_url.startswith("sqlite://"):
        return FileLock(_lock_path(database_url, mailbox))
    return AdvisoryLock(database_url, lock_key(mailbox))


def lock_key(mailbox: str) -> int:
    """A signed 64-bit key, as pg_try_advisory_lock(bigint) takes, from user@host/mailbox."""
    return int.from_bytes(hashlib.sha256(mailbox.encode()).digest()[:8], "big", signed=True)


def _lock_path(database_url: str, mailbox: str) -> Path:
    path = database_url.removeprefix("sqlite://")
    folder = Path("var") if path in ("", ":memory:") else Path(path).parent
    digest = hashlib.sha256(mailbox.encode()).hexdigest()[:16]
    return folder / f"mailbox-{digest}.lock"


class FileLock:
    errors: tuple[type[Exception], ...] = (OSError,)

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: IO[str] | None = None

    async def try_acquire(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a")  # noqa: SIM115 - held open for as long as the lock lives
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        self._file = handle
        return True

    def alive(self) -> bool:
        return self._file is not None

    async def release(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None


class AdvisoryLock:
    """On PostgreSQL only: asyncpg (~2 MB resident) is imported here, not by a SQLite process."""

    def __init__(self, database_url: str, key: int) -> None:
        import asyncpg

        self.errors: tuple[type[Exception], ...] = (OSError, asyncpg.PostgresError)
        self.dsn = _dsn(database_url)
        self.key = key
        self._connection: asyncpg.Connection | None = None
        self._heartbeat: asyncio.Task[None] | None = None
        self._last_beat = 0.0

    async def try_acquire(self) -> bool:
        import asyncpg

        lease = {"idle_session_timeout": str(int(LEASE_SECONDS * 1000))}
        connection = await asyncpg.connect(self.dsn, timeout=10, server_settings=lease)
        try:
            held = await connection.fetchval("SELECT pg_try_advisory_lock($1)", self.key)
        except BaseException:
            await connection.close()
            raise
        if not held:
            await connection.close()
            return False
        self._connection = connection
        self._last_beat = time.monotonic()
        self._heartbeat = asyncio.create_task(self._beat(connection))
        return True

    def alive(self) -> bool:
        """Held, as far as this process can tell: the connection is open and answered within
        the lease (after a pause the server may already have let another listener in)."""
        return (
            self._connection is not None
            and not self._connection.is_closed()
            and time.monotonic() - self._last_beat < LEASE_SECONDS - HEARTBEAT_SECONDS
        )

    async def _beat(self, connection: asyncpg.Connection) -> None:
        import asyncpg

        while not connection.is_closed():
            await asyncio.sleep(HEARTBEAT_SECONDS)
            try:
                await asyncio.wait_for(connection.execute("SELECT 1"), LEASE_SECONDS)
            except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
                log.warning("listener lock connection lost: %r", error)
                connection.terminate()
                return
            self._last_beat = time.monotonic()

    async def release(self) -> None:
        heartbeat, self._heartbeat = self._heartbeat, None
        if heartbeat is not None:
            heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await heartbeat
        connection, self._connection = self._connection, None
        if connection is None or connection.is_closed():
            return
        with contextlib.suppress(Exception):  # closing the session releases it anyway
            await connection.fetchval("SELECT pg_advisory_unlock($1)", self.key)
        await connection.close()


def _dsn(database_url: str) -> str:
    """Tortoise's URL as asyncpg reads it: its scheme, without Tortoise's pool parameters."""
    parts = urlsplit(database_url)
    return urlunsplit(("postgres", parts.netloc, parts.path, "", ""))


async def wait_for_lock(
    lock: MailboxLock, mailbox: str, stop: asyncio.Event, retry_seconds: float
) -> bool:
    """Acquire, retrying while another listener holds it; False when stopped first."""
    waited = False
    while not stop.is_set():
        try:
            if await lock.try_acquire():
                if waited:
                    log.info("mailbox %s: the other listener is gone, listening now", mailbox)
                return True
        except lock.errors as error:
            log.warning("mailbox %s: cannot take the listener lock: %r", mailbox, error)
        else:
            log.log(logging.INFO if waited else logging.WARNING,
                    "mailbox %s: another listener holds it; retrying in %s s", mailbox,
                    retry_seconds)
        waited = True
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), retry_seconds)
    return False
