"""How Assent scales out: the dialog benchmark with 1, 2 and 4 `assent bot` worker processes on
one PostgreSQL database, behind one webhook URL.

Every owner types a client's quick add in one burst (`/newclient email`, `1`, the name, `Save`);
the fake Bot API posts the updates to a round-robin proxy as fast as it accepts them, so
consecutive updates of one chat land on different workers. Everything else is real: the
`assent bot` command, PTB, the flows, PostgreSQL. The rate limiter is off (this measures
Assent, not Telegram's 30 messages/s).

    .venv/bin/python bench/worker_scaling.py [--chats 60] [--workers 1 2 4]

Prints dialog steps/s per worker count, the ratio to one worker, and correctness (chats whose
client was saved exactly as typed, with nothing out of order). On a machine with fewer cores
than workers, the scaling ratio says more about the machine than about Assent.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
import uuid
from pathlib import Path

from assent.db import close_database, migrate, open_database
from bench.support.table import Figure, report
from tests.bot_workers import BotWorkers, burst, chat_correct, saved_text
from tests.factories import make_business, make_owner
from tests.fakes.telegram_api import FakeTelegram
from tests.services.postgres import PostgresCluster

FIRST_ID = 9_000
POOL = 12  # connections per worker (Tortoise's ?maxsize=), as README's deployment advises


async def one_run(cluster: PostgresCluster, workers: int, chats: int,
                  timeout: float) -> tuple[float, int]:
    """Steps per second and chats correct, for `workers` processes."""
    url = cluster.create_database(f"bench_{uuid.uuid4().hex[:8]}")
    await migrate(url)
    await open_database(url)
    try:
        for i in range(chats):
            await make_owner(await make_business(f"Business {i}"), telegram_id=FIRST_ID + i)
        async with FakeTelegram() as fake:
            owners = [fake.user(FIRST_ID + i, f"Owner {i}") for i in range(chats)]
            with tempfile.TemporaryDirectory() as folder:
                async with BotWorkers(workers, f"{url}?maxsize={POOL}", fake, Path(folder)):
                    started = time.perf_counter()
                    for i, owner in enumerate(owners):
                        for text in burst(i):
                            await owner.send_text(text)

                    def finished() -> bool:
                        return all(
                            (last := fake.last_message(o.id)) is not None
                            and last.text == saved_text(i)
                            for i, o in enumerate(owners)
                        )

                    await fake.wait_until(finished, timeout)
                    elapsed = time.perf_counter() - started
            good = sum([await chat_correct(fake, o, i) for i, o in enumerate(owners)])
    finally:
        await close_database()
    return chats * len(burst(0)) / elapsed, good


async def run(chats: int, counts: list[int], timeout: float) -> None:
    cluster = PostgresCluster()
    cluster.start()
    results: dict[int, tuple[float, int]] = {}
    try:
        for workers in counts:
            results[workers] = await one_run(cluster, workers, chats, timeout)
            rate, good = results[workers]
            print(f"{workers} worker(s): {rate:6.1f} steps/s, chats correct {good}/{chats}")
    finally:
        cluster.stop()
    load = os.getloadavg()[0]
    print(f"machine: {os.cpu_count()} cores, load average {load:.1f} during the runs; workers "
          "beyond the idle cores cannot add throughput")
    base = results[counts[0]][0]
    figures = []
    for workers, (rate, good) in results.items():
        name = f"scale-out, {workers} bot worker(s) on PostgreSQL, {chats} chats"
        figures.append(Figure(f"{name}: dialog steps/s", rate, "1/s",
                              anchor=base if workers != counts[0] else None))
        figures.append(Figure(f"{name}: chats correct", good, f"of {chats}",
                              target=f">= {chats}"))
    report(figures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--chats", type=int, default=60)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds per run")
    args = parser.parse_args()
    asyncio.run(run(args.chats, args.workers, args.timeout))


if __name__ == "__main__":
    main()
