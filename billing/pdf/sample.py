"""A made-up but consistent document, for previewing a business's look and for tests and benchmarks.

Amounts are derived from the lines here (rounded half-up to cents) so every printed figure adds up;
real documents get their amounts from billing's own math.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from billing.pdf.view import (
    AcceptanceView,
    BankView,
    DocumentKind,
    DocumentView,
    LineView,
    PartyView,
    TaxView,
)

CENT = Decimal("0.01")
NUMBERS = {"invoice": "INV-2026-0007", "proposal": "PRO-2026-0003", "credit_note": "CN-2026-0001"}

SELLER = PartyView(
    name="Lumen Studio",
    legal_name="Lumen Studio S.L.",
    address_lines=("Calle de Alcalá 42, 3º", "28014 Madrid"),
    country_code="ES",
    tax_id="ESB12345678",
    email="billing@lumen.example",
    phone="+34 910 000 000",
)
BUYER = PartyView(
    name="Acme Widgets GmbH",
    address_lines=("Friedrichstraße 10", "10117 Berlin"),
    country_code="DE",
    tax_id="DE123456789",
    email="ap@acme.example",
)
# (description, quantity, unit, unit price, discount %, tax rate %)
BASE_LINES = (
    ("Brand identity workshop", "1", "day", "1234.56", "0", "21"),
    ("Website design and build", "12.5", "h", "80.00", "10", "21"),
    ("Printed brochures, A5, two-sided", "500", "pcs", "0.0125", "0", "10"),
)


def sample_lines(count: int = 3) -> tuple[LineView, ...]:
    """`count` lines cycling through a few realistic ones; discounts and two tax rates included."""
    rows = itertools.islice(itertools.cycle(BASE_LINES), count)
    return tuple(_line(*row) for row in rows)


def sample_document(
    kind: DocumentKind = "invoice",
    language: str = "en",
    line_count: int = 3,
    draft: bool = False,
) -> DocumentView:
    """A complete document of `kind` with every optional field that kind prints filled in."""
    number = None if draft else NUMBERS[kind]
    lines = sample_lines(line_count)
    taxes = _taxes(lines)
    net = sum((line.net for line in lines), Decimal(0))
    tax = sum((entry.tax for entry in taxes), Decimal(0))
    invoice = DocumentView(
        kind="invoice",
        number=number,
        issue_date=date(2026, 3, 5),
        supply_date=date(2026, 2, 27),
        due_date=date(2026, 4, 4),
        currency="EUR",
        language=language,
        seller=SELLER,
        buyer=BUYER,
        lines=lines,
        taxes=taxes,
        net=net,
        tax=tax,
        total=net + tax,
        notes="Thank you for your business.",
        terms="Late payments accrue interest at the statutory rate.",
        payment_terms="Payable within 30 days by bank transfer.",
        bank=BankView(
            iban="ES91 2100 0418 4502 0005 1332", bic="CAIXESBBXXX", bank_name="CaixaBank"
        ),
        proposal_number=NUMBERS["proposal"],
        brand_colour="#1f4e79",
    )
    if kind == "proposal":
        return replace(
            invoice,
            kind="proposal",
            due_date=None,
            supply_date=None,
            valid_until=date(2026, 4, 5),
            bank=None,
            proposal_number=None,
            acceptance=AcceptanceView(name="Jane Doe", accepted_on=date(2026, 3, 9)),
        )
    if kind == "credit_note":
        return replace(
            invoice,
            kind="credit_note",
            due_date=None,
            payment_terms="",
            bank=None,
            proposal_number=None,
            credited_invoice_number=NUMBERS["invoice"],
        )
    return invoice


def _line(
    description: str, quantity: str, unit: str, price: str, discount: str, rate: str
) -> LineView:
    gross = Decimal(quantity) * Decimal(price)
    net = (gross * (100 - Decimal(discount)) / 100).quantize(CENT, ROUND_HALF_UP)
    return LineView(
        description=description,
        quantity=Decimal(quantity),
        unit=unit,
        unit_price=Decimal(price),
        discount_percent=Decimal(discount),
        tax_rate=Decimal(rate),
        net=net,
    )


def _taxes(lines: tuple[LineView, ...]) -> tuple[TaxView, ...]:
    taxable: dict[Decimal, Decimal] = defaultdict(Decimal)
    for line in lines:
        taxable[line.tax_rate] += line.net
    return tuple(
        TaxView(rate=rate, taxable=base, tax=(base * rate / 100).quantize(CENT, ROUND_HALF_UP))
        for rate, base in sorted(taxable.items(), reverse=True)
    )
