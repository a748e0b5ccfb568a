"""`assent bot` worker processes on one PostgreSQL database, behind one webhook URL.

What the scale-out tests and bench/worker_scaling.py run: real processes (so a worker can be
killed or stopped), the real command line, the fake Bot API in the caller's process, and a
round-robin proxy (tests/round_robin.py) as the reverse proxy in front of them.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from pathlib import Path

from models import Client
from tests.cli_support import cli_env
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_ptb import TOKEN
from tests.fakes.telegram_users import FakeUser
from tests.round_robin import RoundRobin
from tests.services.ports import LOOPBACK, free_port

HOOK_PATH = "/telegram/hook"
SECRET = "worker-secret-0123456789"
READY = "is running"


class BotWorkers:
    """`count` workers; worker i names its database sessions `worker-i` (pg_stat_activity)."""

    def __init__(self, count: int, database_url: str, fake: FakeTelegram, workdir: Path,
                 *, messages_per_second: float = 0) -> None:
        self.count = count
        self.database_url = database_url
        self.fake = fake
        self.workdir = workdir
        self.messages_per_second = messages_per_second
        self.ports = [free_port() for _ in range(count)]
        self.processes: list[asyncio.subprocess.Process] = []
        self.proxy = RoundRobin([f"http://{LOOPBACK}:{p}{HOOK_PATH}" for p in self.ports],
                                HOOK_PATH)

    def log_of(self, index: int) -> Path:
        return self.workdir / f"worker-{index}.log"

    async def __aenter__(self) -> BotWorkers:
        await self.proxy.__aenter__()
        for index in range(self.count):
            await self._start(index)
        await self._ready(60)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        for process in self.processes:
            if process.returncode is None:
                process.send_signal(signal.SIGCONT)
                process.terminate()
        for process in self.processes:
            try:
                await asyncio.wait_for(process.wait(), 20)
            except TimeoutError:
                process.kill()
                await process.wait()
        await self.proxy.__aexit__(*exc_info)

    def env(self, index: int) -> dict[str, str]:
        separator = "&" if "?" in self.database_url else "?"
        return cli_env(
            ASSENT_DATABASE_URL=f"{self.database_url}{separator}application_name=worker-{index}",
            ASSENT_TELEGRAM_TOKEN=TOKEN,
            ASSENT_TELEGRAM_BASE_URL=self.fake.base_url,
            ASSENT_TELEGRAM_BASE_FILE_URL=self.fake.base_file_url,
            ASSENT_TELEGRAM_WEBHOOK_URL=self.proxy.url,
            ASSENT_TELEGRAM_WEBHOOK_SECRET=SECRET,
            ASSENT_TELEGRAM_WEBHOOK_LISTEN=LOOPBACK,
            ASSENT_TELEGRAM_WEBHOOK_PORT=str(self.ports[index]),
            ASSENT_TELEGRAM_MESSAGES_PER_SECOND=str(self.messages_per_second),
            ASSENT_STORAGE_PATH=str(self.workdir / "files"),
            ASSENT_LOGGING_LEVEL="INFO",
        )

    async def _start(self, index: int) -> None:
        log = open(self.log_of(index), "wb")  # noqa: SIM115 - the child writes it until it ends
        try:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "assent.cli", "bot", env=self.env(index),
                stdout=log, stderr=log, cwd=os.getcwd(),
            )
        finally:
            log.close()
        self.processes.append(process)

    async def _ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not all(READY in self.log_of(i).read_text(errors="replace")
                      for i in range(self.count)):
            for i, process in enumerate(self.processes):
                if process.returncode is not None:
                    raise RuntimeError(f"worker {i} exited:\n{self.log_of(i).read_text()}")
            if time.monotonic() > deadline:
                raise TimeoutError("workers did not start")
            await asyncio.sleep(0.1)


def burst(i: int) -> list[str]:
    """Every answer of owner i's quick add, typed at once: any two swapped fail validation or
    save something else, so a saved client proves the chat's order."""
    return [f"/newclient c{i}@example.com", "1", f"Client {i}", "Save"]


def saved_text(i: int) -> str:
    return f"Saved client Client {i}."


async def chat_correct(fake: FakeTelegram, owner: FakeUser, i: int) -> bool:
    """Owner i's business holds exactly the client typed, and the chat read in order: the
    first reply started the dialog, the last confirmed the save, none was a warning."""
    texts = [m.text.split("\n")[0] for m in fake.transcript(owner.id) if m.text]
    clients = await Client.filter(business__name=f"Business {i}").values_list(
        "display_name", "email"
    )
    return (
        clients == [(f"Client {i}", f"c{i}@example.com")]
        and bool(texts) and texts[0] == "New client" and texts[-1] == saved_text(i)
        and not any(text.startswith("⚠️") for text in texts)
    )
