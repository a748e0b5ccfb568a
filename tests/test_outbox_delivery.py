"""The sender delivers each queued email exactly once through outages, races, logins and crashes.

Real SMTP: aiosmtpd on loopback (tests/services/smtp.py). Backoff runs in milliseconds so the
retry schedule is exercised for real without slowing the suite.
"""

from __future__ import annotations

import asyncio
import email
import logging
import random
from datetime import UTC, datetime
from email.policy import default

import pytest
from aiosmtpd.controller import Controller
from tortoise.transactions import in_transaction

from assent.settings import Settings, replace
from mail.outbound.compose import Parties, compose_welcome
from mail.outbound.outbox import enqueue
from mail.outbound.send_document import send_document
from mail.outbound.sender import HANDED_OVER, INTERRUPTED, Backoff, OutboxSender
from models import (
    Business,
    DocumentKind,
    Membership,
    Notification,
    OutboxEmail,
    OutboxStatus,
    Role,
    User,
)
from tests.factories import make_business, make_client, make_owner
from tests.factories.outbound import PDF, mail_settings, make_issued
from tests.services.ports import LOOPBACK, free_port
from tests.services.smtp import SmtpSink

FAST = Backoff(base_seconds=0.02, cap_seconds=0.08)


def sender_for(settings: Settings, **options: object) -> OutboxSender:
    return OutboxSender(settings.smtp, backoff=FAST, **options)  # type: ignore[arg-type]


async def queue_welcomes(business: Business, settings: Settings, count: int) -> list[OutboxEmail]:
    rows = []
    for index in range(count):
        client = await make_client(business, f"Client {index}", email=f"c{index}@doe.example")
        message = compose_welcome(Parties(business, client), smtp=settings.smtp, mail=settings.mail)
        async with in_transaction() as connection:
            rows.append(
                await enqueue(
                    connection,
                    business=business,
                    key=f"welcome:{client.id}",
                    purpose="welcome",
                    message=message,
                )
            )
    return rows


async def until_due(row: OutboxEmail) -> None:
    """Sleep until the row's scheduled retry (the backoff is milliseconds here)."""
    await row.refresh_from_db()
    assert row.next_attempt_at is not None
    await asyncio.sleep(max(0.0, (row.next_attempt_at - datetime.now(UTC)).total_seconds()))


async def test_a_sent_document_is_delivered_once(db: str, smtp_sink: SmtpSink) -> None:
    settings = mail_settings(smtp_sink)
    business = await make_business()
    document = await make_issued(business, await make_client(business))
    row = await send_document(business, document.id, pdf=PDF, settings=settings)
    assert await OutboxSender(replace(settings, smtp={"host": ""}).smtp).run_once() == 0

    sender = sender_for(settings)
    assert await sender.run_once() == 1
    assert await sender.run_once() == 0

    (mail,) = smtp_sink.received
    assert mail.mail_from == "billing@assent.example"
    assert mail.rcpt_tos == ("jane@doe.example",)
    delivered = email.message_from_bytes(mail.content, policy=default)
    assert delivered["Message-ID"] == row.message_id
    assert delivered["Subject"] == f"Proposal {document.number} from Acme Studio"
    await row.refresh_from_db()
    assert row.status == OutboxStatus.SENT and row.attempts == 1
    assert row.sent_at is not None and row.last_error == "" and row.next_attempt_at is None


async def test_an_outage_is_retried_with_growing_delays_then_delivered_once(
    db: str, smtp_sink: SmtpSink
) -> None:
    settings = mail_settings(smtp_sink)
    (row,) = await queue_welcomes(await make_business(), settings, 1)
    # Delays of seconds, so "not due yet" holds however slow the machine; the test moves the
    # retry time instead of waiting for it.
    sender = OutboxSender(settings.smtp, backoff=Backoff(base_seconds=10, cap_seconds=80))
    smtp_sink.stop()

    delays = []
    for attempt in (1, 2, 3):
        failed_at = datetime.now(UTC)
        assert await sender.run_once() == 0
        await row.refresh_from_db()
        assert row.attempts == attempt and row.status == OutboxStatus.PENDING
        assert row.last_error.startswith("SmtpUnavailable: ")
        assert row.next_attempt_at is not None
        delays.append((row.next_attempt_at - failed_at).total_seconds())
        assert await sender.run_once() == 0  # not due yet: no attempt is spent
        await row.refresh_from_db()
        assert row.attempts == attempt
        await OutboxEmail.filter(id=row.id).update(next_attempt_at=datetime.now(UTC))
    # Equal jitter: attempt n waits between half and all of min(cap, base * 2**(n-1)); the
    # upper bounds allow for the time the attempt itself took.
    assert 5 <= delays[0] <= 15 and 10 <= delays[1] <= 25 and 20 <= delays[2] <= 45

    smtp_sink.start()
    assert await sender.run_once() == 1
    assert await sender.run_once() == 0
    assert len(smtp_sink.received) == 1
    await row.refresh_from_db()
    assert row.status == OutboxStatus.SENT and row.attempts == 4


async def test_after_max_attempts_the_email_fails_and_every_owner_is_told_once(
    db: str, smtp_sink: SmtpSink
) -> None:
    settings = mail_settings(smtp_sink, max_attempts=3)
    business = await make_business()
    owners = [await make_owner(business), await make_owner(business)]
    staff = await User.create(name="Sam Staff")
    await Membership.create(business=business, user=staff, role=Role.STAFF)
    (row,) = await queue_welcomes(business, settings, 1)
    sender = sender_for(settings)
    smtp_sink.stop()

    for _ in range(3):
        await until_due(row)
        await sender.run_once()
    await row.refresh_from_db()
    assert row.status == OutboxStatus.FAILED and row.attempts == 3
    assert row.last_error.startswith("SmtpUnavailable: ")

    smtp_sink.start()
    assert await sender.run_once() == 0
    assert smtp_sink.received == []
    notes = await Notification.filter(business=business).order_by("user_id")
    assert [n.user_id for n in notes] == [owner.id for owner in owners]
    for note in notes:
        assert note.kind == "email_failed"
        assert note.key == f"outbox-failed:{row.id}:1:{note.user_id}"
        assert "could not be delivered" in note.payload["text"]
        params = note.payload["params"]
        assert params["attempts"] == 3 and params["outbox_id"] == row.id
        assert params["recipients"] == "c0@doe.example" and params["subject"] == row.subject
        assert note.payload["text"].format(**params)


class _RefuseRecipients:
    """An SMTP server that has no such mailbox: 550 on every RCPT."""

    async def handle_RCPT(self, server, session, envelope, address, options) -> str:  # type: ignore[no-untyped-def]
        return "550 5.1.1 No such user here"


async def test_a_permanently_refused_recipient_fails_at_the_first_attempt(db: str) -> None:
    controller = Controller(_RefuseRecipients(), hostname=LOOPBACK, port=free_port())
    controller.start()
    try:
        settings = replace(mail_settings(), smtp={"host": LOOPBACK, "port": controller.port})
        business = await make_business()
        owner = await make_owner(business)
        (row,) = await queue_welcomes(business, settings, 1)
        assert await sender_for(settings).run_once() == 0
    finally:
        controller.stop()
    await row.refresh_from_db()
    assert row.status == OutboxStatus.FAILED and row.attempts == 1
    assert row.last_error == "RecipientRefused: c0@doe.example: 550 5.1.1 No such user here"
    assert await Notification.filter(user=owner, kind="email_failed").count() == 1


async def test_two_senders_on_the_same_rows_send_each_email_once(
    db: str, smtp_sink: SmtpSink
) -> None:
    settings = mail_settings(smtp_sink)
    rows = await queue_welcomes(await make_business(), settings, 12)
    senders = [sender_for(settings, batch_size=3, rng=random.Random(i)) for i in range(3)]

    results = await asyncio.gather(*(s.run_once() for s in senders))

    assert sum(results) == 12
    delivered = [
        email.message_from_bytes(m.content, policy=default)["Message-ID"]
        for m in smtp_sink.received
    ]
    assert sorted(delivered) == sorted(row.message_id for row in rows)
    states = await OutboxEmail.all().values_list("status", "attempts")
    assert set(states) == {(OutboxStatus.SENT, 1)}


async def test_smtp_login_is_used_and_a_wrong_password_is_named(db: str) -> None:
    with SmtpSink(credentials=("mailer", "s3cret")) as sink:
        wrong = mail_settings(sink, username="mailer", password="guess")
        (row,) = await queue_welcomes(await make_business(), wrong, 1)
        assert await sender_for(wrong).run_once() == 0
        await row.refresh_from_db()
        assert row.last_error.startswith("LoginRefused: 535")
        assert sink.received == []

        anonymous = mail_settings(sink)
        await until_due(row)
        assert await sender_for(anonymous).run_once() == 0
        await row.refresh_from_db()
        assert row.last_error.startswith("MessageRefused: 530")

        right = mail_settings(sink, username="mailer", password="s3cret")
        await until_due(row)
        assert await sender_for(right).run_once() == 1
        assert len(sink.received) == 1


async def test_a_crash_during_data_is_not_sent_again_but_put_to_the_owner(
    db: str, smtp_sink: SmtpSink, caplog: pytest.LogCaptureFixture
) -> None:
    """The server accepted the message, then the process died before recording it: the next
    sender must not send it again (a slow server made that a duplicate almost every time)."""
    settings = mail_settings(smtp_sink)
    business = await make_business()
    owner = await make_owner(business)
    (row,) = await queue_welcomes(business, settings, 1)
    crashing = sender_for(settings, lease_seconds=0.6)

    async def power_cut(*args: object) -> None:
        raise RuntimeError("power cut between the server's 250 and the UPDATE")

    crashing._mark_sent = power_cut  # type: ignore[method-assign]
    with pytest.raises(RuntimeError):
        await crashing.run_once()
    await row.refresh_from_db()
    assert row.status == OutboxStatus.PENDING and row.last_error.startswith(HANDED_OVER)
    assert len(smtp_sink.received) == 1

    restarted = sender_for(settings)
    assert await restarted.run_once() == 0  # the crashed claim still holds
    await until_due(row)
    with caplog.at_level(logging.WARNING, logger="mail.outbound.sender"):
        assert await restarted.run_once() == 0
    assert row.message_id in caplog.text
    assert len(smtp_sink.received) == 1  # not sent again
    await row.refresh_from_db()
    assert row.status == OutboxStatus.FAILED and row.last_error.startswith("Unconfirmed")
    (notice,) = await Notification.filter(user=owner, kind="email_failed")
    assert "may not have arrived" in notice.payload["text"]


async def test_a_crash_before_data_is_sent_again(db: str, smtp_sink: SmtpSink) -> None:
    """Killed before the message was handed over: nobody has it, so it goes out once."""
    settings = mail_settings(smtp_sink)
    (row,) = await queue_welcomes(await make_business(), settings, 1)
    crashing = sender_for(settings, lease_seconds=0.6)

    async def power_cut(*args: object) -> None:
        raise RuntimeError("power cut before DATA")

    crashing._handing_over = power_cut  # type: ignore[method-assign]
    with pytest.raises(RuntimeError):
        await crashing.run_once()
    await row.refresh_from_db()
    assert row.last_error.startswith(INTERRUPTED) and smtp_sink.received == []
    await until_due(row)
    assert await sender_for(settings).run_once() == 1
    (delivered,) = smtp_sink.received
    assert email.message_from_bytes(delivered.content)["Message-ID"] == row.message_id
    await row.refresh_from_db()
    assert row.status == OutboxStatus.SENT and row.attempts == 2


async def test_run_forever_wakes_on_demand_and_stops(db: str, smtp_sink: SmtpSink) -> None:
    settings = mail_settings(smtp_sink)
    business = await make_business()
    document = await make_issued(business, await make_client(business), DocumentKind.INVOICE)
    sender = sender_for(settings, poll_seconds=60)
    stop = asyncio.Event()
    task = asyncio.create_task(sender.run_forever(stop))
    await asyncio.sleep(0.1)  # the first pass found nothing; now it sleeps for a minute

    await send_document(business, document.id, pdf=PDF, settings=settings)
    sender.wake()
    await smtp_sink.wait_for(1, timeout=3)

    stop.set()
    await asyncio.wait_for(task, timeout=2)


def test_backoff_doubles_up_to_its_cap_with_jitter() -> None:
    backoff = Backoff(base_seconds=10, cap_seconds=300)
    rng = random.Random(7)
    for attempt in range(1, 12):
        ceiling = min(300, 10 * 2 ** (attempt - 1))
        samples = [backoff.delay(attempt, rng) for _ in range(200)]
        assert all(ceiling / 2 <= s <= ceiling for s in samples)
        assert max(samples) - min(samples) > ceiling / 4  # spread, so retries do not stampede


async def test_a_finally_failed_proposal_email_offers_retry_with_the_same_message(
    db: str, smtp_sink: SmtpSink
) -> None:
    """The proposal stays sent, but its card and the owner's notice lead to Retry sending,
    which queues the very same email (same Message-ID) and delivers it once."""
    from flows.events import Event
    from mail.outbound.mailer import OutboundMailer
    from tests.chat import Chat

    settings = mail_settings(smtp_sink, max_attempts=1)
    business = await make_business()
    owner = await make_owner(business)
    proposal = await make_issued(business, await make_client(business), DocumentKind.PROPOSAL)
    row = await OutboundMailer(settings).send(business, proposal.id, user=None, send_number=0)
    smtp_sink.stop()
    assert await sender_for(settings).run_once() == 0
    await row.refresh_from_db()
    assert row.status == OutboxStatus.FAILED

    (notice,) = await Notification.filter(user=owner, kind="email_failed")
    (label, action), = notice.payload["choices"]
    assert (label, action) == ("Open", f"go:document:{proposal.id}")
    chat = await Chat.open(settings, name="owner")
    chat.user = owner
    await chat.send(Event.chosen(action, verified=True))
    assert "The last email could not be delivered." in chat.text
    await chat.press("Retry sending")
    assert "Queued the email to jane@doe.example again." in chat.text
    assert "Retry sending" not in chat.buttons()

    smtp_sink.start()
    assert await sender_for(settings).run_once() == 1
    (delivered,) = smtp_sink.received
    assert email.message_from_bytes(delivered.content)["Message-ID"] == row.message_id
    assert await OutboxEmail.filter(document_id=proposal.id).count() == 1
