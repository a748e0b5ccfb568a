"""Flood control and broken connections in the fake Bot API reach the bot as python-telegram-bot
sees them from Telegram: RetryAfter that AIORateLimiter waits out, and NetworkError."""

from collections.abc import AsyncIterator

import pytest
from telegram import Bot
from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.ext import AIORateLimiter, ExtBot

from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_ptb import TOKEN

JANE, OMAR = 1001, 1002


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as server:
        server.user(JANE, "Jane")
        server.user(OMAR, "Omar")
        yield server


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=fake.base_url) as client:
        yield client


async def test_injected_429_raises_retry_after_once(bot: Bot, fake: FakeTelegram) -> None:
    fake.fail_next("sendMessage", retry_after=2)
    with pytest.raises(RetryAfter, match="Retry in 2 seconds"):
        await bot.send_message(JANE, "hi")
    await bot.send_message(JANE, "hi")
    assert [c.status for c in fake.calls_to("sendMessage")] == [429, 200]


async def test_injected_error_with_description(bot: Bot, fake: FakeTelegram) -> None:
    fake.fail_next("sendDocument", 400, description="Bad Request: wrong type of the web page")
    with pytest.raises(BadRequest, match="Wrong type of the web page"):
        await bot.send_document(JANE, b"%PDF", filename="q.pdf")


async def test_rate_limiter_waits_out_retry_after(fake: FakeTelegram) -> None:
    fake.fail_next("sendMessage", retry_after=1)
    async with ExtBot(TOKEN, base_url=fake.base_url, rate_limiter=AIORateLimiter(max_retries=1)
                      ) as limited:
        await limited.send_message(JANE, "eventually")
    refused, accepted = fake.calls_to("sendMessage")
    assert (refused.status, accepted.status) == (429, 200)
    assert accepted.at - refused.at >= 1.0  # it waited out retry_after, however slow the box
    assert fake.messages(JANE)[0].text == "eventually"


async def test_per_chat_and_overall_limits(bot: Bot, fake: FakeTelegram) -> None:
    """The window is the fake's clock, which only this test moves: a slow machine changes
    nothing about which sends share a second."""
    now = [1000.0]
    fake.enforce_rate_limits(per_chat_per_sec=1, global_per_sec=2, clock=lambda: now[0])
    await bot.send_message(JANE, "one")
    with pytest.raises(RetryAfter):
        await bot.send_message(JANE, "two, same second")
    await bot.send_message(OMAR, "another chat")
    fake.user(1003, "Third")
    with pytest.raises(RetryAfter):
        await bot.send_message(1003, "third send in the second")
    now[0] += 1.0
    await bot.send_message(JANE, "a second later")
    fake.disable_rate_limits()
    await bot.send_message(JANE, "no limits")
    assert [m.text for m in fake.messages(JANE)] == ["one", "a second later", "no limits"]


async def test_dropped_connection_raises_network_error(bot: Bot, fake: FakeTelegram) -> None:
    fake.fail_network("sendMessage", times=2)
    for _ in range(2):
        with pytest.raises(NetworkError, match="disconnected"):
            await bot.send_message(JANE, "lost")
    await bot.send_message(JANE, "through")
    assert [c.status for c in fake.calls_to("sendMessage")] == [0, 0, 200]
    assert [m.text for m in fake.messages(JANE)] == ["through"]
