"""Owner notices through Telegram's bad moments, on the fake Bot API: 429 with retry_after, 5xx,
dropped connections, and a user who blocked the bot (403, logged as a fact, never an ERROR).
Every notice reaches every reachable owner exactly once."""

from __future__ import annotations

import logging
import tempfile
import time
from datetime import UTC, datetime, timedelta

from telegram import Bot

from bot.notifications import NotificationSender
from models import Notification, User
from tests.factories import make_business, make_owner
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_ptb import TOKEN
from tests.reliability.environment import sqlite_database
from tests.reliability.report import SuiteResult

OWNERS = (1001, 1002, 1003)
BLOCKED = 1003


class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


async def telegram_faults(notices: int) -> SuiteResult:
    started = time.monotonic()
    result = SuiteResult("Telegram 429/5xx/drops/403", runs=notices * len(OWNERS))
    errors = _Errors()
    logging.getLogger("bot").addHandler(errors)
    try:
        async with sqlite_database(), FakeTelegram() as fake:
            business = await make_business()
            users = [await make_owner(business, telegram_id=uid) for uid in OWNERS]
            for uid in OWNERS:
                fake.user(uid)
            fake.users[BLOCKED].block()
            for index in range(notices):
                for user in users:
                    await Notification.create(
                        business=business, user=user, key=f"notice:{index}:{user.id}",
                        kind="reliability", payload={"text": f"Notice {index}", "params": {}},
                    )  # fmt: skip
            faults = max(1, notices // 3)
            for _ in range(faults):
                fake.fail_next("sendMessage", 429, retry_after=1)
                fake.fail_next("sendMessage", 502)
            fake.fail_network("sendMessage", faults)
            result.failures = 3 * faults
            with tempfile.TemporaryDirectory() as files:
                async with Bot(TOKEN, base_url=fake.base_url,
                               base_file_url=fake.base_file_url) as bot:
                    sender = NotificationSender(bot, files)
                    now = datetime.now(UTC)
                    for _ in range(40):  # each round a couple of hours on: every retry is due
                        await sender.deliver_due(now)
                        now += timedelta(hours=2)
                        reachable = Notification.filter(
                            sent_at__isnull=True, user__telegram_id__not=BLOCKED
                        )
                        if not await reachable.exists():
                            break
            for user in users:
                if user.telegram_id == BLOCKED:
                    continue
                texts = [m.text for m in fake.messages(user.telegram_id)]
                for index in range(notices):
                    shown = texts.count(f"Notice {index}")
                    result.lost += shown == 0
                    result.duplicated += max(0, shown - 1)
            blocked = await User.get(telegram_id=BLOCKED)
            result.failures += await Notification.filter(user=blocked, sent_at__isnull=True).count()
    finally:
        logging.getLogger("bot").removeHandler(errors)
    result.crashed = len(errors.records)
    result.seconds = time.monotonic() - started
    return result
