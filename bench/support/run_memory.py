"""Resident memory of `assent run` as deployed: the real command in a subprocess with the
Telegram bot (against the fake Bot API), the mail listener (on a Dovecot of tests/services), the
email and notification senders (to an SMTP sink), the reminder job and the client web pages.

RSS is read from /proc for the process and every descendant (PDF rendering workers start on the
first PDF and would be counted), once when everything has started and settled, and again after
`drive` has had the owners register clients through it.
"""

from __future__ import annotations

import asyncio
import signal
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from assent.db import database, migrate
from tests.cli_support import cli_env
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_ptb import TOKEN
from tests.services.dovecot import DovecotServer
from tests.services.ports import free_port
from tests.services.smtp import SmtpSink

SETTLE_SECONDS = 5.0
STARTED = "started: Telegram bot"
MAILBOX = ("replies", "a-mailbox-password")
SECRET = "a-bench-secret-that-is-long-enough-0123456789"


def tree_rss_mb(pid: int) -> float:
    """RSS of `pid` and its descendants, in MB (VmRSS from /proc); each is printed."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        try:
            status = Path(f"/proc/{current}/status").read_text()
            command = Path(f"/proc/{current}/cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
                print(f"  pid {current}: {int(line.split()[1]) / 1024:6.1f} MB  "
                      f"{command.decode(errors='replace')[:80]}")
    return total / 1024


async def measure_run_memory(
    seed: Callable[[], Awaitable[None]], drive: Callable[[FakeTelegram], Awaitable[Any]]
) -> tuple[float, float]:
    """(idle MB, MB after `drive`) of `assent run` on a SQLite file `seed` filled."""
    with tempfile.TemporaryDirectory(prefix="assent-rss-") as folder, \
            DovecotServer() as imap, SmtpSink() as smtp:
        imap.add_user(*MAILBOX)
        url = f"sqlite://{folder}/assent.sqlite3"
        await migrate(url)
        async with database(url, apply_migrations=False):
            await seed()
        async with FakeTelegram() as fake:
            env = cli_env(
                ASSENT_DATABASE_URL=url, ASSENT_STORAGE_PATH=f"{folder}/files",
                ASSENT_TELEGRAM_TOKEN=TOKEN, ASSENT_TELEGRAM_BASE_URL=fake.base_url,
                ASSENT_TELEGRAM_BASE_FILE_URL=fake.base_file_url,
                ASSENT_SMTP_HOST=smtp.host, ASSENT_SMTP_PORT=str(smtp.port),
                ASSENT_SMTP_SECURITY="plain", ASSENT_SMTP_FROM_ADDRESS="billing@bench.example",
                ASSENT_IMAP_HOST=imap.host, ASSENT_IMAP_PORT=str(imap.port),
                ASSENT_IMAP_USERNAME=MAILBOX[0], ASSENT_IMAP_PASSWORD=MAILBOX[1],
                ASSENT_IMAP_SECURITY="plain", ASSENT_MAIL_TOKEN_SECRET=SECRET,
                ASSENT_WEB_PORT=str(free_port()), ASSENT_LOGGING_LEVEL="INFO",
            )
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "assent.cli", "run", env=env,
                stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.PIPE,
            )  # fmt: skip
            log: list[str] = []
            started = asyncio.Event()
            reader = asyncio.create_task(_read(process, log, started))
            try:
                await asyncio.wait_for(started.wait(), 120)
                await asyncio.sleep(SETTLE_SECONDS)
                idle = tree_rss_mb(process.pid)
                await drive(fake)
                await asyncio.sleep(SETTLE_SECONDS)
                after = tree_rss_mb(process.pid)
            except TimeoutError:
                raise RuntimeError("assent run did not start:\n" + "".join(log[-30:])) from None
            finally:
                process.send_signal(signal.SIGTERM)
                await asyncio.wait_for(process.wait(), 60)
                await reader
    return idle, after


async def _read(
    process: asyncio.subprocess.Process, log: list[str], started: asyncio.Event
) -> None:
    assert process.stderr is not None
    async for raw in process.stderr:
        line = raw.decode(errors="replace")
        log.append(line)
        if STARTED in line:
            started.set()
