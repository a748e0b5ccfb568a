"""Two `assent bot` workers on one PostgreSQL database behind one webhook URL keep every chat in
order: consecutive updates of a chat go to alternate workers as fast as they are accepted, and
each chat still ends exactly as typed. A worker killed in the middle of an update leaves it to
the other, which runs it once; an update Telegram posts twice runs once; an update that keeps
killing its workers is given up, the user told, and the chat goes on."""

from __future__ import annotations

import asyncio
import itertools
import signal
from pathlib import Path

from tortoise import Tortoise

from bot.shared_inbox import MAX_ATTEMPTS
from models import Client, TelegramUpdate
from tests.bot_workers import BotWorkers, burst, chat_correct, saved_text
from tests.factories import make_business, make_owner
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_users import FakeUser

CHATS = 20
FIRST_ID = 6000


async def owners(fake: FakeTelegram, count: int) -> list[FakeUser]:
    for i in range(count):
        await make_owner(await make_business(f"Business {i}"), telegram_id=FIRST_ID + i)
    return [fake.user(FIRST_ID + i, f"Owner {i}") for i in range(count)]


async def saved(fake: FakeTelegram, owner: FakeUser, i: int, timeout: float) -> None:
    def done() -> bool:
        last = fake.last_message(owner.id)
        return last is not None and last.text == saved_text(i)

    await fake.wait_until(done, timeout)


async def test_two_workers_fed_one_chat_alternately_keep_every_chat_in_order(
    postgres_db: str, tmp_path: Path
) -> None:
    async with FakeTelegram() as fake:
        people = await owners(fake, CHATS)
        async with BotWorkers(2, postgres_db, fake, tmp_path) as workers:
            for i, owner in enumerate(people):  # one chat's burst after another's
                for text in burst(i):
                    await owner.send_text(text)
            await asyncio.gather(*(saved(fake, o, i, 60) for i, o in enumerate(people)))
            taken = list(workers.proxy.sent_to)
        correct = [await chat_correct(fake, o, i) for i, o in enumerate(people)]

    assert sum(correct) == CHATS, correct
    # Consecutive updates of each chat really went to different workers.
    per_chat = len(burst(0))
    for i in range(CHATS):
        chat = taken[i * per_chat:(i + 1) * per_chat]
        assert all(a != b for a, b in itertools.pairwise(chat)), chat
    assert await TelegramUpdate.filter(done_at__isnull=True).count() == 0


async def lock_holder() -> str:
    """The application_name of the worker whose session holds a chat's advisory lock."""
    rows = await Tortoise.get_connection("postgres").execute_query_dict(
        "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
        " WHERE l.locktype = 'advisory' AND l.granted"
    )
    return rows[0]["application_name"] if rows else ""


async def test_a_worker_killed_mid_update_leaves_it_to_the_other_which_runs_it_once(
    postgres_db: str, tmp_path: Path
) -> None:
    async with FakeTelegram() as fake:
        (owner,) = await owners(fake, 1)
        async with BotWorkers(2, postgres_db, fake, tmp_path) as workers:
            stalled = await kill_while_replying(fake, workers, owner)
            stalled.set()
            # The next update is stored but its 200 is lost: Telegram posts it again.
            workers.proxy.lose_answers = 1
            for text in burst(0)[1:]:
                await owner.send_text(text)
            await saved(fake, owner, 0, 60)
        texts = [m.text.split("\n")[0] for m in fake.transcript(owner.id)]

    assert await chat_correct(fake, owner, 0), texts
    assert texts.count("New client") == 1, texts
    assert await Client.all().count() == 1
    rows = await TelegramUpdate.all().order_by("update_id").values_list("done_at", "attempts")
    assert len(rows) == len(burst(0)) and all(done for done, _ in rows)
    assert rows[0][1] == 2  # the killed run counted although its transaction rolled back
    assert len(fake.deliveries) == len(burst(0)) + 1  # one re-delivered, run once


async def test_an_update_that_keeps_killing_workers_is_given_up_and_the_chat_goes_on(
    postgres_db: str, tmp_path: Path
) -> None:
    async with FakeTelegram() as fake:
        (owner,) = await owners(fake, 1)
        async with BotWorkers(2, postgres_db, fake, tmp_path) as workers:
            stalled = await kill_while_replying(fake, workers, owner)
            # As if it had killed the workers of its earlier runs too.
            await TelegramUpdate.filter(done_at__isnull=True).update(attempts=MAX_ATTEMPTS)
            stalled.set()
            await fake.wait_for(
                lambda: any("Something went wrong" in (m.text or "")
                            for m in fake.transcript(owner.id)), 30)
            for text in burst(0):
                await owner.send_text(text)
            await saved(fake, owner, 0, 60)
        texts = [(m.text or "").split("\n")[0] for m in fake.transcript(owner.id)]

    assert texts[0].startswith("Something went wrong"), texts
    assert texts.count("New client") == 1, texts  # the given-up update never ran to the end
    assert texts[-1] == saved_text(0)
    assert await Client.all().count() == 1
    given_up = await TelegramUpdate.all().order_by("update_id").first()
    assert given_up.done_at is not None and given_up.attempts == MAX_ATTEMPTS


async def kill_while_replying(
    fake: FakeTelegram, workers: BotWorkers, owner: FakeUser
) -> asyncio.Event:
    """The owner's first update runs; the worker running it has made the step and is sending
    the reply (held by the fake): kill it there. Returns the hold, to release."""
    stalled = fake.stall_next("sendMessage")
    await owner.send_text(burst(0)[0])
    await fake.wait_for(lambda: fake.calls_to("sendMessage"), 30)
    victim = int((await _holder()).removeprefix("worker-"))
    workers.processes[victim].send_signal(signal.SIGKILL)
    await workers.processes[victim].wait()
    return stalled


async def _holder() -> str:
    for _ in range(100):
        if name := await lock_holder():
            return name
        await asyncio.sleep(0.1)
    raise AssertionError("no worker holds the chat's lock")
