"""One road from "the client said yes" to the invoice, whichever way they said it.

An email reply (mail/inbound), the owner's button for a reply (mail/inbound/review) and the
client's web page (web/) all check the proposal with `refusal()`, convert it with
`accept_proposal()` (once, see convert.py) and then apply the business's acceptance policy here;
a refusal is declined with `decline_proposal()`. Sending the issued invoice is a port
(`InvoiceSender`) so that billing never imports the mail side.
"""

from __future__ import annotations

import logging
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from tortoise.transactions import in_transaction

from billing.businesses.clock import today_for
from billing.documents.convert import Conversion, notify_owners
from billing.documents.errors import DocumentError, DocumentLocked
from billing.documents.issue import issue
from billing.documents.issue_checks import IssueDataMissing
from billing.documents.status import move
from models import Acceptance, AcceptancePolicy, Business, Document, DocumentStatus, User

log = logging.getLogger(__name__)

OPEN = (DocumentStatus.ISSUED, DocumentStatus.SENT)

DECLINED_TEXT = "{client} declined proposal {number}:\n\n“{reply_text}”"
WEB_DECLINED_TEXT = "{client} declined proposal {number} on the proposal page:\n\n“{reply_text}”"
WEB_DECLINED_SILENT_TEXT = "{client} declined proposal {number} on the proposal page."
DECLINED_TEXTS = (DECLINED_TEXT, WEB_DECLINED_TEXT, WEB_DECLINED_SILENT_TEXT)
REASON_PREVIEW_CHARS = 1500  # the whole message must stay under Telegram's 4096 characters


class InvoiceSender(Protocol):
    """Emails an issued invoice once (send number 0); implemented by mail/outbound."""

    async def send(
        self, business: Business, document_id: int, *, user: User | None, send_number: int,
        source: str = "chat",
    ) -> object: ...


class Refusal(StrEnum):
    """Why a proposal cannot be accepted now."""

    ALREADY_ACCEPTED = "already_accepted"
    EXPIRED = "expired"
    DECLINED = "declined"
    NOT_OPEN = "not_open"


def refusal_of(
    proposal: Document, acceptance: Acceptance | None, business: Business, moment: datetime
) -> Refusal | None:
    """None when the proposal may be accepted at `moment`; otherwise the reason it may not."""
    if acceptance is not None:
        return Refusal.ALREADY_ACCEPTED
    if proposal.status == DocumentStatus.EXPIRED:
        return Refusal.EXPIRED
    if proposal.status == DocumentStatus.DECLINED:
        return Refusal.DECLINED
    if proposal.status not in OPEN:
        return Refusal.NOT_OPEN
    if proposal.valid_until is not None and proposal.valid_until < today_for(business, moment):
        return Refusal.EXPIRED
    return None


async def apply_acceptance_policy(
    business: Business, conversion: Conversion, sender: InvoiceSender, *,
    user: User | None = None, source: str = "email",
) -> Document:
    """Issue (and send) the invoice when the business asked for it; returns the invoice.

    Safe to repeat after a crash: issuing skips an invoice already issued, and the email is send
    number 0, which a repeat finds instead of queueing another.
    """
    policy = business.acceptance_policy
    if policy == AcceptancePolicy.DRAFT:
        return conversion.invoice
    invoice = await Document.get(id=conversion.invoice.id)
    source = "owner" if user is not None else source
    if invoice.status == DocumentStatus.DRAFT:
        try:
            invoice = await issue(business, invoice.id, user=user, source=source)
        except DocumentLocked:  # issued meanwhile by a concurrent run of this same step
            invoice = await Document.get(id=invoice.id)
        except IssueDataMissing as refusal:  # the owner's Send button says what to add
            log.warning("invoice %s left as a draft: %s", invoice.id, refusal.key)
            return invoice
    if policy == AcceptancePolicy.ISSUE_AND_SEND:
        try:
            await sender.send(business, invoice.id, user=user, send_number=0, source=source)
        except DocumentError as refusal:  # e.g. the client has no email: the owner sends it
            log.warning("invoice %s not emailed automatically: %s", invoice.id, refusal)
        invoice = await Document.get(id=invoice.id)
    return invoice


def declined_notice(proposal: Document, client: str, reason: str, source: str) -> dict[str, Any]:
    """The owner's chat message about a refusal, with the client's words when there are any."""
    if source == "email":
        text = DECLINED_TEXT
    else:
        text = WEB_DECLINED_TEXT if reason.strip() else WEB_DECLINED_SILENT_TEXT
    return {
        "text": text,
        "params": {"client": client, "number": proposal.number or f"#{proposal.id}",
                   "reply_text": reason[:REASON_PREVIEW_CHARS]},
        "choices": [["View proposal", f"proposal:view:{proposal.id}"]],
        "document_attachment_id": None,
        "proposal_id": proposal.id,
        "reply_text": reason,
    }


async def decline_proposal(
    business: Business, proposal_id: int, *, client: str, reason: str, source: str
) -> Refusal | None:
    """Open → DECLINED and the owner told; a repeat only re-tells (the notice key is unique)."""
    async with in_transaction() as connection:
        query = Document.filter(id=proposal_id, business=business).using_db(connection)
        locked = await query.select_for_update().get()
        if locked.status == DocumentStatus.ACCEPTED:
            return Refusal.ALREADY_ACCEPTED
        if locked.status not in (*OPEN, DocumentStatus.DECLINED):
            return Refusal.NOT_OPEN
        if locked.status != DocumentStatus.DECLINED:
            await move(locked, DocumentStatus.DECLINED, connection, source=source,
                       note=reason[:500])
            await locked.save(using_db=connection, update_fields=["status", "updated_at"])
        await notify_owners(
            business, key=f"proposal-declined:{proposal_id}", kind="proposal_declined",
            payload=declined_notice(locked, client, reason, source), connection=connection,
        )
    return None
