"""What the client still owes on an invoice, by one rule everything that shows it follows.

owed = total − withheld (the buyer pays that part to the tax office, not to us) − paid − credited
(what issued credit notes took off). Never below zero: money a credit note gives back beyond the
open balance is recorded on that credit note as a refund owed or a client credit.
"""

from __future__ import annotations

from decimal import Decimal

from models import Document, DocumentKind

ZERO = Decimal(0)


def payable(document: Document) -> Decimal:
    """What the buyer transfers for this document: its total less the withholdings."""
    return document.total - document.withheld


def balance_due(document: Document) -> Decimal:
    if document.kind != DocumentKind.INVOICE:
        return ZERO
    return max(ZERO, payable(document) - document.amount_paid - document.credited)
