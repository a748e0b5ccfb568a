"""The Send button under an accepted proposal's invoice (a notice's button, `invoice:send:<id>`)."""

from __future__ import annotations

from typing import Any

from billing.documents.drafts import get_document
from billing.documents.errors import DocumentError
from billing.documents.issue import issue
from billing.errors import BillingError
from flows.context import Context
from flows.documents.card import DocumentCardFlow
from flows.events import Event
from flows.flow import Outcome
from flows.ids import parse_id
from flows.refusals import error_text
from flows.replies import Reply
from models import DocumentKind, DocumentStatus


class SendInvoiceFlow(DocumentCardFlow):
    """The Send button under an accepted proposal's invoice: issue if needed, then email it once.

    It sends as send number 0, so pressing the button twice (or on two devices) queues one email.
    """

    name = "send_invoice"

    async def start(
        self, ctx: Context, args: str, event: Event | None, carry: dict[str, Any]
    ) -> Outcome:
        business = ctx.require_business()
        try:
            document = await get_document(business, parse_id(args) or 0)
        except DocumentError:
            return Outcome([Reply(ctx.t("That document doesn't exist."))])
        try:
            if document.kind != DocumentKind.INVOICE:
                return Outcome([Reply(ctx.t("That document doesn't exist."))])
            if document.status == DocumentStatus.DRAFT:
                document = await issue(business, document.id, user=ctx.user)
            return await self._act(ctx, document, "doc:send:0")
        except BillingError as error:
            outcome = await self._card(ctx, await get_document(business, document.id))
            outcome.replies.insert(0, Reply("⚠️ " + error_text(ctx, error)))
            return outcome
