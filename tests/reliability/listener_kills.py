"""kill -9 of `assent listen` at random moments while signed acceptances arrive, then a restart:
one invoice and one owner notice per acceptance, nothing lost, every message flagged."""

from __future__ import annotations

import asyncio
import random
import signal
import sys
import time
from pathlib import Path

from models import InboundMessage, InboundStatus
from tests.inbound_support import signed_acceptance
from tests.reliability.environment import (
    dovecot,
    eventually,
    invoice_tally,
    listener_env,
    listener_settings,
    new_mailbox,
    proposals,
    sqlite_database,
)
from tests.reliability.report import SuiteResult

SETTLE_SECONDS = 180


async def run(kills: int, acceptances: int, seed: int = 14) -> SuiteResult:
    started = time.monotonic()
    rng = random.Random(seed)
    result = SuiteResult("listener kill -9", runs=kills, failures=kills)
    with dovecot() as server:
        box = new_mailbox(server)
        async with sqlite_database() as (url, folder):
            settings = listener_settings(url, box)
            sent = await proposals(settings, acceptances)
            env = listener_env(settings, folder)
            pending = [signed_acceptance(item) for item in sent]
            logs: list[Path] = []
            for cycle in range(kills):
                process, log = await _listen(env, folder, cycle)
                logs.append(log)
                batch = len(pending) // (kills - cycle) if cycle < kills - 1 else len(pending)
                for raw in pending[:batch]:
                    await asyncio.to_thread(box.append, raw)
                    await asyncio.sleep(rng.uniform(0, 0.3))
                del pending[:batch]
                await asyncio.sleep(rng.uniform(0.2, 3.0))
                process.send_signal(signal.SIGKILL)
                await process.wait()
            # The last one logs at INFO so the suite can wait until it is serving: a SIGTERM
            # that lands while it still imports ends it by the signal's default action.
            process, log = await _listen(env | {"ASSENT_LOGGING_LEVEL": "INFO"}, folder, kills)
            logs.append(log)

            async def settled() -> bool:
                done = await InboundMessage.filter(
                    status__in=(InboundStatus.PROCESSED, InboundStatus.SKIPPED)
                ).count()
                return done >= acceptances and await asyncio.to_thread(box.unflagged) == 0

            async def serving() -> bool:
                return "selected, UIDVALIDITY" in log.read_text()

            await eventually(settled, SETTLE_SECONDS)
            result.crashed += not await eventually(serving, SETTLE_SECONDS)
            process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.wait(), 60)
            tally = await invoice_tally(sent)
            result.lost = tally.lost + await asyncio.to_thread(box.unflagged)
            result.duplicated = tally.duplicated
            crashes = [log for log in logs if "Traceback" in log.read_text()]
            for crashed_log in crashes:
                print(f"--- {crashed_log.name}\n{crashed_log.read_text()[-4000:]}", file=sys.stderr)
            result.crashed += len(crashes)
            if process.returncode != 0:
                print(f"--- last listener exited {process.returncode}\n"
                      f"{logs[-1].read_text()[-4000:]}", file=sys.stderr)
                result.crashed += 1
    result.seconds = time.monotonic() - started
    return result


async def _listen(
    env: dict[str, str], folder: Path, cycle: int
) -> tuple[asyncio.subprocess.Process, Path]:
    log = folder / f"listen-{cycle}.log"
    with open(log, "wb") as handle:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "assent.cli", "listen",
            stdout=handle, stderr=handle, env=env,
        )  # fmt: skip
    return process, log
