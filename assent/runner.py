"""Starting Assent: migrate, open the database, then every component the configuration enables."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import socket
from pathlib import Path

from starlette.types import ASGIApp

from assent.db import database
from assent.settings import ConfigError, Settings
from assent.wiring import build_engine, build_web_app
from bot.app import Inbox, webhook_inbox
from flows.engine import Engine
from mail.outbound.reminders import run_reminder_loop

log = logging.getLogger("assent")


async def run_console(settings: Settings, args: argparse.Namespace) -> int:
    async with database(settings.database.url, serving=True):
        await _chat(settings, build_engine(settings), args.user)
    return 0


async def _chat(
    settings: Settings, engine: Engine, user_name: str | None, stop: asyncio.Event | None = None
) -> None:
    """The console chat in the foreground. bot.console (with prompt_toolkit, ~9 MB resident) is
    imported only when a chat runs, not by a process serving Telegram."""
    from bot.console import console_user, run_console

    user = await console_user(user_name, settings.bot.default_language)
    await run_console(engine, user, storage_path=Path(settings.storage.path), stop=stop)


async def run_bot_only(settings: Settings, args: argparse.Namespace) -> int:
    """The bot alone, for deployments that run the mail listener in its own process.

    In webhook mode it is one bot worker: Telegram's webhook on telegram.webhook_listen and
    webhook_port, behind the reverse proxy with the others; on PostgreSQL any worker may take
    any update (bot/shared_inbox.py)."""
    if not settings.telegram.token:
        raise ConfigError("telegram.token: is empty; the bot needs a token from @BotFather")
    from bot.app import run_bot

    async with database(settings.database.url, serving=True):
        stop = _stop_on_signals()
        inbox = webhook_inbox(settings.database.url) if settings.telegram.webhook_url else None
        web = _start_webhook(settings, stop, inbox) if inbox is not None else None
        try:
            await run_bot(settings, build_engine(settings), stop, inbox)
        finally:
            stop.set()
            if web is not None:
                await web
    return 0


async def run_web_only(settings: Settings, args: argparse.Namespace) -> int:
    """The client pages alone (no bot, no mail listener); proposals link here."""
    if not settings.web.base_url:
        raise ConfigError("web.base_url: is empty; set the URL that proposal links should use")
    async with database(settings.database.url):
        stop = _stop_on_signals()
        await _start_web(settings, stop, None)
    return 0


def _start_webhook(settings: Settings, stop: asyncio.Event, inbox: Inbox) -> asyncio.Task[None]:
    from web.app import build_webhook_app

    telegram = settings.telegram
    sock = _bind("telegram.webhook_port", telegram.webhook_listen, telegram.webhook_port)
    log.info("started: Telegram webhook on http://%s:%s (public: %s)", telegram.webhook_listen,
             telegram.webhook_port, telegram.webhook_url)
    return _serve(build_webhook_app(settings, inbox.deliver), sock, stop)


def _bind(setting: str, host: str, port: int) -> socket.socket:
    """Bind now: a busy port stops start-up, naming the setting."""
    from web.server import bind

    try:
        return bind(host, port)
    except OSError as error:
        raise ConfigError(f"{setting}: cannot listen on {host}:{port} ({error})") from None


def _serve(app: ASGIApp, sock: socket.socket, stop: asyncio.Event) -> asyncio.Task[None]:
    from web.server import serve

    return asyncio.create_task(serve(app, sock, stop), name="web")


def _start_web(
    settings: Settings, stop: asyncio.Event, inbox: Inbox | None
) -> asyncio.Task[None]:
    """Bind now (a busy port stops start-up, naming the setting), then serve until `stop`."""
    web = settings.web
    sock = _bind("web.port", web.host, web.port)
    app = build_web_app(settings, inbox.deliver if inbox else None)
    log.info("started: client web pages on http://%s:%s (links in emails: %s)",
             web.host, web.port, web.base_url)
    if inbox is not None:
        log.info("started: Telegram webhook on the same server (%s)", settings.telegram.webhook_url)
    return _serve(app, sock, stop)


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    return stop


async def run_all(settings: Settings, args: argparse.Namespace) -> int:
    """The console chat runs in the foreground when there is no bot; everything else beside it."""
    async with database(settings.database.url, serving=True):
        engine = build_engine(settings)
        stop = _stop_on_signals()
        tasks: list[asyncio.Task[None]] = []
        webhook = bool(settings.telegram.token and settings.telegram.webhook_url)
        inbox = webhook_inbox(settings.database.url) if webhook else None
        if settings.web.base_url:
            tasks.append(_start_web(settings, stop, inbox))
        else:
            inbox = None
            log.info("not started: client web pages (web.base_url is empty)")
        tasks.append(asyncio.create_task(run_reminder_loop(settings, stop), name="reminders"))
        log.info("started: reminder job (every %s min)", settings.reminders.check_every_minutes)
        if settings.smtp.host:
            from mail.outbound.sender import OutboxSender

            sender = OutboxSender(settings.smtp)
            tasks.append(asyncio.create_task(sender.run_forever(stop), name="outbox"))
            log.info("started: email outbox sender (%s:%s)", settings.smtp.host, settings.smtp.port)
        else:
            log.info("not started: email sender (smtp.host is empty; emails wait in the outbox)")
        if settings.imap.host:
            from mail.inbound.listener import MailboxListener

            listener = MailboxListener(settings)
            tasks.append(asyncio.create_task(listener.run_forever(stop), name="mailbox"))
            log.info("started: mailbox listener (%s)", listener.mailbox)
        else:
            log.info("not started: mailbox listener (imap.host is empty)")
        if settings.telegram.token:
            from bot.app import run_bot

            log.info("started: Telegram bot")
            tasks.append(asyncio.create_task(run_bot(settings, engine, stop, inbox), name="bot"))
            await stop.wait()
        else:
            log.info("started: console chat (telegram.token is empty)")
            # SIGTERM ends the chat at once, even while it waits for a line.
            await _chat(settings, engine, getattr(args, "user", None), stop)
            stop.set()
        for task in tasks:
            try:
                await asyncio.wait_for(task, timeout=10)
            except TimeoutError:
                task.cancel()
    return 0
