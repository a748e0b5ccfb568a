"""Updates of one chat are handled strictly in the order sent, chats run side by side, and a chat
that is slow (or floods the bot) never takes the running slots other chats need."""

from __future__ import annotations

import asyncio
import random
from collections import defaultdict
from collections.abc import AsyncIterator, Callable

import pytest
from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters

from bot.ordering import ChatOrderedProcessor
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_ptb import builder_for, polling

CHATS, ROUNDS = 50, 5


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as server:
        yield server


class Recorder:
    """A handler that notes which texts each chat saw, in order, and how many ran at once."""

    def __init__(self, delay: Callable[[str], asyncio.Future | None] = lambda text: None) -> None:
        self.seen: dict[int, list[str]] = defaultdict(list)
        self.running = self.peak = self.total = 0
        self.delay = delay
        self.changed = asyncio.Event()

    async def __call__(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        self.running += 1
        self.peak = max(self.peak, self.running)
        try:
            text = update.message.text
            await (self.delay(text) or asyncio.sleep(random.uniform(0, 0.02)))
            self.seen[update.effective_chat.id].append(text)
            self.total += 1
            self.changed.set()
        finally:
            self.running -= 1

    async def until(self, condition: Callable[[], bool], timeout: float = 10) -> None:
        async with asyncio.timeout(timeout):
            while not condition():
                self.changed.clear()
                await self.changed.wait()


def _application(
    fake: FakeTelegram, processor: ChatOrderedProcessor, handler: Recorder
) -> Application:
    application = builder_for(fake).concurrent_updates(processor).build()
    application.add_handler(MessageHandler(filters.TEXT, handler))
    return application


async def test_each_chat_in_order_while_chats_run_side_by_side(fake: FakeTelegram) -> None:
    processor, recorder = ChatOrderedProcessor(max_running=16), Recorder()
    users = [fake.user(2000 + i, f"User {i}") for i in range(CHATS)]
    async with polling(_application(fake, processor, recorder)):
        for user in users:  # each types several answers in a quick burst
            for step in range(ROUNDS):
                await user.send_text(f"{user.id}-{step}")
        await recorder.until(lambda: recorder.total == CHATS * ROUNDS)
    for user in users:
        assert recorder.seen[user.id] == [f"{user.id}-{step}" for step in range(ROUNDS)]
    assert 1 < recorder.peak <= 16
    assert processor.chats_in_flight == 0  # the per-chat locks were cleaned up


async def test_a_slow_chat_does_not_hold_up_the_others(fake: FakeTelegram) -> None:
    release = asyncio.Event()
    recorder = Recorder(lambda text: release.wait() if text == "slow-0" else None)
    processor = ChatOrderedProcessor(max_running=4)
    slow = fake.user(1, "Slow")
    async with polling(_application(fake, processor, recorder)):
        for step in range(10):  # more queued updates than running slots
            await slow.send_text(f"slow-{step}")
        for i in range(20):
            await fake.user(100 + i, f"Other {i}").send_text(f"other-{i}")
        try:
            await recorder.until(lambda: recorder.total == 20, timeout=5)
            assert recorder.seen[1] == []  # still stuck on its first update
        finally:
            release.set()
        await recorder.until(lambda: recorder.total == 30)
    assert recorder.seen[1] == [f"slow-{step}" for step in range(10)]
