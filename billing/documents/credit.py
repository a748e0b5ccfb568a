"""Correcting an issued invoice: a credit note that negates it, never an edit of the invoice."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from billing.documents.drafts import create_draft, draft_lines_of, get_document
from billing.documents.errors import InvalidTransition
from billing.documents.status import move
from models import (
    Business,
    Client,
    Document,
    DocumentKind,
    DocumentStatus,
    User,
)

CREDITABLE = (
    DocumentStatus.ISSUED,
    DocumentStatus.SENT,
    DocumentStatus.OVERDUE,
    DocumentStatus.PARTIALLY_PAID,
    DocumentStatus.PAID,
)


async def draft_credit_note(
    business: Business, invoice_id: int, *, user: User | None = None
) -> Document:
    """A draft credit note with every line of the invoice negated; the owner may trim it."""
    invoice = await get_document(business, invoice_id)
    if invoice.kind != DocumentKind.INVOICE or invoice.status not in CREDITABLE:
        raise InvalidTransition(
            kind=invoice.kind.value, current=invoice.status.value, to="credited"
        )
    lines = await draft_lines_of(invoice, sign=-1)
    client = await Client.get(id=invoice.client_id)
    note = await create_draft(business, client, DocumentKind.CREDIT_NOTE, lines, user=user)
    note.credited_invoice = invoice
    note.currency, note.language = invoice.currency, invoice.language
    await note.save(update_fields=["credited_invoice_id", "currency", "language"])
    return note


async def mark_credited(
    business: Business, credit_note: Document, *, user: User | None = None
) -> None:
    """Once the credit note is issued, the invoice it fully negates is marked credited."""
    if credit_note.credited_invoice_id is None:
        return
    async with in_transaction() as connection:
        invoice = (
            await Document.filter(id=credit_note.credited_invoice_id, business=business)
            .using_db(connection)
            .select_for_update()
            .get()
        )
        if invoice.total + credit_note.total == 0 and invoice.status in CREDITABLE:
            await move(
                invoice,
                DocumentStatus.CREDITED,
                connection,
                user=user,
                note=credit_note.number or "",
            )
            await invoice.save(using_db=connection, update_fields=["status", "updated_at"])
