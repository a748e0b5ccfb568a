"""Issuing: the moment a draft gets its number, its dates and its frozen view, all at once.

Its file (billing.documents.issued_file) is built from that view by the first reader — in every
issuing path the very next step (the PDF in chat, the acceptance notice, the email) — and stored
once; rendering here would make bulk issuing pay for PDFs nobody asked for yet.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tortoise.transactions import in_transaction

from billing.businesses.clock import today_for
from billing.documents.credit import apply_credit
from billing.documents.drafts import locked_draft
from billing.documents.errors import EInvoiceIncomplete, EmptyDocument
from billing.documents.frozen import freeze
from billing.documents.issue_checks import SIMPLIFIED_LIMITS, check_issuable
from billing.documents.snapshot import client_snapshot, seller_snapshot
from billing.documents.status import move
from billing.documents.view import live_view
from billing.einvoice.rules import einvoice_problems
from billing.numbering import prepare_sequence, take_number
from models import Business, Client, Document, DocumentKind, DocumentLine, DocumentStatus, User


async def issue(
    business: Business,
    document_id: int,
    *,
    user: User | None = None,
    on_date: date | None = None,
    source: str = "chat",
) -> Document:
    """Number the draft and lock it; a failure leaves the draft and the counter as they were."""
    on_date = on_date or today_for(business)
    kind = (await Document.get(id=document_id, business=business)).kind
    await prepare_sequence(business, kind, on_date)
    if kind == DocumentKind.INVOICE and business.country.upper() in SIMPLIFIED_LIMITS:
        await prepare_sequence(business, kind, on_date, simplified=True)
    async with in_transaction() as connection:
        document = await locked_draft(business, document_id, connection)
        if not await DocumentLine.filter(document=document).using_db(connection).exists():
            raise EmptyDocument(document_id=document_id)
        client = await Client.get(id=document.client_id).using_db(connection)
        document.simplified = await check_issuable(business, document, client)
        document.number, document.sequence_value = await take_number(
            business, kind, on_date, connection, simplified=document.simplified
        )
        document.issue_date = on_date
        document.issued_at = datetime.now(UTC)
        if kind == DocumentKind.INVOICE and document.due_date is None:
            document.due_date = on_date + timedelta(days=business.payment_terms_days)
        if kind == DocumentKind.PROPOSAL and document.valid_until is None:
            document.valid_until = on_date + timedelta(days=business.proposal_validity_days)
        document.seller_snapshot = seller_snapshot(business)
        document.client_snapshot = client_snapshot(client)
        await move(document, DocumentStatus.ISSUED, connection, source=source, user=user)
        if kind == DocumentKind.CREDIT_NOTE and document.credited_invoice_id is not None:
            await apply_credit(business, document, connection, user=user)
        # What it prints is fixed now, from the business as it is at this moment.
        view = await live_view(document)
        problems = einvoice_problems(view) if business.embed_einvoice else []
        if problems:  # the first thing to add; the next is named on the next try
            raise EInvoiceIncomplete(problems[0], document_id=document_id)
        document.frozen_view = freeze(view)
        await document.save(using_db=connection)
    return document
