"""After an acceptance: what the business chose to happen to the new invoice.

The invoice itself, the acceptance and the owner's chat message (with the PDF, rendered when it
is delivered) are made by `accept_proposal`, once per proposal. This step only applies the
acceptance policy — leave the draft, issue it, or issue and email it — and is safe to repeat
after a crash: issuing skips an invoice already issued, and the email is send number 0, which a
repeat finds instead of queueing another.
"""

from __future__ import annotations

import logging

from assent.settings import Settings
from billing.documents.convert import Conversion
from billing.documents.errors import DocumentError, DocumentLocked
from billing.documents.issue import issue
from billing.documents.issue_checks import IssueDataMissing
from billing.documents.issued_file import document_pdf
from mail.outbound.send_document import send_document
from models import AcceptancePolicy, Business, Document, DocumentStatus, User

log = logging.getLogger(__name__)


async def apply_acceptance_policy(
    business: Business, conversion: Conversion, settings: Settings, *, user: User | None = None
) -> Document:
    """Issue (and send) the invoice when the business asked for it; returns the invoice."""
    invoice = await Document.get(id=conversion.invoice.id)
    policy = business.acceptance_policy
    if policy == AcceptancePolicy.DRAFT:
        return invoice
    source = "owner" if user is not None else "email"
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
            await send_document(business, invoice.id, pdf=await document_pdf(invoice),
                                settings=settings, user=user, send_number=0, source=source)
        except DocumentError as refusal:  # e.g. the client has no email: the owner sends it
            log.warning("invoice %s not emailed automatically: %s", invoice.id, refusal)
        invoice = await Document.get(id=invoice.id)
    return invoice
