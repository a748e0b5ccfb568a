"""Models → the PDF view: what a draft prints now, and what an issued document printed at issue.

`live_view` reads the models and the live business; issuing calls it once, inside its
transaction, and stores the result (billing.documents.frozen). `document_view` is what every
reader uses: the frozen view of an issued document, the live one of a draft.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from billing.documents.frozen import thaw
from billing.documents.snapshot import client_snapshot, seller_snapshot
from billing.i18n import translate
from billing.pdf.view import (
    AcceptanceView,
    BankView,
    DocumentView,
    LineView,
    PartyView,
    TaxView,
)
from models import Acceptance, Business, Client, Document, DocumentKind, DocumentLine

PAYMENT_WITHIN = "Payment within {days} days"
CODE_LABELS = {PAYMENT_WITHIN}  # "documents" msgids composed here rather than in a template


def _party(snapshot: dict[str, Any]) -> PartyView:
    street_lines = [snapshot.get("address", ""), snapshot.get("street", "")]
    city = " ".join(p for p in (snapshot.get("postcode", ""), snapshot.get("city", "")) if p)
    lines = [line for part in [*street_lines, city] for line in part.splitlines() if line.strip()]
    return PartyView(
        name=snapshot.get("name", ""),
        legal_name=snapshot.get("legal_name", ""),
        address_lines=tuple(lines),
        country_code=snapshot.get("country", ""),
        tax_id=snapshot.get("tax_id", ""),
        email=snapshot.get("email", ""),
        phone=snapshot.get("phone", ""),
    )


async def document_view(document: Document) -> DocumentView:
    """The frozen view once issued (never re-read from the business), the live one of a draft."""
    if document.frozen_view is not None:
        return thaw(document.frozen_view)
    return await live_view(document)


async def live_view(document: Document) -> DocumentView:
    """Drafts show the parties as they are now; documents issued before frozen views existed
    show the parties of their snapshots (and are frozen on first read, see issued_file)."""
    business = await Business.get(id=document.business_id)
    client = await Client.get(id=document.client_id)
    seller = document.seller_snapshot or seller_snapshot(business)
    buyer = document.client_snapshot or client_snapshot(client)
    lines = await DocumentLine.filter(document=document).order_by("position")
    related = {}
    if document.converted_from_id:
        related["proposal_number"] = (await Document.get(id=document.converted_from_id)).number
    if document.credited_invoice_id:
        credited = await Document.get(id=document.credited_invoice_id)
        related["credited_invoice_number"] = credited.number
    acceptance = await Acceptance.get_or_none(proposal_id=document.id)
    payment_terms = ""
    if document.kind == DocumentKind.INVOICE:
        days = _terms_days(document, business)
        payment_terms = translate("documents", document.language, PAYMENT_WITHIN, days=days)
    return DocumentView(
        kind=document.kind.value,
        number=document.number,
        currency=document.currency,
        language=document.language,
        seller=_party(seller),
        buyer=_party(buyer),
        lines=tuple(
            LineView(
                description=line.description,
                quantity=line.quantity,
                unit=line.unit,
                unit_price=line.unit_price,
                discount_percent=line.discount_percent,
                tax_rate=line.tax_rate,
                net=line.net,
            )
            for line in lines
        ),
        taxes=tuple(
            TaxView(rate=Decimal(t["rate"]), taxable=Decimal(t["taxable"]), tax=Decimal(t["tax"]))
            for t in document.tax_breakdown
        ),
        net=document.net,
        tax=document.tax,
        total=document.total,
        issue_date=document.issue_date,
        due_date=document.due_date,
        valid_until=document.valid_until,
        notes=document.notes,
        terms=document.terms,
        payment_terms=payment_terms,
        # A credit note is never a request to pay: no bank block on it.
        bank=BankView(iban=business.bank_details)
        if business.bank_details and document.kind != DocumentKind.CREDIT_NOTE
        else None,
        brand_colour=business.brand_colour,
        acceptance=AcceptanceView(
            name=acceptance.signer_name, accepted_on=acceptance.accepted_at.date()
        )
        if acceptance and acceptance.signer_name
        else None,
        **related,
    )


def _terms_days(document: Document, business: Business) -> int:
    """The terms that computed the due date: an invoice due 45 days after issue says 45 days,
    whatever the business's default is (then or now)."""
    if document.due_date is None:
        return business.payment_terms_days
    return (document.due_date - (document.issue_date or datetime.now(UTC).date())).days
