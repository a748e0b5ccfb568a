"""What the CII and UBL builders both say, computed once from the view: the texts EN 16931 has
no element for, the sign of the amounts, the line allowance, and which tax IDs may be stated."""

from __future__ import annotations

from decimal import Decimal

from billing.einvoice.rules import amount, is_vat_id
from billing.money import quantize
from billing.pdf.view import DocumentView, LineView, PartyView

NO_RATE = frozenset({"O"})  # "not subject to VAT" lines and breakdowns carry no rate (BR-O-05)
NO_REASON = frozenset({"S", "Z"})  # these may not carry an exemption reason (BR-S-10, BR-Z-10)


def notes(view: DocumentView) -> list[str]:
    """BT-22: the notes, the tax mention, the credit reason, and what has no element of its own
    (the exchange rate, each withholding)."""
    texts = [view.notes, view.terms, view.tax_note, view.credit_reason]
    if view.exchange_rate is not None and view.accounting_currency:
        texts.append(f"1 {view.currency} = {view.exchange_rate} {view.accounting_currency}")
    texts.extend(
        f"{w.label} {w.rate} %: -{amount(w.amount)} {view.currency}" for w in view.withholdings
    )
    return [text for text in texts if text.strip()]


def terms_text(view: DocumentView) -> str:
    """BT-20: the printed terms; a credit note names what it corrects (BR-CO-25 wants a text
    when an amount is due), and a withholding the amount actually payable."""
    parts = [view.payment_terms]
    if view.kind == "credit_note" and view.credited_invoice_number:
        corrected = view.credited_invoice_number
        if view.credited_invoice_date:
            corrected += f" ({view.credited_invoice_date.isoformat()})"
        parts.append(corrected)
    if view.payable is not None and view.payable != view.total:
        parts.append(f"{amount(view.payable)} {view.currency}")
    return " · ".join(part for part in parts if part) or "-"


def not_subject(view: DocumentView) -> bool:
    """An invoice outside the scope of VAT states no VAT IDs at all (BR-O-02)."""
    return bool(view.taxes) and all(tax.category == "O" for tax in view.taxes)


def foreign_tax_currency(view: DocumentView) -> bool:
    """VAT is also stated in the business's accounting currency (BT-6, BT-111)."""
    return bool(view.accounting_currency) and view.accounting_currency != view.currency


def line_allowance(line: LineView, sign: int, currency: str) -> tuple[Decimal, Decimal]:
    """(gross, discount) of a line as printed: the discount is gross − net, never rounded apart."""
    gross = amount(quantize(sign * line.quantity * line.unit_price, currency))
    return gross, gross - amount(sign * line.net)



def party_ids(party: PartyView, *, seller: bool, vat_ids: bool) -> tuple[str, str, str]:
    """(VAT ID BT-31/48, seller tax registration BT-32, legal registration BT-30/47).

    A trade register entry (Nr. Reg. Com., Registro Mercantil) is the legal registration where
    the seller has one (CIUS-RO reads BT-30 so); otherwise a national number (NIF, RFC, CUI) is,
    and the seller's tax registration too; a VAT ID is stated as such unless out of scope."""
    if not party.tax_id:
        return "", "", party.registration
    if vat_ids and is_vat_id(party):
        return party.tax_id, "", party.registration
    return "", party.tax_id if seller else "", party.registration or party.tax_id


def street_lines(party: PartyView) -> list[str]:
    """The street lines; a party without structured parts gives its printed lines instead."""
    street = [line for line in party.street.splitlines() if line.strip()]
    if not street and not (party.city or party.postcode):
        street = list(party.address_lines)
    return street[:3]
