"""The notification outbox reaches owners on Telegram exactly when it can: delivered once with its
buttons and file, kept and retried after a failure, never sent twice by two workers."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from telegram import Bot
from tortoise.transactions import in_transaction

from bot.app import build_application
from bot.notifications import MAX_ATTEMPTS, NotificationSender
from models import Attachment, Business, CallbackToken, Notification, User
from tests.bot_support import PDF, probe_engine, settings_for
from tests.factories import make_business, make_client, make_draft, make_owner
from tests.fakes.telegram_api import FakeTelegram

JANE = 1001
ACCEPTED = {
    "text": "{client} accepted proposal {number}.",
    "params": {"client": "<Doe & Co>", "number": "P-2026-0042"},
    "choices": [["Open invoice", "go:invoice:7"], ["Later", "noop"]],
    "document_attachment_id": None,
}


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as server:
        server.user(JANE, "Jane")
        yield server


@pytest.fixture
async def bot(db: str, fake: FakeTelegram) -> AsyncIterator[Bot]:
    """The production bot object (rate limiter included), without receiving updates."""
    async with build_application(settings_for(fake), probe_engine(settings_for(fake))) as app:
        yield app.bot


@pytest.fixture
async def business(db: str) -> Business:
    business = await make_business()
    await make_owner(business, telegram_id=JANE)
    return business


async def _notify(business: Business, key: str, payload: dict, user: User | None = None) -> int:
    user = user or await User.get(telegram_id=JANE)
    row = await Notification.create(
        business=business, user=user, key=key, kind="accepted", payload=payload
    )
    return row.id


async def test_outbox_is_delivered_once_with_buttons_and_file(
    bot: Bot, business: Business, fake: FakeTelegram, tmp_path: Path
) -> None:
    (tmp_path / "ab").mkdir()
    (tmp_path / "ab" / "abcdef").write_bytes(PDF)
    stored = await Attachment.create(
        business=business, original_name="INV-2026-0007.pdf", mime_type="application/pdf",
        size=len(PDF), sha256="abcdef", storage_path="ab/abcdef",
    )
    first = await _notify(business, "accepted:42", ACCEPTED)
    invoice = {"text": "Here it is.", "document_attachment_id": stored.id}
    await _notify(business, "invoice:7", invoice)
    sender = NotificationSender(bot, str(tmp_path))

    assert await sender.deliver_due() == 2
    assert await sender.deliver_due() == 0
    text, document = fake.messages(JANE)
    assert text.text == "<Doe & Co> accepted proposal P-2026-0042."
    assert text.button_texts() == ["Open invoice", "Later"]
    token = await CallbackToken.get(token=text.buttons()[0]["callback_data"])
    assert (token.payload["value"], token.business_id) == ("go:invoice:7", business.id)
    assert (document.document.file_name, document.document.data) == ("INV-2026-0007.pdf", PDF)
    assert document.caption == "Here it is."
    row = await Notification.get(id=first)
    assert row.sent_at is not None and row.attempts == 1


async def test_network_failure_keeps_it_for_a_later_attempt(
    bot: Bot, business: Business, fake: FakeTelegram
) -> None:
    row_id = await _notify(business, "accepted:42", ACCEPTED)
    sender = NotificationSender(bot, "unused")
    fake.fail_network("sendMessage")
    now = datetime.now(UTC)

    assert await sender.deliver_due(now) == 0
    row = await Notification.get(id=row_id)
    assert (row.sent_at, row.attempts) == (None, 1)
    assert "NetworkError" in row.last_error
    assert row.next_attempt_at > now
    assert await sender.deliver_due(now + timedelta(seconds=1)) == 0  # backing off
    assert fake.messages(JANE) == []

    assert await sender.deliver_due(now + timedelta(minutes=3)) == 1
    assert [m.text for m in fake.messages(JANE)] == ["<Doe & Co> accepted proposal P-2026-0042."]
    row = await Notification.get(id=row_id)
    assert row.sent_at is not None and (row.attempts, row.last_error) == (2, "")


async def test_two_workers_deliver_it_once(
    bot: Bot, business: Business, fake: FakeTelegram
) -> None:
    for i in range(5):
        await _notify(business, f"accepted:{i}", ACCEPTED)
    workers = [NotificationSender(bot, "unused") for _ in range(2)]
    sent = await asyncio.gather(*(worker.deliver_due() for worker in workers))
    assert sum(sent) == 5
    assert len(fake.messages(JANE)) == 5


async def test_rows_it_cannot_or_must_not_send_are_left_alone(
    bot: Bot, business: Business, fake: FakeTelegram
) -> None:
    console = await User.create(name="Console Owner", console_name="olivia")
    await _notify(business, "console", ACCEPTED, user=console)
    given_up = await _notify(business, "given-up", ACCEPTED)
    await Notification.filter(id=given_up).update(attempts=MAX_ATTEMPTS)
    assert await NotificationSender(bot, "unused").deliver_due() == 0
    assert fake.messages(JANE) == []


async def test_a_user_who_blocked_the_bot_is_a_fact_not_an_error(
    bot: Bot, business: Business, fake: FakeTelegram, tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """403 is logged once at INFO and the row stops: retrying cannot reach a blocked user."""
    import logging

    fake.users[JANE].block()
    row_id = await _notify(business, "blocked", ACCEPTED)
    sender = NotificationSender(bot, str(tmp_path))
    with caplog.at_level(logging.INFO, logger="bot.notifications"):
        assert await sender.deliver_due() == 0
    later = datetime.now(UTC) + timedelta(days=3)
    assert await sender.deliver_due(later) == 0
    row = await Notification.get(id=row_id)
    assert (row.attempts, row.sent_at) == (MAX_ATTEMPTS, None)
    assert row.last_error == "blocked by the user"
    (record,) = [r for r in caplog.records if r.name == "bot.notifications"]
    assert record.levelname == "INFO" and "blocked the bot" in record.getMessage()
    assert len(fake.calls_to("sendMessage")) == 1


async def test_a_committed_notification_wakes_the_running_sender(
    bot: Bot, business: Business, fake: FakeTelegram
) -> None:
    """With an hour between polls, only the wake-up on commit can deliver it: the in-process
    event (its first round runs before the commit) and, on PostgreSQL, LISTEN/NOTIFY."""
    sender = NotificationSender(bot, "unused", interval=3600)
    stop = asyncio.Event()
    running = asyncio.create_task(sender.run(stop))
    try:
        await asyncio.sleep(0.2)  # the first round has found nothing
        async with in_transaction():
            await _notify(business, "accepted:43", ACCEPTED)
            await asyncio.sleep(0.2)  # woken now, the round must not miss the commit
        delivered = await fake.wait_until(lambda: fake.messages(JANE) or None, 30)
        assert delivered and delivered[0].text.startswith("<Doe & Co> accepted proposal")
    finally:
        stop.set()
        await asyncio.wait_for(running, 10)


async def test_a_draft_invoice_in_a_notice_is_read_once_and_rendered(
    bot: Bot, business: Business, fake: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    """An accepted proposal's notice carries the draft invoice's PDF: its name and its pages
    come from one reading of the draft (the second reading was SQL on the path to the chat),
    and the owner and business come with the notification row (each read of its own was a
    round trip more between the acceptance's commit and the PDF in chat)."""
    draft = await make_draft(business, await make_client(business))
    await _notify(business, "accepted:44", {"text": "Here is the invoice draft.",
                                            "pdf_of": draft.id})
    sender = NotificationSender(bot, "unused")
    with caplog.at_level(logging.DEBUG, logger="tortoise.db_client"):
        assert await sender.deliver_due() == 1
    selects = [record.getMessage() for record in caplog.records
               if record.name == "tortoise.db_client" and "SELECT" in record.getMessage()]
    assert sum('FROM "document_line"' in sql for sql in selects) == 1
    assert not [sql for sql in selects if 'FROM "business"' in sql or 'FROM "user"' in sql]
    (message,) = fake.messages(JANE)
    assert message.document.file_name == "draft-invoice.pdf"
    assert message.document.data.startswith(b"%PDF")
    assert message.caption == "Here is the invoice draft."
