"""Recording money received: partial payments add up; the invoice's status follows the balance."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tortoise.transactions import in_transaction

from billing.audit import record
from billing.documents.balance import balance_due
from billing.documents.errors import DocumentNotFound, InvalidTransition
from billing.documents.status import move
from billing.errors import InvalidAmount
from billing.money import quantize
from models import Business, Document, DocumentKind, DocumentStatus, Payment, User

PAYABLE = (
    DocumentStatus.ISSUED,
    DocumentStatus.SENT,
    DocumentStatus.OVERDUE,
    DocumentStatus.PARTIALLY_PAID,
)


async def record_payment(
    business: Business,
    invoice_id: int,
    amount: Decimal,
    *,
    paid_on: date,
    method: str = "",
    reference: str = "",
    user: User | None = None,
) -> Payment:
    """Overpaying is refused: the owner records what settles the balance, or a credit note."""
    async with in_transaction() as connection:
        invoice = (
            await Document.filter(id=invoice_id, business=business, kind=DocumentKind.INVOICE)
            .using_db(connection)
            .select_for_update()
            .first()
        )
        if invoice is None:
            raise DocumentNotFound(document_id=invoice_id)
        if invoice.status not in PAYABLE:
            raise InvalidTransition(kind="invoice", current=invoice.status.value, to="paid")
        amount = quantize(amount, invoice.currency)
        balance = balance_due(invoice)
        if amount <= 0 or amount > balance:
            raise InvalidAmount("payment_out_of_range", amount=amount, balance=balance)
        payment = await Payment.create(
            business=business,
            invoice=invoice,
            amount=amount,
            currency=invoice.currency,
            paid_on=paid_on,
            method=method,
            reference=reference,
            created_by=user,
            using_db=connection,
        )
        invoice.amount_paid += amount
        target = DocumentStatus.PAID if balance_due(invoice) == 0 else DocumentStatus.PARTIALLY_PAID
        await move(invoice, target, connection, user=user, note=str(amount))
        await invoice.save(
            using_db=connection, update_fields=["amount_paid", "status", "updated_at"]
        )
        await record(business, user, "invoice.payment", invoice, after={"amount": amount})
    return payment
