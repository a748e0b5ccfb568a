"""Models → the PDF view: what a draft prints now, and what an issued document printed at issue.

`live_view` reads the models and the live business; issuing calls it once, inside its
transaction, and stores the result (billing.documents.frozen). `document_view` is what every
reader uses: the frozen view of an issued document, the live one of a draft.
"""

from __future__ import annotations

from typing import Any

from billing.businesses.bank import bank_view
from billing.businesses.clock import today_for
from billing.businesses.logo import business_logo
from billing.documents.credit import ADJUSTMENT
from billing.documents.frozen import thaw
from billing.documents.snapshot import client_snapshot, seller_snapshot
from billing.documents.view_taxes import (
    accounting_currency_fields,
    tax_rows,
    withholding_rows,
)
from billing.einvoice.payment import with_payment_means
from billing.einvoice.units import unit_code
from billing.i18n import translate_plural
from billing.pdf.view import (
    AcceptanceView,
    DocumentView,
    LineView,
    PartyView,
)
from billing.tax_categories import MENTION_LABELS
from models import Acceptance, Business, Client, Document, DocumentKind, DocumentLine
from models.together import known, read_together

PAYMENT_WITHIN = ("Payment within {days} day", "Payment within {days} days")
# "documents" msgids composed in code rather than in a template
CODE_LABELS = {PAYMENT_WITHIN, ADJUSTMENT, *MENTION_LABELS}


def _party(snapshot: dict[str, Any]) -> PartyView:
    # Snapshots from before the address was split keep their free-text "address" lines.
    return PartyView(
        name=snapshot.get("name", ""),
        legal_name=snapshot.get("legal_name", ""),
        address_lines=tuple(snapshot.get("address", "").splitlines()),
        street=snapshot.get("street", ""),
        city=snapshot.get("city", ""),
        postcode=snapshot.get("postcode", ""),
        region=snapshot.get("region", ""),
        country_code=snapshot.get("country", ""),
        tax_id=snapshot.get("tax_id", ""),
        tax_id_kind=snapshot.get("tax_id_kind", ""),
        registration=snapshot.get("registration", ""),
        email=snapshot.get("email", ""),
        phone=snapshot.get("phone", ""),
    )


async def _document(document_id: int | None) -> Document | None:
    return None if document_id is None else await Document.get(id=document_id)


async def document_view(document: Document) -> DocumentView:
    """The frozen view once issued (never re-read from the business), the live one of a draft."""
    if document.frozen_view is not None:
        return thaw(document.frozen_view)
    return await live_view(document)


async def live_view(document: Document, business: Business | None = None) -> DocumentView:
    """Drafts show the parties as they are now; documents issued before frozen views existed
    show the parties of their snapshots (and are frozen on first read, see issued_file).

    `business` is the document's when the caller holds it already. The reads go out together:
    an accepted proposal's invoice PDF in chat waits on one round trip for them, not five."""
    business, client, lines, proposal, credited, acceptance = await read_together(
        known(business) if business is not None else Business.get(id=document.business_id),
        Client.get(id=document.client_id),
        DocumentLine.filter(document=document).order_by("position"),
        _document(document.converted_from_id),
        _document(document.credited_invoice_id),
        # Only a proposal is ever accepted.
        Acceptance.get_or_none(proposal_id=document.id)
        if document.kind == DocumentKind.PROPOSAL else known(None),
    )
    seller = document.seller_snapshot or seller_snapshot(business)
    buyer = document.client_snapshot or client_snapshot(client)
    related = {}
    if proposal is not None:
        related["proposal_number"] = proposal.number
    if credited is not None:
        related["credited_invoice_number"] = credited.number
        related["credited_invoice_date"] = credited.issue_date
    payment_terms = ""
    if document.kind == DocumentKind.INVOICE:
        days = _terms_days(document, business)
        payment_terms = translate_plural(
            "documents", document.language, *PAYMENT_WITHIN, days, days=days
        )
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
                unit_code=unit_code(line.unit),
                unit_price=line.unit_price,
                discount_percent=line.discount_percent,
                tax_rate=line.tax_rate,
                net=line.net,
                tax_category=line.tax_category,
            )
            for line in lines
        ),
        taxes=tax_rows(document.tax_breakdown, document.language),
        withholdings=withholding_rows(document),
        payable=document.total - document.withheld if document.withheld else None,
        credit_reason=document.credit_reason,
        simplified=document.simplified,
        net=document.net,
        tax=document.tax,
        total=document.total,
        issue_date=document.issue_date,
        due_date=document.due_date,
        valid_until=document.valid_until,
        supply_date=document.supply_date,
        supply_end_date=document.supply_end_date,
        notes=document.notes,
        terms=document.terms,
        # One reference serves as both: buyers quote their PO number as their reference.
        buyer_reference=document.client_reference,
        order_reference=document.client_reference,
        payment_terms=payment_terms,
        # A credit note is never a request to pay: no bank block on it.
        bank=with_payment_means(bank_view(business.bank_details), business.payment_means)
        if document.kind != DocumentKind.CREDIT_NOTE
        else None,
        brand_colour=business.brand_colour,
        logo=await business_logo(business),
        acceptance=AcceptanceView(
            name=acceptance.signer_name, accepted_on=acceptance.accepted_at.date()
        )
        if acceptance and acceptance.signer_name
        else None,
        **accounting_currency_fields(document, business),
        **related,
    )


def _terms_days(document: Document, business: Business) -> int:
    """The terms that computed the due date: an invoice due 45 days after issue says 45 days,
    whatever the business's default is (then or now)."""
    if document.due_date is None:
        return business.payment_terms_days
    return (document.due_date - (document.issue_date or today_for(business))).days
