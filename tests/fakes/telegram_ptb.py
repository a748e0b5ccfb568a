"""Run a real python-telegram-bot Application against FakeTelegram in polling or webhook mode,
so every bot test starts and stops it the same quick way."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from telegram.ext import Application, ApplicationBuilder

from tests.fakes.telegram_api import FakeTelegram
from tests.services.ports import LOOPBACK, free_port

TOKEN = "7000000001:FAKE-token_for-tests"


def builder_for(fake: FakeTelegram, token: str = TOKEN) -> ApplicationBuilder:
    """An ApplicationBuilder whose Bot talks to the fake; add handlers and options, then build."""
    return ApplicationBuilder().token(token).base_url(fake.base_url).base_file_url(
        fake.base_file_url
    )


@asynccontextmanager
async def polling(app: Application) -> AsyncIterator[Application]:
    """Long polling with a one-second hold, so stopping never waits long."""
    await app.initialize()
    await app.start()
    await app.updater.start_polling(poll_interval=0.01, timeout=1)
    try:
        yield app
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


@asynccontextmanager
async def webhook(app: Application, secret_token: str) -> AsyncIterator[str]:
    """PTB's own webhook server on a free loopback port; PTB registers it with the fake.
    Yields the webhook URL."""
    port = free_port()
    url = f"http://{LOOPBACK}:{port}/telegram"
    await app.initialize()
    await app.start()
    await app.updater.start_webhook(
        listen=LOOPBACK, port=port, url_path="telegram", webhook_url=url,
        secret_token=secret_token,
    )
    try:
        yield url
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
