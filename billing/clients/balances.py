"""What a client has been billed, has paid and still owes, per currency."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from billing.documents.balance import payable
from models import Client, Document, DocumentKind, DocumentStatus

NOT_BILLED = (DocumentStatus.DRAFT, DocumentStatus.CANCELLED)


@dataclass(frozen=True)
class Balance:
    """Invoiced is what the client pays us (withholdings go to the tax office), less credit
    notes; a negative outstanding is money we owe them back (refund or client credit)."""

    currency: str
    invoiced: Decimal
    paid: Decimal

    @property
    def outstanding(self) -> Decimal:
        return self.invoiced - self.paid


async def client_balance(client: Client) -> Balance:
    """Invoices minus credit notes; a client has one currency once anything is issued."""
    invoiced = paid = Decimal(0)
    documents = await Document.filter(
        client=client, kind__in=[DocumentKind.INVOICE, DocumentKind.CREDIT_NOTE]
    ).exclude(status__in=NOT_BILLED)
    for document in documents:
        invoiced += payable(document)
        paid += document.amount_paid
    return Balance(client.currency, invoiced, paid)
