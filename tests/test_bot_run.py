"""`run_bot` is the whole bot as deployed: it picks polling or a webhook from the settings, sets
the command menus, delivers the outbox alongside, and stops cleanly when asked."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from assent.settings import Settings, replace
from bot.app import run_bot
from flows.registry import COMMANDS
from models import Notification
from tests.bot_support import SECRET, newcomer, probe_engine, settings_for
from tests.factories import make_business, make_owner
from tests.fakes.telegram_api import FakeTelegram
from tests.services.ports import LOOPBACK, free_port

JANE, OLIVIA = 1001, 1002


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as server:
        yield server


def _webhook(settings: Settings) -> Settings:
    port = free_port()
    return replace(settings, telegram={
        "webhook_url": f"http://{LOOPBACK}:{port}/telegram/hook", "webhook_listen": LOOPBACK,
        "webhook_port": port, "webhook_secret": SECRET,
    })


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_bot_runs_converses_notifies_and_stops(
    db: str, fake: FakeTelegram, mode: str
) -> None:
    settings = settings_for(fake)
    if mode == "webhook":
        settings = _webhook(settings)
    business = await make_business()
    olivia = await make_owner(business, telegram_id=OLIVIA)
    fake.user(OLIVIA, "Olivia")
    await Notification.create(
        business=business, user=olivia, key="hello", kind="test",
        payload={"text": "You have news."},
    )
    stop = asyncio.Event()
    running = asyncio.create_task(run_bot(settings, probe_engine(settings), stop))
    try:
        jane = await newcomer(fake, JANE)
        await jane.send_text("/echo still here")
        await fake.wait_for(lambda: fake.last_message(JANE).text == "still here")
        await fake.wait_for(lambda: fake.messages(OLIVIA))
    finally:
        stop.set()
        await asyncio.wait_for(running, 10)

    assert fake.messages(OLIVIA)[0].text == "You have news."
    assert (fake.webhook is not None) == (mode == "webhook")
    if mode == "webhook":
        assert fake.webhook.url == settings.telegram.webhook_url
        assert fake.webhook.secret_token == SECRET
    assert fake.allowed_updates == ["message", "callback_query"]
    menus = {language: fake.commands(language) for language in ("", "en", "es")}
    # Every command the bot answers is in the menu, once ("/menu" is the same as "/start").
    answered = sorted({*COMMANDS, "help", "cancel"} - {"menu"})
    assert all(sorted(entry["command"] for entry in menu) == answered for menu in menus.values())
    assert menus[""][1] == {"command": "newclient", "description": "register a client"}
    assert menus["es"][1] == {"command": "newclient", "description": "dar de alta un cliente"}
