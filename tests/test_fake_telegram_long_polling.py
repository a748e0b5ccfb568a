"""getUpdates in the fake Bot API behaves like Telegram's: it holds the request until an update
arrives, offsets confirm, a second poller or a webhook ends polling with 409 Conflict."""

import asyncio
import datetime as dtm
import time
from collections.abc import AsyncIterator

import pytest
from telegram import Bot
from telegram.error import Conflict

from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_ptb import TOKEN

JANE = 1001


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as server:
        yield server


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=fake.base_url) as client:
        yield client


async def test_long_poll_returns_as_soon_as_an_update_arrives(
    bot: Bot, fake: FakeTelegram
) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await fake.wait_for(lambda: fake.calls_to("getUpdates"))
    started = time.monotonic()
    await fake.user(JANE, "Jane").send_text("/start now")
    (update,) = await poll
    assert time.monotonic() - started < 4  # woken by the update, not by the 5 s timeout
    assert update.message.text == "/start now"
    assert update.message.entities[0].type == "bot_command"
    assert update.message.entities[0].length == len("/start")


async def test_empty_long_poll_waits_its_timeout(bot: Bot) -> None:
    started = time.monotonic()
    assert await bot.get_updates(timeout=dtm.timedelta(seconds=0.3)) == ()
    assert 0.3 <= time.monotonic() - started < 5


async def test_offset_confirms_and_limit_caps(bot: Bot, fake: FakeTelegram) -> None:
    jane = fake.user(JANE, "Jane")
    for text in ("a", "b", "c"):
        await jane.send_text(text)
    first, second = await bot.get_updates(limit=2)
    assert [u.message.text for u in (first, second)] == ["a", "b"]
    remaining = await bot.get_updates(offset=second.update_id + 1)
    assert [u.message.text for u in remaining] == ["c"]
    assert len(fake.updates) == 1


async def test_second_poller_ends_the_first_with_conflict(bot: Bot, fake: FakeTelegram) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await fake.wait_for(lambda: fake.calls_to("getUpdates"))
    async with Bot(TOKEN, base_url=fake.base_url) as second_instance:
        assert await second_instance.get_updates() == ()
    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await first


async def test_webhook_excludes_polling_until_deleted(bot: Bot, fake: FakeTelegram) -> None:
    await bot.set_webhook("http://127.0.0.1:9/hook", secret_token="s3cret")
    assert (await bot.get_webhook_info()).url == "http://127.0.0.1:9/hook"
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates()
    await bot.delete_webhook()
    assert await bot.get_updates() == ()
