"""What an EN 16931 e-invoice needs from a document, checked before it is issued.

`einvoice_problems(view)` names, as refusal keys (flows/refusals.py words them), what the
owner must add for the e-invoice to pass the EN 16931 business rules (the BR-* rules of the
official schematron); issuing calls it on the view it is about to freeze, so a failing rule is
met when the owner issues, never when the invoice is sent. `has_einvoice` says which documents
get one at all: EN 16931 amounts have at most two decimals (BR-DEC-*), so an invoice in a
three-decimal currency (KWD, BHD, OMR, JOD, TND…) is issued as a plain PDF without XML rather
than with amounts rounded away from what it prints.
"""

from __future__ import annotations

from decimal import Decimal

from billing.einvoice.payment import CREDIT_TRANSFER, SEPA_CREDIT_TRANSFER
from billing.money import minor_units
from billing.pdf.view import DocumentView, PartyView

EU_VAT_PREFIXES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "EL",
        "ES",
        "FI",
        "FR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
        "XI",
    ]
)
CREDIT_TRANSFER_CODES = frozenset({CREDIT_TRANSFER, SEPA_CREDIT_TRANSFER})
EXEMPT_CATEGORIES = frozenset({"E", "AE", "K", "G", "O"})
ZERO_CATEGORIES = frozenset({"Z", "E", "AE", "K", "G"})

# Problem keys; their wording for the owner is in flows/refusals.py (bot catalog).
SELLER_COUNTRY = "einvoice_seller_country"
BUYER_COUNTRY = "einvoice_buyer_country"
SELLER_TAX_ID = "einvoice_seller_tax_id"
SELLER_VAT_ID = "einvoice_seller_vat_id"
BUYER_TAX_ID = "einvoice_buyer_tax_id"
EXEMPTION_REASON = "einvoice_exemption_reason"
NOT_SUBJECT_MIXED = "einvoice_not_subject_mixed"
ZERO_RATE_CATEGORY = "einvoice_zero_rate_category"
RATE_CATEGORY = "einvoice_rate_category"
NEGATIVE_PRICE = "einvoice_negative_price"
IBAN_MISSING = "einvoice_iban_missing"


def has_einvoice(view: DocumentView) -> bool:
    """Invoices and credit notes in a currency of at most two decimals get an e-invoice, but
    not simplified invoices: they are tickets for consumers, without the buyer's address that
    EN 16931 requires (BR-10, BR-11), and no accounting software waits for them."""
    return view.kind != "proposal" and minor_units(view.currency) <= 2 and not view.simplified


def einvoice_problems(view: DocumentView) -> list[str]:
    """What keeps this invoice or credit note from a valid EN 16931 e-invoice (empty: nothing)."""
    if not has_einvoice(view):
        return []
    problems = []
    categories = {tax.category for tax in view.taxes} | {line.tax_category for line in view.lines}
    if not view.seller.country_code:
        problems.append(SELLER_COUNTRY)
    if not view.buyer.country_code:
        problems.append(BUYER_COUNTRY)
    if categories & {"AE", "K", "G"} and not is_vat_id(view.seller):
        problems.append(SELLER_VAT_ID)
    elif not view.seller.tax_id:  # BR-CO-26, BR-S-02, BR-E-02…
        problems.append(SELLER_TAX_ID)
    if categories & {"AE", "K"} and not view.buyer.tax_id:
        problems.append(BUYER_TAX_ID)
    if any(
        t.category in EXEMPT_CATEGORIES and not (t.exemption_reason or t.exemption_code)
        for t in view.taxes
    ):
        problems.append(EXEMPTION_REASON)
    if any(line.tax_category == "S" and line.tax_rate <= 0 for line in view.lines):
        problems.append(ZERO_RATE_CATEGORY)  # BR-S-05: standard rate is above zero
    if any(line.tax_category in ZERO_CATEGORIES and line.tax_rate for line in view.lines):
        problems.append(RATE_CATEGORY)  # BR-Z-05, BR-E-05, BR-AE-05, BR-IC-05, BR-G-05
    if "O" in categories and len(categories) > 1:
        problems.append(NOT_SUBJECT_MIXED)
    if any(line.unit_price < 0 for line in view.lines):
        problems.append(NEGATIVE_PRICE)
    bank = view.bank
    if (
        view.kind == "invoice"
        and bank is not None
        and bank.payment_means_code in CREDIT_TRANSFER_CODES
        and not bank.iban
    ):
        problems.append(IBAN_MISSING)
    return problems


def is_vat_id(party: PartyView) -> bool:
    """A VAT ID (BT-31/48) rather than a national registration (BT-32/47); parties frozen
    before tax IDs had a kind count as VAT IDs when they start with an EU country prefix."""
    if party.tax_id_kind:
        return bool(party.tax_id) and party.tax_id_kind == "vat"
    return party.tax_id[:2].upper() in EU_VAT_PREFIXES


def document_sign(view: DocumentView) -> int:
    """-1 for a credit note stored as negated lines: EN 16931 credit notes state positive sums."""
    return -1 if view.kind == "credit_note" and view.total < 0 else 1


def amount(value: Decimal) -> Decimal:
    """An EN 16931 amount: two decimals exactly, refused if that would change its value."""
    result = value.quantize(Decimal("0.01"))
    if result != value:
        raise ValueError(f"{value} has more than two decimals: no EN 16931 amount")
    return result + Decimal(0)  # normalizes -0.00 to 0.00
