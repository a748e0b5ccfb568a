"""A sent document's email as the owner should read it: "queued" until the mail server took it.

Sending marks the document SENT in the same commit that queues its email (see
mail/outbound/send_document.py), so the status alone would claim "sent" while the email still
waits in the outbox, or after the sender gave up. Cards and lists show the latest send's state.
"""

from __future__ import annotations

from collections.abc import Iterable

from flows.context import Context
from flows.documents.names import STATUS_NAMES
from flows.flow import N_
from models import Business, Document, DocumentStatus, OutboxEmail, OutboxStatus

EMAIL_STATES = {
    OutboxStatus.PENDING: N_("queued"),
    OutboxStatus.FAILED: N_("not delivered"),
}


async def latest_sends(business: Business, document_ids: Iterable[int]) -> dict[int, str]:
    """Each document's latest send email's status (only sends, not reminders or welcomes)."""
    ids = list(document_ids)
    if not ids:
        return {}
    rows = (
        await OutboxEmail.filter(business=business, document_id__in=ids, key__contains=":send:")
        .order_by("id")
        .values_list("document_id", "status")
    )
    return {document_id: status for document_id, status in rows}


def status_text(ctx: Context, document: Document, email_status: str | None) -> str:
    """ "sent" only once the server accepted the email; "queued" or "not delivered" before."""
    if document.status == DocumentStatus.SENT and email_status in EMAIL_STATES:
        return ctx.t(EMAIL_STATES[OutboxStatus(email_status)])
    return ctx.t(STATUS_NAMES[document.status])
