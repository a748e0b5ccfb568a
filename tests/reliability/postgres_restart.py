"""PostgreSQL restarted under a running `assent run` (Telegram bot on the fake Bot API, mailbox
listener, reminders): after each restart the bot still answers and every acceptance that arrived
meanwhile is invoiced once."""

from __future__ import annotations

import asyncio
import signal
import sys
import tempfile
import time
from pathlib import Path

from assent.db import close_database, migrate, open_database
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_ptb import TOKEN
from tests.inbound_support import signed_acceptance
from tests.reliability.environment import (
    dovecot,
    eventually,
    invoice_tally,
    listener_env,
    listener_settings,
    new_mailbox,
    proposals,
)
from tests.reliability.report import SuiteResult
from tests.services.ports import free_port
from tests.services.postgres import PostgresCluster

OWNER = 4242


async def postgres_restart(restarts: int) -> SuiteResult:
    started = time.monotonic()
    result = SuiteResult("PostgreSQL restarts under bot+listener", runs=restarts,
                         failures=restarts)
    cluster = PostgresCluster()
    cluster.start()
    try:
        url = cluster.create_database("reliability")
        await migrate(url)
        with dovecot() as server, tempfile.TemporaryDirectory() as folder:
            box = new_mailbox(server)
            settings = listener_settings(url, box)
            await open_database(url)
            sent = await proposals(settings, restarts + 1)
            await close_database()
            async with FakeTelegram() as fake:
                env = listener_env(settings, Path(folder)) | {
                    "ASSENT_TELEGRAM_TOKEN": TOKEN,
                    "ASSENT_TELEGRAM_BASE_URL": fake.base_url,
                    "ASSENT_TELEGRAM_BASE_FILE_URL": fake.base_file_url,
                    "ASSENT_WEB_PORT": str(free_port()),  # 8080 may be another Assent's
                }
                log = Path(folder) / "run.log"
                with open(log, "wb") as handle:
                    process = await asyncio.create_subprocess_exec(
                        sys.executable, "-m", "assent.cli", "run",
                        stdin=asyncio.subprocess.DEVNULL, stdout=handle, stderr=handle, env=env,
                    )  # fmt: skip
                owner = fake.user(OWNER, "Olivia")
                for index in range(restarts + 1):
                    await asyncio.to_thread(box.append, signed_acceptance(sent[index]))
                    shown = len(fake.messages(OWNER))
                    await owner.send_text("/help")
                    answered = await fake.wait_until(
                        lambda shown=shown: len(fake.messages(OWNER)) > shown, 90
                    )
                    result.lost += not answered  # the bot stopped answering
                    if index < restarts:
                        await asyncio.to_thread(cluster.restart)
                await open_database(url)
                try:

                    async def invoiced() -> bool:
                        return (await invoice_tally(sent)).lost == 0

                    await eventually(invoiced, 120)
                    tally = await invoice_tally(sent)
                finally:
                    await close_database()
                result.crashed += process.returncode is not None  # died on its own
                process.send_signal(signal.SIGTERM)
                await asyncio.wait_for(process.wait(), 60)
                result.lost += tally.lost
                result.duplicated += tally.duplicated
    finally:
        cluster.stop()
    result.seconds = time.monotonic() - started
    return result
