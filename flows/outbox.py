"""/outbox: the emails that have not reached a client yet — waiting or given up — with Retry.

Its companion is /mail (what came in); together they answer "did my client get it, did they
answer". Without a mail server every email waits here, and the owner is told so once, plainly,
the first time they send one (a notification row with a unique key marks "told").
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from billing.i18n import day
from flows.context import Context
from flows.events import Event, EventKind
from flows.flow import N_, Outcome
from flows.home import HomeFlow
from flows.ports import DocumentMailer
from flows.replies import Choice, Reply
from models import Notification, OutboxEmail, OutboxStatus

SHOWN = 10
RETRY = "ob:retry:"
NO_SERVER = N_(
    "No mail server is set up, so emails wait in the outbox and have not reached anyone yet. "
    "They go out by themselves once smtp.host (ASSENT_SMTP_HOST) is set; /outbox lists them."
)


async def tell_once_without_server(ctx: Context, mailer: DocumentMailer) -> list[Reply]:
    """The plain word that queued emails are stuck, said once per owner and business."""
    if mailer.server_configured():
        return []
    business = ctx.require_business()
    key = f"no-smtp:{business.id}:{ctx.user.id}"
    if await Notification.filter(key=key).exists():
        return []
    # Said in this reply, so the row is born delivered: it only remembers that it was said.
    await Notification.bulk_create(
        [
            Notification(
                business=business,
                user=ctx.user,
                key=key,
                kind="smtp_missing",
                payload={"text": NO_SERVER},
                sent_at=datetime.now(UTC),
            )
        ],
        ignore_conflicts=True,
    )
    return [Reply("ℹ️ " + ctx.t(NO_SERVER))]


class OutboxFlow(HomeFlow):
    name = "outbox"

    def __init__(self, mailer: DocumentMailer) -> None:
        self.mailer = mailer

    async def start(
        self, ctx: Context, args: str, event: Event | None, carry: dict[str, Any]
    ) -> Outcome:
        return await self._list(ctx, [])

    async def handle(self, ctx: Context, state: dict[str, Any], event: Event) -> Outcome:
        choice = event.choice if event.kind == EventKind.CHOICE else ""
        if not choice.startswith(RETRY) or not choice[len(RETRY) :].isdigit():
            return await HomeFlow.start(self, ctx, "", event, {})  # text searches, as at home
        # The row is looked up within the user's business: another business's id retries nothing.
        row = await self.mailer.retry_email(ctx.require_business(), int(choice[len(RETRY) :]))
        if row is None:
            return await self._list(ctx, [Reply(ctx.t("That email is no longer waiting."))])
        to = ", ".join(row.recipients)
        return await self._list(ctx, [Reply(ctx.t("Queued the email to {to} again.", to=to))])

    async def _list(self, ctx: Context, before: list[Reply]) -> Outcome:
        rows = await self.mailer.undelivered(ctx.require_business(), SHOWN)
        if not rows:
            return Outcome([*before, Reply(ctx.t("Every email has gone out; none is waiting."))])
        lines = [ctx.t("Emails not delivered yet:")]
        lines += [
            f"• {day(row.created_at.date(), ctx.language)}, {', '.join(row.recipients)}, "
            f"“{row.subject}”: {self._state(ctx, row)}"
            for row in rows
        ]
        if not self.mailer.server_configured():
            lines.append("ℹ️ " + ctx.t(NO_SERVER))
        retry = ctx.t("Retry")
        choices = tuple(
            Choice(f"{retry}: {row.subject[:40]}", f"{RETRY}{row.id}")
            for row in rows
            if row.status == OutboxStatus.FAILED
        )
        return Outcome([*before, Reply("\n".join(lines), choices, columns=1)], {})

    def _state(self, ctx: Context, row: OutboxEmail) -> str:
        if row.status == OutboxStatus.FAILED:
            return ctx.t("could not be delivered ({error})", error=row.last_error[:200])
        if not self.mailer.server_configured():
            return ctx.t("waiting for a mail server")
        if row.attempts:
            return ctx.t("waiting; {attempts} attempts so far", attempts=row.attempts)
        return ctx.t("waiting to be sent")
