"""/mail: the replies Assent received for this business lately and what it did with each, so an
owner can see that a client's email arrived and why nothing happened (an automatic reply, a
duplicate, an unsigned acceptance waiting for them)."""

from __future__ import annotations

from typing import Any

from billing.i18n import day
from flows.context import Context
from flows.events import Event
from flows.flow import N_, Outcome
from flows.home import HomeFlow
from flows.replies import Reply
from models import InboundMessage, InboundStatus

SHOWN = 10
DECISIONS = {
    "invoice": N_("turned into an invoice"),
    "decline": N_("marked the proposal declined"),
    "ask_owner": N_("asked you"),
    "ignore": N_("left alone"),
    "bounce": N_("a delivery failure report"),
}
REASONS = {
    "loop_from_self": N_("sent by Assent itself"),
    "auto_reply": N_("an automatic reply"),
    "mailing_list": N_("a mailing list"),
    "read_receipt": N_("a read receipt"),
    "bounce_report": N_("a delivery report"),
    "unroutable": N_("about no proposal"),
    "duplicate": N_("a copy of an email already handled"),
    "invoice_reply": N_("a reply to an invoice"),
    "unmatched_bounce": N_("a delivery report about no email of ours"),
    "unclear_intent": N_("not clearly an acceptance"),
    "unsigned": N_("not signed with a name"),
    "signer_mismatch": N_("signed with another name"),
    "sender_mismatch": N_("from another address than the client's"),
    "sender_spoof": N_("from a forged sender"),
    "unauthenticated": N_("not authenticated by the mail server"),
    "proposal_expired": N_("the proposal had expired"),
    "already_accepted": N_("the proposal was already accepted"),
    "proposal_not_open": N_("the proposal was no longer open"),
}
PENDING = {
    InboundStatus.RECEIVED: N_("not handled yet"),
    InboundStatus.FAILED: N_("failed; I will try again"),
}


class RecentMailFlow(HomeFlow):
    name = "recent_mail"

    async def start(
        self, ctx: Context, args: str, event: Event | None, carry: dict[str, Any]
    ) -> Outcome:
        rows = (
            await InboundMessage.filter(business=ctx.require_business())
            .order_by("-id")
            .limit(SHOWN)
        )
        if not rows:
            return Outcome([Reply(ctx.t("No replies to your proposals have arrived yet."))])
        lines = [ctx.t("Latest replies and what I did:")]
        lines += [f"• {day(row.received_at.date(), ctx.language)}, {row.sender or '?'}, "
                  f"“{row.subject}”: {verdict(ctx, row)}" for row in rows]
        return Outcome([Reply("\n".join(lines))])


def verdict(ctx: Context, row: InboundMessage) -> str:
    if row.status in PENDING:
        return ctx.t(PENDING[row.status])
    text = ctx.t(DECISIONS.get(row.decision, N_("left alone")))
    if row.skip_reason:
        text += f" ({ctx.t(REASONS.get(row.skip_reason, row.skip_reason))})"
    return text
