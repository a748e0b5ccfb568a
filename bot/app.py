"""Wires the Telegram bot together and runs it: polling by default, a webhook when configured.

The notification outbox is delivered by a task running alongside, and expired button tokens are
swept now and then; both stop with the bot.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any
from urllib.parse import urlsplit

from telegram import Update
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder

from assent.settings import Settings, TelegramSettings
from bot.commands import set_commands
from bot.conversation import Conversation
from bot.handlers import add_handlers
from bot.notifications import NotificationSender
from bot.ordering import ChatOrderedProcessor
from bot.shared_inbox import SharedInbox
from bot.tokens import purge_expired
from flows.engine import Engine

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "callback_query"]
RATE_LIMIT_RETRIES = 3
SWEEP_SECONDS = 3600


def build_application(settings: Settings, engine: Engine) -> Application:
    telegram = settings.telegram

    async def post_init(application: Application) -> None:
        await set_commands(application.bot, settings.bot.default_language)

    builder = (
        ApplicationBuilder()
        .token(telegram.token)
        .base_url(telegram.base_url)
        .base_file_url(telegram.base_file_url)
        .concurrent_updates(ChatOrderedProcessor())
        .post_init(post_init)
    )
    if telegram.messages_per_second > 0:
        builder = builder.rate_limiter(AIORateLimiter(
            overall_max_rate=telegram.messages_per_second, overall_time_period=1,
            max_retries=RATE_LIMIT_RETRIES,
        ))
    application = builder.build()
    add_handlers(application, Conversation(engine, settings.bot))
    return application


class WebhookInbox:
    """Webhook posts received by Assent's web server (web/telegram.py), handed to the bot.

    In webhook mode with the web server on, the bot listens on no port of its own: the one
    server hosts the client pages and Telegram's webhook, as in PTB's custom-webhook example.
    """

    def __init__(self) -> None:
        self.application: Application | None = None

    async def deliver(self, data: dict[str, Any]) -> bool:
        """Queue one update; False while the bot is not running (Telegram retries it)."""
        application = self.application
        if application is None or not application.running:
            return False
        await application.update_queue.put(Update.de_json(data, application.bot))
        return True

    async def run(self, stop: asyncio.Event) -> None:
        """Nothing runs beside it: PTB's update queue and bot/ordering.py do the work."""


Inbox = WebhookInbox | SharedInbox


def webhook_inbox(database_url: str) -> Inbox:
    """On PostgreSQL any number of workers share the webhook (bot/shared_inbox.py); SQLite is
    served by one process, whose in-memory ordering needs no database round trips."""
    return WebhookInbox() if database_url.startswith("sqlite://") else SharedInbox()


async def run_bot(
    settings: Settings, engine: Engine, stop: asyncio.Event, inbox: Inbox | None = None
) -> None:
    """Run until `stop` is set; pending updates are finished before it returns.

    With an `inbox`, webhook updates arrive through the web server instead of PTB's own.
    """
    application = build_application(settings, engine)
    sender = NotificationSender(application.bot, settings.storage.path)
    await application.initialize()
    try:
        # run_polling()/run_webhook() would call post_init and own the signals; here the caller
        # owns the process, so the same steps are taken by hand.
        await application.post_init(application)
        if inbox is not None and settings.telegram.webhook_url:
            await _register_webhook(application, settings.telegram)
            inbox.application = application
        else:
            await _receive_updates(application, settings.telegram)
        await application.start()
        log.info("telegram bot %s is running", application.bot.username)
        async with asyncio.TaskGroup() as tasks:
            tasks.create_task(sender.run(stop))
            tasks.create_task(_sweep_tokens(stop))
            if inbox is not None:
                tasks.create_task(inbox.run(stop))
    finally:
        if inbox is not None:
            inbox.application = None
        if application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
        await application.shutdown()


async def _receive_updates(application: Application, telegram: TelegramSettings) -> None:
    if not telegram.webhook_url:
        await application.updater.start_polling(allowed_updates=ALLOWED_UPDATES)
        return
    await application.updater.start_webhook(
        listen=telegram.webhook_listen,
        port=telegram.webhook_port,
        url_path=urlsplit(telegram.webhook_url).path.lstrip("/"),
        webhook_url=telegram.webhook_url,
        secret_token=telegram.webhook_secret or None,
        allowed_updates=ALLOWED_UPDATES,
    )


async def _register_webhook(application: Application, telegram: TelegramSettings) -> None:
    await application.bot.set_webhook(
        url=telegram.webhook_url, secret_token=telegram.webhook_secret or None,
        allowed_updates=ALLOWED_UPDATES,
    )


async def _sweep_tokens(stop: asyncio.Event) -> None:
    while not stop.is_set():
        try:
            await purge_expired()
        except Exception:  # the database may be away for a moment
            log.exception("sweeping expired button tokens failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), SWEEP_SECONDS)
