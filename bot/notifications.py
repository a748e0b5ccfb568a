"""Delivers the notification outbox (messages owed to owners) to Telegram, retrying until it works.

Producers (the mail listener, invoice issuing) only insert a Notification row with a unique key,
inside their own transaction; this task sends it later, so a Telegram outage loses nothing.

Payloads are rendered by bot/notices.py (shared with the console chat).
A row is leased before sending (next_attempt_at moves forward), so two bot workers never send
it at the same time; a worker that dies mid-send leaves the lease to expire and the row is sent
again later — at least once, never lost. `sent_at` marks success.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

from telegram import Bot
from telegram.error import Forbidden
from tortoise.expressions import Q

from bot.notices import notification_replies
from bot.render import Target, send_replies
from models import Notification
from models.notifications import NOTIFY_CHANNEL, woken_on_insert

log = logging.getLogger(__name__)

BATCH = 20
LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 12  # about a day and a half of back-off before giving up
FIRST_RETRY_SECONDS = 5
MAX_RETRY_SECONDS = 3600


def retry_delay(attempts: int) -> timedelta:
    """Exponential back-off after the n-th failed attempt: 5 s, 10 s, 20 s… capped at an hour."""
    return timedelta(seconds=min(FIRST_RETRY_SECONDS * 2 ** (attempts - 1), MAX_RETRY_SECONDS))


class NotificationSender:
    """Woken when a notification is committed (an in-process event; LISTEN/NOTIFY across
    PostgreSQL workers), so an accepted proposal's invoice reaches the owner without waiting
    for a poll. The `interval` round remains for retries that come due and as a safety net."""

    def __init__(self, bot: Bot, storage_path: str, interval: float = 2.0) -> None:
        self.bot = bot
        self.storage_path = Path(storage_path)
        self.interval = interval

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver what is due whenever woken, or every `interval` seconds, until `stop`."""
        with woken_on_insert() as wake:
            listening = asyncio.create_task(listen_for_commits(wake, stop, self.interval))
            try:
                while not stop.is_set():
                    wake.clear()  # before the round: a row committed during it wakes the next
                    try:
                        await self.deliver_due()
                    except Exception:  # the database may be away for a moment; next round
                        log.exception("notification delivery round failed")
                    await first_of(stop, wake, timeout=self.interval)
            finally:
                listening.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await listening

    async def deliver_due(self, now: datetime | None = None) -> int:
        """One round over due notifications for Telegram users; returns how many were sent."""
        now = now or datetime.now(UTC)
        due = (
            await Notification.filter(
                _due(now),
                sent_at__isnull=True,
                attempts__lt=MAX_ATTEMPTS,
                user__telegram_id__isnull=False,
            )
            .order_by("id")
            .limit(BATCH)
            .select_related("user", "business")  # one query for the rows and whom they go to
        )
        sent = 0
        for notification in due:
            if await self._lease(notification, now):
                sent += await self._deliver(notification)
        return sent

    async def _lease(self, notification: Notification, now: datetime) -> bool:
        taken = await Notification.filter(
            _due(now), id=notification.id, sent_at__isnull=True
        ).update(next_attempt_at=now + LEASE)
        return taken == 1

    async def _deliver(self, notification: Notification) -> bool:
        user = notification.user
        target = Target(user.telegram_id, user, notification.business_id)
        try:
            replies = await notification_replies(notification, user.language, self.storage_path)
            await send_replies(self.bot, target, replies)
        except Forbidden:
            # The user blocked the bot (or deleted the account): a fact, not a fault; retrying
            # cannot help until they write again, so the row stops here.
            log.info("notification %s: user %s has blocked the bot; not delivered",
                     notification.id, user.id)
            await Notification.filter(id=notification.id).update(
                attempts=MAX_ATTEMPTS, last_error="blocked by the user", next_attempt_at=None
            )
            return False
        except Exception as error:  # network, flood control, bad payload: retry later
            attempts = notification.attempts + 1
            log.warning(
                "notification %s to user %s failed (attempt %s): %r",
                notification.id,
                user.id,
                attempts,
                error,
            )
            await Notification.filter(id=notification.id).update(
                attempts=attempts,
                last_error=repr(error)[:1000],
                next_attempt_at=datetime.now(UTC) + retry_delay(attempts),
            )
            return False
        await Notification.filter(id=notification.id).update(
            sent_at=datetime.now(UTC), attempts=notification.attempts + 1, last_error=""
        )
        return True


async def first_of(*events: asyncio.Event, timeout: float) -> None:
    waiters = [asyncio.create_task(event.wait()) for event in events]
    try:
        await asyncio.wait(waiters, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()


async def listen_for_commits(wake: asyncio.Event, stop: asyncio.Event, retry: float) -> None:
    """On PostgreSQL, LISTEN on a connection of its own and set `wake` on every NOTIFY; a lost
    connection is opened again (meanwhile the sender polls). Nothing to do on SQLite."""
    db = Notification._meta.db
    if db.capabilities.dialect != "postgres":
        return
    import asyncpg  # here: a process on SQLite never loads it

    while not stop.is_set():
        connection = None
        try:
            connection = await asyncpg.connect(
                host=db.host, port=db.port, user=db.user, password=db.password,
                database=db.database,
            )
            await connection.add_listener(NOTIFY_CHANNEL, lambda *_: wake.set())
            wake.set()  # anything committed before the LISTEN began
            while not stop.is_set():
                await first_of(stop, timeout=30)
                await connection.execute("SELECT 1")  # notices a dead connection
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
            log.warning("notification LISTEN connection lost: %r", error)
            await first_of(stop, timeout=retry)
        finally:
            if connection is not None:
                with contextlib.suppress(Exception):
                    await connection.close()


def _due(now: datetime) -> Q:
    return Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
