"""The tax part of a document's view: breakdown rows with their legal mention, withholdings,
and the VAT restated in the business's currency when the document is in another (Art. 230)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from billing.i18n import translate
from billing.money import exact_arithmetic, quantize
from billing.pdf.view import TaxView, WithholdingView
from billing.tax_categories import MENTIONS, STANDARD
from models import Business, Document


def tax_rows(breakdown: list[dict[str, Any]], language: str) -> tuple[TaxView, ...]:
    """Breakdown rows; rows stored before categories existed are S (or Z at 0 %)."""
    rows = []
    for row in breakdown:
        rate = Decimal(row["rate"])
        category = row.get("category") or (STANDARD if rate > 0 else "Z")
        mention = MENTIONS.get(category)
        rows.append(
            TaxView(
                rate=rate,
                taxable=Decimal(row["taxable"]),
                tax=Decimal(row["tax"]),
                category=category,
                exemption_reason=translate("documents", language, mention.text) if mention else "",
                exemption_code=mention.code if mention else "",
            )
        )
    return tuple(rows)


def withholding_rows(document: Document) -> tuple[WithholdingView, ...]:
    return tuple(
        WithholdingView(
            label=row["label"],
            rate=Decimal(row["rate"]),
            base=Decimal(row["base"]),
            amount=Decimal(row["amount"]),
        )
        for row in document.withholdings or []
    )


def accounting_currency_fields(document: Document, business: Business) -> dict[str, Any]:
    """Art. 230: a document in another currency states its VAT in the business's currency too,
    at the rate the owner entered; the rate is frozen with the rest of the view."""
    if document.currency == business.currency or document.exchange_rate is None:
        return {}
    with exact_arithmetic():
        converted = quantize(document.tax * document.exchange_rate, business.currency)
    return {
        "accounting_currency": business.currency,
        "exchange_rate": document.exchange_rate.normalize(),
        "tax_in_accounting_currency": converted,
    }
