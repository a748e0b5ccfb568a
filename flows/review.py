"""The owner's buttons under a reply Assent would not act on alone: accept, decline or ignore."""

from __future__ import annotations

from typing import Any

from billing.errors import BillingError
from flows.context import Context
from flows.events import Event
from flows.flow import Outcome
from flows.home import HomeFlow
from flows.ids import parse_id
from flows.ports import ReplyReviewer
from flows.refusals import error_text
from flows.replies import Reply


class ReviewFlow(HomeFlow):
    """Started by `review:<verb>:<inbound id>`; the reviewer checks the reply is this business's."""

    name = "review"

    def __init__(self, reviewer: ReplyReviewer) -> None:
        self.reviewer = reviewer

    async def start(
        self, ctx: Context, args: str, event: Event | None, carry: dict[str, Any]
    ) -> Outcome:
        verb, _, raw_id = args.partition(":")
        inbound_id = parse_id(raw_id)
        if inbound_id is None or verb not in ("accept", "decline", "ignore"):
            return Outcome([Reply(ctx.t("This button has expired."))])
        business = ctx.require_business()
        try:
            if verb == "accept":
                invoice = await self.reviewer.accept(business, inbound_id, ctx.user)
                text = ctx.t("Accepted for the client. Here is the invoice.")
                return Outcome([Reply(text, pdf_of=invoice.id)], then=("document", str(invoice.id)))
            if verb == "decline":
                proposal = await self.reviewer.decline(business, inbound_id, ctx.user)
                text = ctx.t("Marked the proposal declined.")
                return Outcome([Reply(text)], then=("document", str(proposal.id)))
            await self.reviewer.ignore(business, inbound_id, ctx.user)
            return Outcome([Reply(ctx.t("Ignored. Nothing changed."))])
        except BillingError as error:
            return Outcome([Reply("⚠️ " + error_text(ctx, error))])
