"""Reminders run once across workers: every `assent run` on one PostgreSQL database schedules the
pass, and passes that meet never both work (nor race on the reminders' unique keys)."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

from assent.settings import replace
from billing.documents.issue import issue
from mail.inbound.mailbox_lock import AdvisoryLock, lock_key
from mail.outbound.reminders import REMINDER_JOB, run_reminders_once
from models import Notification, OutboxEmail
from tests.factories import make_business, make_client, make_draft, make_owner
from tests.test_reminders_schedule import SETTINGS, noon


async def overdue_day() -> date:
    business = await make_business()
    await make_owner(business)
    client = await make_client(business)
    invoice = await issue(
        business, (await make_draft(business, client)).id, on_date=date(2026, 1, 1)
    )
    return invoice.due_date + timedelta(days=3)


async def test_two_workers_passes_at_once_send_one_reminder(postgres_db: str) -> None:
    settings = replace(SETTINGS, database={"url": postgres_db})
    now = noon(await overdue_day())

    results = await asyncio.gather(*(run_reminders_once(settings, now) for _ in range(4)))

    assert sorted(r or 0 for r in results) == [0, 0, 0, 1], results
    assert await OutboxEmail.filter(purpose="reminder").count() == 1
    assert await Notification.filter(kind="reminder_sent").count() == 1


async def test_a_pass_waits_for_none_while_another_worker_holds_the_job(
    postgres_db: str,
) -> None:
    settings = replace(SETTINGS, database={"url": postgres_db})
    now = noon(await overdue_day())
    other_worker = AdvisoryLock(postgres_db, lock_key(REMINDER_JOB))
    assert await other_worker.try_acquire()
    try:
        assert await run_reminders_once(settings, now) is None
        assert await OutboxEmail.filter(purpose="reminder").count() == 0
    finally:
        await other_worker.release()
    assert await run_reminders_once(settings, now) == 1
