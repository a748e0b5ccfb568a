"""What a rendered document shows, as plain frozen values, so rendering never touches the database.

The caller (billing/) maps its models onto these views with every amount already computed; the
renderer only formats and lays them out. Validation here covers what would otherwise reach the
HTML or CSS unchecked: the brand colour goes into a stylesheet and the logo into a data URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

DocumentKind = Literal["proposal", "invoice", "credit_note"]
KINDS: tuple[str, ...] = ("proposal", "invoice", "credit_note")
LOGO_TYPES = frozenset({"image/png", "image/jpeg", "image/svg+xml"})
DEFAULT_BRAND_COLOUR = "#1f4e79"
_HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")


# Where the city is written before the postcode ("Springfield, IL 62704"; "London" / "SW1A 2AA").
_CITY_FIRST = frozenset({"US", "CA", "AU"})
_POSTCODE_BELOW = frozenset({"GB", "IE"})


@dataclass(frozen=True, kw_only=True)
class PartyView:
    """A seller or buyer as it stood when the document was issued.

    The address is kept in parts (street, postcode, city, region, country) for e-invoices;
    `address_lines` is its printable form, derived from the parts unless given.
    """

    name: str
    legal_name: str = ""
    address_lines: tuple[str, ...] = ()
    street: str = ""
    city: str = ""
    postcode: str = ""
    region: str = ""
    country_code: str = ""
    # With its country prefix when an EU VAT ID; kind as in billing.tax_ids ("vat", "mx_rfc"…).
    tax_id: str = ""
    tax_id_kind: str = ""
    registration: str = ""  # the seller's trade register entry (Nr. Reg. Com., Registro Mercantil)
    email: str = ""
    phone: str = ""

    def __post_init__(self) -> None:
        lines = tuple(line for line in self.address_lines if line.strip())
        object.__setattr__(self, "address_lines", lines or self._postal_lines())

    def _postal_lines(self) -> tuple[str, ...]:
        lines = [line.strip() for line in self.street.splitlines() if line.strip()]
        if self.country_code in _CITY_FIRST:
            place = ", ".join(p for p in (self.city, f"{self.region} {self.postcode}".strip()) if p)
            return (*lines, place) if place else tuple(lines)
        if self.country_code in _POSTCODE_BELOW:
            return tuple(p for p in (*lines, self.city, self.region, self.postcode) if p)
        place = " ".join(p for p in (self.postcode, self.city) if p)
        return tuple(p for p in (*lines, place, self.region) if p)


@dataclass(frozen=True, kw_only=True)
class LineView:
    """One line; `net` is quantity × unit price less the discount, before tax."""

    description: str
    quantity: Decimal
    unit: str = ""
    unit_price: Decimal
    discount_percent: Decimal = Decimal(0)
    tax_rate: Decimal = Decimal(0)
    net: Decimal
    # UNCL5305 VAT category: S, Z, E, AE (reverse charge), K (intra-EU), G (export), O.
    tax_category: str = "S"
    # UN/ECE Recommendation 20 code of `unit` for e-invoices (billing.einvoice.units).
    unit_code: str = "C62"


@dataclass(frozen=True, kw_only=True)
class TaxView:
    """Taxable base and tax for one (category, rate) (rates are percentages: 21 means 21 %)."""

    rate: Decimal
    taxable: Decimal
    tax: Decimal
    category: str = "S"
    # Printed beside the breakdown in the document's language, e.g. "Reverse charge".
    exemption_reason: str = ""
    # The VATEX code an e-invoice carries for it, e.g. VATEX-EU-AE.
    exemption_code: str = ""


@dataclass(frozen=True, kw_only=True)
class WithholdingView:
    """A tax the buyer keeps back and pays to the tax office (IRPF, ISR): reduces the payable."""

    label: str
    rate: Decimal
    base: Decimal
    amount: Decimal


@dataclass(frozen=True, kw_only=True)
class BankView:
    iban: str = ""
    bic: str = ""
    bank_name: str = ""
    # UNCL4461 payment means: 58 SEPA credit transfer, 30 credit transfer, 48 card, 10 cash…
    payment_means_code: str = "58"


@dataclass(frozen=True, kw_only=True)
class LogoView:
    data: bytes
    mime: str

    def __post_init__(self) -> None:
        if self.mime not in LOGO_TYPES:
            raise ValueError(f"logo type {self.mime!r} is not one of {sorted(LOGO_TYPES)}")


@dataclass(frozen=True, kw_only=True)
class AcceptanceView:
    """Who accepted a proposal and when, printed under its totals."""

    name: str
    accepted_on: date


@dataclass(frozen=True, kw_only=True)
class DocumentView:
    """Everything one proposal, invoice or credit note prints; `number` is None while a draft."""

    kind: DocumentKind
    number: str | None
    currency: str
    language: str
    seller: PartyView
    buyer: PartyView
    lines: tuple[LineView, ...]
    taxes: tuple[TaxView, ...]
    net: Decimal
    tax: Decimal
    total: Decimal
    issue_date: date | None = None
    due_date: date | None = None
    valid_until: date | None = None
    # EU VAT Directive Art. 226(7): only when it differs from the issue date.
    supply_date: date | None = None
    # A supply period runs from supply_date to supply_end_date.
    supply_end_date: date | None = None
    notes: str = ""
    terms: str = ""
    payment_terms: str = ""
    # Art. 226(11)/(11a): the exemption or reverse-charge mention, when one applies.
    tax_note: str = ""
    bank: BankView | None = None
    credited_invoice_number: str | None = None
    proposal_number: str | None = None
    brand_colour: str = DEFAULT_BRAND_COLOUR
    logo: LogoView | None = None
    acceptance: AcceptanceView | None = None
    withholdings: tuple[WithholdingView, ...] = ()
    # total − withholdings; None means the total is what the buyer pays.
    payable: Decimal | None = None
    # Art. 230: when the document currency is not the business's, the rate and the VAT in it.
    accounting_currency: str = ""
    exchange_rate: Decimal | None = None
    tax_in_accounting_currency: Decimal | None = None
    credit_reason: str = ""
    credited_invoice_date: date | None = None
    # EN 16931 BT-10 and BT-13: the buyer's own reference and purchase order number.
    buyer_reference: str = ""
    order_reference: str = ""
    # A simplified invoice (no buyer details required, own series): titled as one.
    simplified: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"document kind {self.kind!r} is not one of {KINDS}")
        if not _HEX_COLOUR.fullmatch(self.brand_colour):
            raise ValueError(f"brand colour {self.brand_colour!r} is not #rgb or #rrggbb")
        object.__setattr__(self, "lines", tuple(self.lines))
        object.__setattr__(self, "taxes", tuple(self.taxes))
        object.__setattr__(self, "withholdings", tuple(self.withholdings))

    @property
    def is_draft(self) -> bool:
        return self.number is None

    @property
    def has_discounts(self) -> bool:
        """Whether the discount column is worth its width: shown only when some line has one."""
        return any(line.discount_percent for line in self.lines)
