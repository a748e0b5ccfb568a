"""How the Telegram bot copes with many owners at once: N users each register a client by quick add.

Each simulated user sends `/newclient Name, email, phone`, waits for the summary, presses Save and
waits for "Saved client". Everything is real except Telegram itself: the production Application
(ordering, rate limiter, handlers), the product's flows and a fresh migrated SQLite database; the
Bot API is the fake one from the tests, on loopback.

    .venv/bin/python bench/bot_concurrency.py [--users 50]

Prints dialogs completed / started, updates handled per second, bot messages sent per second
(Telegram allows about 30 per second in all, and the bot's rate limiter keeps to that), and the
median and 95th percentile reply latency (user action → complete reply on screen).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from assent.db import database, migrate
from assent.settings import Settings, replace
from assent.wiring import build_engine
from bench.support.table import Figure, report
from billing.businesses.setup import create_business
from bot.app import build_application
from models import Client, User
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_ptb import TOKEN, polling
from tests.fakes.telegram_users import FakeUser

FIRST_ID = 7_000


class Owner:
    """One simulated owner and the latencies they experienced."""

    def __init__(self, fake: FakeTelegram, index: int) -> None:
        self.fake = fake
        self.index = index
        self.user: FakeUser = fake.user(FIRST_ID + index, f"Owner {index}")
        self.latencies: list[float] = []

    async def register_client(self, timeout: float) -> bool:
        i = self.index
        started = time.perf_counter()
        await self.user.send_text(f"/newclient Client {i}, c{i}@example.com, +34 600 {i:03d} 000")
        summary = await self._showing("Please check:", timeout)
        self.latencies.append(time.perf_counter() - started)
        if summary is None:
            return False
        started = time.perf_counter()
        await self.user.press("Save", summary)
        saved = await self._showing(f"Saved client Client {i}.", timeout)
        self.latencies.append(time.perf_counter() - started)
        return saved is not None

    async def _showing(self, text: str, timeout: float) -> object | None:
        def latest() -> object | None:
            last = self.fake.last_message(self.user.id)
            return last if last and last.text and last.text.startswith(text) else None

        return await self.fake.wait_until(latest, timeout)


async def seed(count: int) -> None:
    """Owners who already set up their business: the bench measures registering clients."""
    for i in range(count):
        owner = await User.create(telegram_id=FIRST_ID + i, name=f"Owner {i}")
        await create_business(owner, {"name": f"Business {i}", "country": "ES"})


async def run(users: int, timeout: float) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="assent-bench-"))
    url = f"sqlite://{workdir / 'bench.sqlite3'}"
    await migrate(url)
    async with database(url, apply_migrations=False), FakeTelegram() as fake:
        await seed(users)
        settings: Settings = replace(
            Settings(),
            telegram={"token": TOKEN, "base_url": fake.base_url,
                      "base_file_url": fake.base_file_url},
            storage={"path": str(workdir / "files")},
        )
        owners = [Owner(fake, i) for i in range(users)]
        async with polling(build_application(settings, build_engine(settings))):
            started = time.perf_counter()
            results = await asyncio.gather(*(o.register_client(timeout) for o in owners))
            elapsed = time.perf_counter() - started
        clients = await Client.all().count()
        sends = len([c for c in fake.calls if c.method in ("sendMessage", "editMessageText")])
    latencies = sorted(latency for owner in owners for latency in owner.latencies)
    p95 = latencies[max(0, round(0.95 * len(latencies)) - 1)]
    print(f"users                     {users}")
    print(f"dialogs completed/started {sum(results)}/{users}   clients saved: {clients}")
    print(f"wall time                 {elapsed:6.2f} s")
    print(f"updates per second        {2 * users / elapsed:6.1f}   (message + button press each)")
    print(f"bot messages per second   {sends / elapsed:6.1f}   ({sends} sent or edited; at "
          f"Telegram's 30/s they need ≥ {sends / 30:.1f} s)")
    print(f"reply latency median      {statistics.median(latencies) * 1000:6.0f} ms")
    print(f"reply latency p95         {p95 * 1000:6.0f} ms")
    report([
        Figure(f"bot, {users} chats: dialogs completed", sum(results), "dialogs",
               target=f">= {users}"),
        Figure(f"bot, {users} chats: updates/s (rate limiter on)", 2 * users / elapsed, "1/s"),
        Figure(f"bot, {users} chats: reply latency p50", statistics.median(latencies), "s"),
        Figure(f"bot, {users} chats: reply latency p95", p95, "s"),
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per reply")
    args = parser.parse_args()
    asyncio.run(run(args.users, args.timeout))


if __name__ == "__main__":
    main()
