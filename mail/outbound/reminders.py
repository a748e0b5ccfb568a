"""Polite payment reminders and proposal-expiry notices, on a schedule that survives restarts.

Nothing here keeps time in memory: which reminder is next is counted from the outbox rows already
written ("reminder:<invoice>:<n>"), and every email and notification has a unique key, so running
the job twice, or after a crash, sends nothing twice and forgets nothing.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise.transactions import in_transaction

from assent.settings import Settings
from billing.businesses.clock import today_for
from billing.documents.convert import notify_owners
from billing.documents.status import can_move, move
from mail.inbound.mailbox_lock import AdvisoryLock, lock_key
from mail.outbound.compose import Parties, compose_reminder
from mail.outbound.errors import NoRecipient
from mail.outbound.outbox import enqueue
from models import Business, Client, Contact, Document, DocumentKind, DocumentStatus, OutboxEmail

log = logging.getLogger(__name__)
REMINDER_JOB = "job:reminders"
REMINDER_SENT = "Sent payment reminder {n} for {number} to {client}."
PROPOSAL_EXPIRED = "Proposal {number} for {client} has expired."
PROPOSAL_EXPIRING = (
    "Proposal {number} for {client} expires in {days} day.",
    "Proposal {number} for {client} expires in {days} days.",
)
NOTICE_TEXTS = (REMINDER_SENT, PROPOSAL_EXPIRED, "Open")
UNPAID = (
    DocumentStatus.ISSUED,
    DocumentStatus.SENT,
    DocumentStatus.OVERDUE,
    DocumentStatus.PARTIALLY_PAID,
)
OPEN_PROPOSALS = (DocumentStatus.ISSUED, DocumentStatus.SENT)
EARLIEST_ZONE = timedelta(hours=14)  # Pacific/Kiritimati, the first clock to reach a new day


async def run_reminders(settings: Settings, now: datetime) -> int:
    """One pass over every business; returns how many reminder emails were queued.

    Each business counts days on its own clock: an invoice due today in Mexico City is not
    overdue at 20:00 there, though it is already tomorrow in UTC.
    """
    queued = 0
    latest_day = (now + EARLIEST_ZONE).date()  # no business's day is later than this one
    for invoice in await Document.filter(
        kind=DocumentKind.INVOICE, status__in=UNPAID, due_date__lt=latest_day
    ):
        try:
            queued += await _remind(settings, invoice, now)
        except NoRecipient:
            log.info("invoice %s is overdue but its client has no email", invoice.id)
    for proposal in await Document.filter(
        kind=DocumentKind.PROPOSAL, status__in=OPEN_PROPOSALS, valid_until__isnull=False
    ):
        await _proposal_notice(settings, proposal, now)
    return queued


async def _remind(settings: Settings, invoice: Document, now: datetime) -> int:
    rules = settings.reminders
    async with in_transaction() as connection:
        invoice = (
            await Document.filter(id=invoice.id).using_db(connection).select_for_update().get()
        )
        business = await Business.get(id=invoice.business_id).using_db(connection)
        today = today_for(business, now)
        if invoice.due_date is None or invoice.due_date >= today:
            return 0
        if invoice.status != DocumentStatus.OVERDUE and can_move(invoice, DocumentStatus.OVERDUE):
            await move(invoice, DocumentStatus.OVERDUE, connection, source="system")
            await invoice.save(using_db=connection, update_fields=["status", "updated_at"])
        prefix = f"reminder:{invoice.id}:"
        sent = await OutboxEmail.filter(key__startswith=prefix).using_db(connection).count()
        due_on = invoice.due_date + timedelta(
            days=rules.first_after_days + sent * rules.interval_days
        )
        if sent >= rules.max_count or today < due_on:
            return 0
        client = await Client.get(id=invoice.client_id).using_db(connection)
        contacts = await Contact.filter(client=client).using_db(connection)
        message = compose_reminder(
            invoice,
            Parties(business, client, contacts),
            smtp=settings.smtp,
            mail=settings.mail,
            today=today,
        )
        await enqueue(
            connection,
            business=business,
            key=f"{prefix}{sent}",
            purpose="reminder",
            message=message,
            document=invoice,
        )
        await notify_owners(
            business,
            key=f"reminder-sent:{invoice.id}:{sent}",
            kind="reminder_sent",
            payload={
                "text": REMINDER_SENT,
                "params": {"n": sent + 1, "number": invoice.number, "client": client.display_name},
                "invoice_id": invoice.id,
            },
            connection=connection,
        )
    return 1


async def _proposal_notice(settings: Settings, proposal: Document, now: datetime) -> None:
    business = await Business.get(id=proposal.business_id)
    days_left = (proposal.valid_until - today_for(business, now)).days
    if days_left > settings.reminders.expiring_notice_days:
        return
    async with in_transaction() as connection:
        client = await Client.get(id=proposal.client_id).using_db(connection)
        params = {"number": proposal.number, "client": client.display_name}
        payload: dict[str, Any] = {}
        if days_left < 0:
            locked = (
                await Document.filter(id=proposal.id).using_db(connection).select_for_update().get()
            )
            if locked.status in OPEN_PROPOSALS:
                await move(locked, DocumentStatus.EXPIRED, connection, source="system")
                await locked.save(using_db=connection, update_fields=["status", "updated_at"])
            text, key = (
                PROPOSAL_EXPIRED,
                f"proposal-expired:{proposal.id}",
            )
        else:
            (text, plural), key = PROPOSAL_EXPIRING, f"proposal-expiring:{proposal.id}"
            params["days"] = days_left
            payload = {"plural": plural, "n": days_left}
        await notify_owners(
            business,
            key=key,
            kind="proposal_expiry",
            payload={
                "text": text,
                "params": params,
                "proposal_id": proposal.id,
                "choices": [["Open", f"go:document:{proposal.id}"]],
                **payload,
            },
            connection=connection,
        )


async def run_reminders_once(settings: Settings, now: datetime) -> int | None:
    """A pass, unless another process on the same PostgreSQL database is running one (None).

    Every `assent run` worker schedules the job; the unique keys already make a second pass
    send nothing, and this lease (the listener's, see mail/inbound/mailbox_lock.py) keeps two
    passes from racing on those keys at the same moment. SQLite is served by one process."""
    if settings.database.url.startswith("sqlite://"):
        return await run_reminders(settings, now)
    lock = AdvisoryLock(settings.database.url, lock_key(REMINDER_JOB))
    if not await lock.try_acquire():
        log.info("reminder pass skipped: another process is running one")
        return None
    try:
        return await run_reminders(settings, now)
    finally:
        await lock.release()


async def run_reminder_loop(settings: Settings, stop: asyncio.Event) -> None:
    """The scheduled job: a pass now, then one every `check_every_minutes`, until stopped."""
    while not stop.is_set():
        try:
            queued = await run_reminders_once(settings, datetime.now(UTC))
            if queued:
                log.info("queued %s payment reminders", queued)
        except Exception:
            log.exception("reminder pass failed; the next pass retries")
        try:
            await asyncio.wait_for(stop.wait(), timeout=settings.reminders.check_every_minutes * 60)
        except TimeoutError:
            continue
