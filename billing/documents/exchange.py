"""The exchange rate of a document in another currency than the business's (Art. 230).

The VAT of an invoice in KWD or JPY from a Spanish business must also be stated in EUR. The
owner enters the rate (business currency per unit of the document's currency, as the bank or
the central bank quoted it) on the draft; issuing freezes it with the view, and a document in a
foreign currency is not issued without one (billing.documents.issue_checks).
"""

from __future__ import annotations

from decimal import Decimal

from tortoise.transactions import in_transaction

from billing.documents.drafts import locked_draft
from billing.errors import InvalidAmount
from models import Business, Document

MAX_PLACES = 6  # the column's precision; central banks quote 4 to 6 significant decimals


async def set_exchange_rate(business: Business, document_id: int, rate: Decimal) -> Document:
    """Store the rate on a draft; refused when not positive or more precise than stored."""
    if rate <= 0 or rate >= Decimal(10) ** 12:
        raise InvalidAmount("exchange_rate_out_of_range", rate=rate)
    if -rate.normalize().as_tuple().exponent > MAX_PLACES:
        raise InvalidAmount("exchange_rate_too_precise", rate=rate, places=MAX_PLACES)
    async with in_transaction() as connection:
        document = await locked_draft(business, document_id, connection)
        document.exchange_rate = rate
        await document.save(using_db=connection, update_fields=["exchange_rate", "updated_at"])
    return document


def needs_exchange_rate(business: Business, document: Document) -> bool:
    return document.currency != business.currency and document.exchange_rate is None
