"""Payment reminders follow the schedule, never repeat across runs, and tell the owner."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from assent.settings import Settings, replace
from billing.documents.issue import issue
from mail.outbound.reminders import run_reminders
from models import Document, DocumentKind, DocumentStatus, Notification, OutboxEmail
from tests.factories import make_business, make_client, make_draft, make_owner

SETTINGS = replace(
    Settings(),
    smtp={"from_address": "billing@acme.example"},
    reminders={"first_after_days": 3, "interval_days": 7, "max_count": 2},
)


def noon(day: date) -> datetime:
    """Midday UTC: the same date on the factories' UTC business clock."""
    return datetime.combine(day, time(12), UTC)


async def test_overdue_invoice_gets_reminders_on_schedule_and_at_most_max(db: str) -> None:
    business = await make_business()
    await make_owner(business)
    client = await make_client(business)
    invoice = await issue(
        business, (await make_draft(business, client)).id, on_date=date(2026, 1, 1)
    )
    due = invoice.due_date
    assert await run_reminders(SETTINGS, noon(due)) == 0  # not overdue yet
    assert (
        await run_reminders(SETTINGS, noon(due + timedelta(days=1))) == 0
    )  # overdue, but too early
    assert (await Document.get(id=invoice.id)).status == DocumentStatus.OVERDUE
    assert await run_reminders(SETTINGS, noon(due + timedelta(days=3))) == 1
    assert (
        await run_reminders(SETTINGS, noon(due + timedelta(days=3))) == 0
    )  # a second run the same day
    assert await run_reminders(SETTINGS, noon(due + timedelta(days=9))) == 0
    assert await run_reminders(SETTINGS, noon(due + timedelta(days=10))) == 1
    assert await run_reminders(SETTINGS, noon(due + timedelta(days=40))) == 0  # max_count reached
    emails = await OutboxEmail.filter(purpose="reminder").order_by("id")
    assert [e.key for e in emails] == [f"reminder:{invoice.id}:0", f"reminder:{invoice.id}:1"]
    assert emails[0].recipients == ["jane@doe.example"]
    assert b"Reminder" in emails[0].raw_bytes
    assert await Notification.filter(kind="reminder_sent").count() == 2


async def test_proposals_expiring_and_expired_notify_the_owner_once(db: str) -> None:
    business = await make_business()
    await make_owner(business)
    client = await make_client(business)
    draft = await make_draft(business, client, DocumentKind.PROPOSAL)
    proposal = await issue(business, draft.id, on_date=date(2026, 1, 1))
    end = proposal.valid_until
    await run_reminders(SETTINGS, noon(end - timedelta(days=10)))
    assert not await Notification.exists(kind="proposal_expiry")
    await run_reminders(SETTINGS, noon(end - timedelta(days=2)))
    await run_reminders(SETTINGS, noon(end - timedelta(days=1)))
    assert await Notification.filter(kind="proposal_expiry").count() == 1
    await run_reminders(SETTINGS, noon(end + timedelta(days=1)))
    assert (await Document.get(id=proposal.id)).status == DocumentStatus.EXPIRED
    assert await Notification.filter(kind="proposal_expiry").count() == 2


async def test_overdue_counts_days_on_the_business_clock(db: str) -> None:
    """21:00 in Mexico City on the due date is already the next day in UTC: not overdue yet."""
    business = await make_business(timezone="America/Mexico_City")
    await make_owner(business)
    client = await make_client(business)
    invoice = await issue(
        business, (await make_draft(business, client)).id, on_date=date(2026, 1, 1)
    )
    evening = datetime.combine(invoice.due_date, time(21), UTC) + timedelta(hours=6)  # 21:00 CST
    assert await run_reminders(SETTINGS, evening) == 0
    assert (await Document.get(id=invoice.id)).status == DocumentStatus.ISSUED
    assert await run_reminders(SETTINGS, evening + timedelta(hours=4)) == 0  # 01:00 the day after
    assert (await Document.get(id=invoice.id)).status == DocumentStatus.OVERDUE
