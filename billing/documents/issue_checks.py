"""What an invoice must name before it gets a number (VAT Directive Art. 226, EN 16931).

Checked in the issuing transaction, so the owner hears what to add when issuing — never later,
when the email is sent or an accountant reads it:
- the seller's VAT ID (Art. 226(3));
- the buyer's name and address (Art. 226(5)), unless the invoice may be simplified;
- the buyer's VAT ID for reverse charge (AE) and intra-EU supplies (K) (Art. 226(4));
- in a foreign currency, the exchange rate that restates the VAT in the business's (Art. 230).

Simplified invoices (Art. 220a, 226b) need no buyer details. Where the country allows them —
here Spain (Real Decreto 1619/2012 art. 4: up to 400 EUR VAT included) — an invoice whose buyer
details are missing is issued as simplified, numbered in its own series, instead of refused.
A credit note of a simplified invoice needs no more buyer details than the invoice had.
Proposals are not invoices and are not checked.
"""

from __future__ import annotations

from decimal import Decimal

from billing.documents.errors import DocumentError
from billing.documents.exchange import needs_exchange_rate
from billing.tax_categories import BUYER_VAT_ID_REQUIRED
from models import Business, Client, Document, DocumentKind, DocumentLine

# Country → (currency, highest total VAT included) for simplified invoices.
SIMPLIFIED_LIMITS: dict[str, tuple[str, Decimal]] = {"ES": ("EUR", Decimal(400))}


class IssueDataMissing(DocumentError):
    """The invoice lacks something Art. 226 requires; `key` says what to add."""

    key = "issue_data_missing"


def may_be_simplified(business: Business, document: Document) -> bool:
    """Spain: an invoice up to 400 EUR VAT included; never a credit note or a 0 % intra-EU line."""
    limit = SIMPLIFIED_LIMITS.get(business.country.upper())
    if limit is None or document.kind != DocumentKind.INVOICE:
        return False
    currency, highest = limit
    return document.currency == currency and 0 < document.total <= highest


async def check_issuable(business: Business, document: Document, client: Client) -> bool:
    """Refuse (IssueDataMissing) what may not be issued; True when it must be simplified."""
    if document.kind == DocumentKind.PROPOSAL:
        return False
    if not business.tax_id.strip():
        raise IssueDataMissing("issue_needs_seller_tax_id")
    if needs_exchange_rate(business, document):
        raise IssueDataMissing(
            "issue_needs_exchange_rate", currency=document.currency, accounting=business.currency
        )
    categories = set(
        await DocumentLine.filter(document=document).values_list("tax_category", flat=True)
    )
    if categories & BUYER_VAT_ID_REQUIRED and not client.tax_id.strip():
        raise IssueDataMissing("issue_needs_buyer_tax_id", client=client.display_name)
    has_address = bool(client.billing_street.strip() and client.billing_city.strip())
    if has_address and client.display_name.strip():
        return False
    if document.credited_invoice_id is not None:  # corrects a simplified invoice as simplified
        credited = await Document.get(id=document.credited_invoice_id)
        if credited.simplified:
            return False
    if not categories & BUYER_VAT_ID_REQUIRED and may_be_simplified(business, document):
        return True
    raise IssueDataMissing("issue_needs_buyer_address", client=client.display_name)
