"""Dialog throughput of the whole bot: N owners at once each register a client by quick add.

Run: .venv/bin/python bench/dialog_throughput.py [--users 200] [--database sqlite|postgres|both]
     [--no-memory]
(as root, like the tests: PostgreSQL and Dovecot start from tests/services on loopback ports).

Each simulated owner sends `/newclient Name, email, phone`, waits for the summary ("Please
check:"), presses Save and waits for "Saved client": two steps. In one run, against the same
fake Bot API and with the rate limiter off (it would measure Telegram's 30 messages/s instead):
  - the anchor: PTB's in-memory ConversationHandler doing the same steps (bench/support/anchor_bot),
  - Assent (the production Application, engine and flows) on SQLite and on PostgreSQL,
  - Assent's engine alone (`Engine.handle`, no HTTP) on each database.
Prints steps/s, reply latency p50/p95 (action → reply on screen), the ratio to the anchor, and
SQL statements per step counted at the driver (bench/support/statements.py), with the statements
of one sample dialog. Then the resident memory of `assent run` (bot, mail listener, senders;
PDF workers too once started) idle and after N owners registered a client through it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from assent.db import database as open_database
from assent.settings import Settings, replace
from assent.wiring import build_engine
from bench.support import statements
from bench.support.anchor_bot import anchor_application
from bench.support.databases import KINDS, database
from bench.support.run_memory import measure_run_memory
from bench.support.table import Figure, median, percentile, report
from billing.businesses.setup import create_business
from bot.app import build_application
from flows.engine import Engine
from flows.events import Event
from models import Client, User
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_objects import BotMessage
from tests.fakes.telegram_ptb import TOKEN, polling

FIRST_ID = 7_000
FIRST = ("Nora", "Liam", "Ava", "Omar", "Lucía", "Ioana", "Yusuf", "Marta", "Hugo", "Elena",
         "Pablo", "Sara", "Radu", "Layla", "Tomás", "Inés", "Karim", "Ana", "Mihai", "Julia")
LAST = ("Baker", "Ruiz", "Popescu", "Haddad", "Moreno", "Ionescu", "Silva", "Costa", "Weber",
        "Rossi", "Dubois", "Novak", "Khalil", "Marin", "Vidal", "Lopes", "Stan", "Navarro",
        "Fischer", "Ortega")
STEPS_PER_DIALOG = 2
TARGET_RATIO = 0.6
TARGET_P95_FACTOR = 2.0


def client_name(index: int) -> str:
    return f"{FIRST[index % len(FIRST)]} {LAST[index // len(FIRST) % len(LAST)]}"


def quick_add(index: int) -> str:
    name = client_name(index)
    email = name.lower().replace(" ", ".").replace("í", "i").replace("á", "a").replace("é", "e")
    return f"/newclient {name}, {email}@example.com, +34 600 {index:03d} {index // 1000:03d}"


@dataclass
class Run:
    """One measured configuration: its steps per second, latencies and SQL statements."""

    name: str
    steps: int = 0
    elapsed: float = 0.0
    completed: int = 0
    latencies: list[float] = field(default_factory=list)
    statements: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.steps / self.elapsed

    @property
    def per_step(self) -> float:
        return statements.LOG.data(self.statements) / max(self.steps, 1)

    @property
    def control_per_step(self) -> float:
        return statements.LOG.control(self.statements) / max(self.steps, 1)


class Screens:
    """What each owner waits to see. One watcher re-checks the waiting chats after every change
    at the fake: 200 owners each in `FakeTelegram.wait_until` would wake 200 tasks per API call,
    and the harness, not the bot, would be measured."""

    def __init__(self, fake: FakeTelegram) -> None:
        self.fake = fake
        self.waiting: dict[int, tuple[str, asyncio.Future[BotMessage]]] = {}

    def _check(self) -> bool:
        for chat_id, (prefix, shown) in list(self.waiting.items()):
            last = self.fake.last_message(chat_id)
            if last and last.text and last.text.startswith(prefix):
                del self.waiting[chat_id]
                shown.set_result(last)
        return False  # keeps wait_until re-checking after every change until cancelled

    async def showing(self, chat_id: int, prefix: str, timeout: float) -> BotMessage | None:
        shown: asyncio.Future[BotMessage] = asyncio.get_running_loop().create_future()
        self.waiting[chat_id] = (prefix, shown)
        self._check()
        try:
            return await asyncio.wait_for(shown, timeout)
        except TimeoutError:
            self.waiting.pop(chat_id, None)
            return None

    @contextlib.asynccontextmanager
    async def watching(self) -> AsyncIterator[Screens]:
        watcher = asyncio.create_task(self.fake.wait_until(self._check, None))
        try:
            yield self
        finally:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher


async def register(screens: Screens, index: int, run: Run, timeout: float) -> None:
    """One owner's two steps through the bot, each timed until its reply is on screen."""
    user = screens.fake.user(FIRST_ID + index, f"Owner {index}")
    started = time.perf_counter()
    await user.send_text(quick_add(index))
    summary = await screens.showing(user.id, "Please check:", timeout)
    run.latencies.append(time.perf_counter() - started)
    if summary is None:
        return
    started = time.perf_counter()
    await user.press("Save", summary)
    saved = await screens.showing(user.id, f"Saved client {client_name(index)}.", timeout)
    run.latencies.append(time.perf_counter() - started)
    run.completed += saved is not None


async def drive(fake: FakeTelegram, run: Run, users: range, timeout: float) -> Run:
    """Everyone at once; the bot's SQL statements meanwhile are recorded."""
    async with Screens(fake).watching() as screens:
        with statements.LOG.record() as seen:
            started = time.perf_counter()
            await asyncio.gather(*(register(screens, i, run, timeout) for i in users))
            run.elapsed = time.perf_counter() - started
    run.statements = list(seen)
    run.steps += STEPS_PER_DIALOG * len(users)
    return run


async def anchor(users: int, timeout: float) -> Run:
    async with FakeTelegram() as fake, polling(anchor_application(fake)):
        await drive(fake, Run("PTB ConversationHandler in memory"), range(1), timeout)  # warm-up
        return await drive(fake, Run("PTB ConversationHandler in memory"), range(1, users + 1),
                           timeout)


async def seed(owners: range) -> None:
    """Owners who already set up their business: the bench measures registering clients."""
    for i in owners:
        owner = await User.create(telegram_id=FIRST_ID + i, name=f"Owner {i}")
        await create_business(owner, {"name": f"Business {i}", "country": "ES"})


async def engine_alone(engine: Engine, owners: range) -> Run:
    """The same two steps straight into `Engine.handle`, as the bot calls it."""
    run = Run("engine alone")
    users = {i: await User.get(telegram_id=FIRST_ID + i) for i in owners}

    async def one(i: int) -> None:
        chat, user = str(FIRST_ID + i), users[i]
        started = time.perf_counter()
        replies = await engine.handle("telegram", chat, user, Event.from_text(quick_add(i)))
        run.latencies.append(time.perf_counter() - started)
        summary = next(r for r in replies if r.choices)
        save = next(c for c in summary.choices if c.label == "Save")
        started = time.perf_counter()
        replies = await engine.handle(
            "telegram", chat, user, Event.chosen(save.value, verified=True, offer=summary.offer)
        )
        run.latencies.append(time.perf_counter() - started)
        run.completed += any(r.text.startswith("Saved client") for r in replies)

    with statements.LOG.record() as seen:
        started = time.perf_counter()
        await asyncio.gather(*(one(i) for i in owners))
        run.elapsed = time.perf_counter() - started
    run.statements, run.steps = list(seen), STEPS_PER_DIALOG * len(owners)
    return run


@dataclass
class AssentRuns:
    bot: Run
    engine: Run
    sample: list[str]


async def assent(kind: str, users: int, timeout: float) -> AssentRuns:
    """Bot owners 1…N, engine owners N+1…2N, and owner 0 for the warm-up and the sample."""
    async with database(kind) as url, open_database(url, apply_migrations=False):
        await seed(range(2 * users + 1))
        async with FakeTelegram() as fake:
            settings: Settings = replace(
                Settings(), telegram={"token": TOKEN, "base_url": fake.base_url,
                                      "base_file_url": fake.base_file_url,
                                      "messages_per_second": 0},  # rate limiter off
            )
            engine = build_engine(settings)
            application = build_application(settings, engine)
            async with polling(application):
                sample = await drive(fake, Run("sample"), range(1), timeout)
                bot = await drive(fake, Run(f"Assent on {kind}"), range(1, users + 1), timeout)
            engine_run = await engine_alone(engine, range(users + 1, 2 * users + 1))
        saved = await Client.all().count()
    expected = 2 * users + (sample.completed)
    if saved != expected:
        print(f"!! {kind}: {saved} clients saved, {expected} expected")
    return AssentRuns(bot, engine_run, sample.statements)


def bracketing(before: Run, after: Run) -> Run:
    """The two anchor runs as one: their mean rate, all their latencies."""
    both = Run(before.name, completed=before.completed + after.completed)
    both.steps = before.steps + after.steps
    both.elapsed = both.steps / ((before.rate + after.rate) / 2)
    both.latencies = before.latencies + after.latencies
    return both


def show(run: Run, anchor_run: Run | None) -> None:
    ratio = f"  ratio {run.rate / anchor_run.rate:4.2f}" if anchor_run else ""
    print(f"{run.name:38} {run.completed:4d} dialogs  {run.rate:7.1f} steps/s{ratio}  "
          f"p50 {median(run.latencies) * 1000:6.0f} ms  p95 "
          f"{percentile(run.latencies, 0.95) * 1000:6.0f} ms  "
          f"SQL/step {run.per_step:5.2f} (+{run.control_per_step:.2f} BEGIN/COMMIT)")


def figures(kind: str, users: int, runs: AssentRuns, anchor_run: Run) -> list[Figure]:
    label = f"dialog, {users} chats, {kind}"
    p95 = percentile(runs.bot.latencies, 0.95)
    anchor_p95 = percentile(anchor_run.latencies, 0.95)
    return [
        Figure(f"{label}: steps/s (full bot, anchor PTB in memory)", runs.bot.rate, "1/s",
               anchor=anchor_run.rate, target=f">= {TARGET_RATIO}", target_on_ratio=True),
        Figure(f"{label}: reply latency p50", median(runs.bot.latencies), "s",
               anchor=median(anchor_run.latencies)),
        Figure(f"{label}: reply latency p95", p95, "s", anchor=anchor_p95,
               target=f"<= {TARGET_P95_FACTOR}", target_on_ratio=True),
        Figure(f"{label}: engine alone steps/s", runs.engine.rate, "1/s"),
        Figure(f"{label}: SQL statements per step, engine", runs.engine.per_step, "statements",
               target="<= 4"),
        Figure(f"{label}: SQL statements per step, full bot", runs.bot.per_step, "statements"),
        Figure(f"{label}: dialogs completed", runs.bot.completed, "dialogs",
               target=f">= {users}"),
    ]


async def main_async(users: int, kinds: tuple[str, ...], memory: bool, timeout: float) -> None:
    statements.install()
    rows: list[Figure] = []
    for kind in kinds:
        # This box is shared: its load drifts within a minute. The anchor runs just before and
        # just after each Assent run, and the ratio is to their mean.
        before = await anchor(users, timeout)
        runs = await assent(kind, users, timeout)
        after = await anchor(users, timeout)
        anchor_run = bracketing(before, after)
        for run in (before, after):
            show(run, None)
        show(runs.bot, anchor_run)
        show(runs.engine, None)
        print(f"  statements of one dialog through the bot ({kind}, both steps):")
        for sql in runs.sample:
            print(f"    {sql[:150]}")
        rows += figures(kind, users, runs, anchor_run)
    if memory:
        async def drive_all(fake: FakeTelegram) -> Run:
            return await drive(fake, Run("assent run"), range(1, users + 1), timeout)

        idle, after = await measure_run_memory(lambda: seed(range(users + 1)), drive_all)
        print(f"assent run RSS: idle {idle:.1f} MB, after {users} chats {after:.1f} MB")
        rows += [
            Figure("assent run: RSS idle (bot, listener, senders)", idle, "MB", target="<= 120"),
            Figure(f"assent run: RSS after {users} chats", after, "MB", target="<= 120"),
        ]
    report(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--database", choices=[*KINDS, "both"], default="both")
    parser.add_argument("--no-memory", action="store_true", help="skip the `assent run` RSS")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per reply")
    args = parser.parse_args()
    kinds = KINDS if args.database == "both" else (args.database,)
    asyncio.run(main_async(args.users, kinds, not args.no_memory, args.timeout))


if __name__ == "__main__":
    main()
