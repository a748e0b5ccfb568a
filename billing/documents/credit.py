"""Correcting an issued invoice: a credit note for all of it, some of its lines or an amount —
never an edit of the invoice.

A credit note states why (its reason, printed) and which invoice of which date it corrects. When
it is issued, its value (VAT included, less withholdings) comes off the invoice's open balance
first; what is left over was already paid, so it is recorded on the credit note as money owed
back: a refund, or a credit the client keeps for later invoices (`refund_kind`).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from tortoise.backends.base.client import BaseDBAsyncClient

from billing.documents.balance import payable
from billing.documents.drafts import DraftLine, create_draft, draft_lines_of, get_document
from billing.documents.errors import DocumentError, InvalidTransition
from billing.documents.status import move
from billing.i18n import translate
from billing.money import quantize
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
REFUND, CLIENT_CREDIT = "refund", "client_credit"
# The line an amount-only credit note carries, in the invoice's language ("documents" msgid).
ADJUSTMENT = "Adjustment to invoice {number}"


class InvalidCredit(DocumentError, ValueError):
    """The lines or amount to credit do not fit the invoice (see `key`)."""

    key = "credit_invalid"


async def draft_credit_note(
    business: Business,
    invoice_id: int,
    *,
    user: User | None = None,
    positions: Sequence[int] = (),
    amount: Decimal | None = None,
    reason: str = "",
    refund_kind: str = REFUND,
) -> Document:
    """A draft credit note: the invoice's lines at `positions` (1-based; none and no amount:
    every line), plus `amount` before VAT at the invoice's one VAT rate, all negated."""
    invoice = await get_document(business, invoice_id)
    if invoice.kind != DocumentKind.INVOICE or invoice.status not in CREDITABLE:
        raise InvalidTransition(
            kind=invoice.kind.value, current=invoice.status.value, to="credited"
        )
    if refund_kind not in (REFUND, CLIENT_CREDIT):
        raise ValueError(f"refund_kind {refund_kind!r}")
    invoice_lines = await draft_lines_of(invoice, sign=-1)
    if any(not 1 <= position <= len(invoice_lines) for position in positions):
        raise InvalidCredit("credit_line_unknown", lines=len(invoice_lines))
    lines = [invoice_lines[position - 1] for position in positions]
    if amount is not None:
        lines.append(_adjustment(invoice, invoice_lines, amount))
    if not lines:
        lines = invoice_lines
    client = await Client.get(id=invoice.client_id)
    note = await create_draft(business, client, DocumentKind.CREDIT_NOTE, lines, user=user)
    note.credited_invoice = invoice
    note.currency, note.language = invoice.currency, invoice.language
    note.exchange_rate = invoice.exchange_rate
    note.credit_reason, note.refund_kind = reason.strip()[:500], refund_kind
    await note.save(
        update_fields=[
            "credited_invoice_id", "currency", "language", "exchange_rate", "credit_reason",
            "refund_kind",
        ]
    )
    return note


def _adjustment(invoice: Document, lines: list[DraftLine], amount: Decimal) -> DraftLine:
    rates = {(line.tax_category, line.tax_rate) for line in lines}
    if len(rates) != 1:
        raise InvalidCredit("credit_amount_several_rates")
    if amount <= 0 or amount > invoice.net:
        net = quantize(invoice.net, invoice.currency)
        raise InvalidCredit("credit_amount_out_of_range", net=net)
    category, rate = rates.pop()
    description = translate("documents", invoice.language, ADJUSTMENT, number=invoice.number)
    return DraftLine(description, Decimal(-1), amount, tax_rate=rate, tax_category=category)


def creditable(invoice: Document) -> Decimal:
    """What credit notes may still take off the invoice (VAT included, less withholdings)."""
    return payable(invoice) - invoice.credited


async def apply_credit(
    business: Business,
    note: Document,
    connection: BaseDBAsyncClient,
    *,
    user: User | None = None,
) -> None:
    """In the transaction that issues the credit note, so it applies exactly once: take its
    value off the invoice, record what goes back to the client, and mark the invoice credited
    when nothing of it remains. More than the invoice has left is refused."""
    invoice = (
        await Document.filter(id=note.credited_invoice_id, business=business)
        .using_db(connection)
        .select_for_update()
        .get()
    )
    value = -payable(note)
    if value > creditable(invoice):
        remaining = quantize(creditable(invoice), invoice.currency)
        raise InvalidCredit("credit_exceeds_invoice", remaining=remaining)
    still_open = max(Decimal(0), payable(invoice) - invoice.amount_paid - invoice.credited)
    note.refund_amount = max(Decimal(0), value - still_open)
    invoice.credited += value
    fields = ["credited", "updated_at"]
    if invoice.credited >= payable(invoice) and invoice.status in CREDITABLE:
        await move(invoice, DocumentStatus.CREDITED, connection, user=user, note=note.number or "")
        fields.append("status")
    await invoice.save(using_db=connection, update_fields=fields)
