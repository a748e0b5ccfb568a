"""Every VAT category, foreign currency with VAT in the accounting currency, withholding, supply
periods and references give CII and UBL that pass the schemas and the EN 16931 rules; and every
problem `einvoice_problems` names is one the official rules would reject.

The views start from an invoice issued in chat (its frozen view) and are recast line by line:
choosing a category per line in the dialog belongs to the invoice-core branch, and these tests
check the XML side of each category until then.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest
from lxml import etree

from billing.documents.view import document_view
from billing.einvoice.cii import build_cii
from billing.einvoice.rules import einvoice_problems
from billing.einvoice.ubl import build_ubl
from billing.pdf.view import BankView, DocumentView, PartyView, TaxView, WithholdingView
from billing.totals import tax_amount
from models import Document, DocumentKind
from tests.einvoice_support import NS, buyer, einvoicing_chat, issue_in_chat
from tests.validation.en16931 import en16931_errors

REASONS = {
    "S": ("", ""),
    "Z": ("", ""),
    "E": ("Exempt (Art. 20 LIVA)", "VATEX-EU-132"),
    "AE": ("Reverse charge", "VATEX-EU-AE"),
    "K": ("Intra-community supply", "VATEX-EU-IC"),
    "G": ("Export outside the EU", "VATEX-EU-G"),
    "O": ("Not subject to VAT", "VATEX-EU-O"),
}
US_BUYER = PartyView(name="Acme Inc", street="1 Main St", city="Springfield", country_code="US")


@pytest.fixture
async def issued() -> DocumentView:
    chat, business = await einvoicing_chat()
    await buyer(business)
    await issue_in_chat(chat, "/newinvoice Kunde", "3 x Logo design @ 250 -10%", "2 h x Call @ 90")
    return await document_view(await Document.get(kind=DocumentKind.INVOICE))


def recast(view: DocumentView, *categories: tuple[str, Decimal], **changes: object) -> DocumentView:
    """The view with each line's (category, rate) replaced and the totals computed anew."""
    lines = tuple(
        replace(line, tax_category=category, tax_rate=rate)
        for line, (category, rate) in zip(view.lines, categories, strict=True)
    )
    bases: dict[tuple[str, Decimal], Decimal] = defaultdict(Decimal)
    for line in lines:
        bases[line.tax_category, line.tax_rate] += line.net
    taxes = tuple(
        TaxView(
            rate=rate,
            taxable=base,
            tax=tax_amount(base, rate, view.currency),
            category=category,
            exemption_reason=REASONS[category][0],
            exemption_code=REASONS[category][1],
        )
        for (category, rate), base in bases.items()
    )
    net = sum((line.net for line in lines), Decimal(0))
    tax = sum((t.tax for t in taxes), Decimal(0))
    return replace(view, lines=lines, taxes=taxes, net=net, tax=tax, total=net + tax, **changes)


BUILDERS = (build_cii, build_ubl)


def errors(view: DocumentView, build: Callable[[DocumentView], bytes]) -> list[str]:
    """What the schemas and the EN 16931 rules refuse in the view's XML of one syntax."""
    try:
        return en16931_errors(build(view))
    except Exception as error:  # drafthorse refuses XML its XSD rejects
        return [repr(error)]


S21, S10, ZERO = ("S", Decimal(21)), ("S", Decimal(10)), Decimal(0)


def valid_cases(view: DocumentView) -> dict[str, DocumentView]:
    no_vat_ids = {
        "seller": replace(view.seller, tax_id="B12345674", tax_id_kind="es_nif"),
        "buyer": replace(view.buyer, tax_id=""),
    }
    return {
        "two standard rates": recast(view, S21, S10),
        "standard and zero-rated": recast(view, S21, ("Z", ZERO)),
        "exempt": recast(view, S21, ("E", ZERO)),
        "reverse charge": recast(view, ("AE", ZERO), ("AE", ZERO)),
        "intra-EU supply": recast(view, ("K", ZERO), ("K", ZERO)),
        "export": recast(view, ("G", ZERO), ("G", ZERO), buyer=US_BUYER),
        "not subject to VAT": recast(view, ("O", ZERO), ("O", ZERO), **no_vat_ids),
        "USD with VAT in EUR": recast(
            view,
            S21,
            S21,
            currency="USD",
            accounting_currency="EUR",
            exchange_rate=Decimal("0.9250"),
            tax_in_accounting_currency=Decimal("166.08"),
        ),
        "IRPF withheld": recast(
            view,
            S21,
            S21,
            withholdings=(WithholdingView(label="IRPF", rate=Decimal(15), base=Decimal("855.00"),
                                          amount=Decimal("128.25")),),
            payable=Decimal("1034.55") - Decimal("128.25"),
        ),
        "supply period and references": recast(
            view,
            S21,
            S21,
            supply_date=view.issue_date - timedelta(days=30),
            supply_end_date=view.issue_date - timedelta(days=1),
            buyer_reference="DEPT-42",
            order_reference="PO-2026-118",
        ),
    }


async def test_every_category_and_variant_passes_xsd_and_en16931(
    db: str, issued: DocumentView
) -> None:
    cases = valid_cases(issued)
    for name, view in cases.items():
        assert einvoice_problems(view) == [], name
        for build in BUILDERS:
            assert errors(view, build) == [], (name, build.__name__)
    assert len(cases) == 10

    xml = build_cii(cases["USD with VAT in EUR"])
    totals = etree.fromstring(xml).xpath("//ram:TaxTotalAmount", namespaces=NS)
    assert {(t.get("currencyID"), t.text) for t in totals} == {("USD", "179.55"), ("EUR", "166.08")}
    codes = etree.fromstring(build_cii(cases["reverse charge"])).xpath(
        "//ram:ExemptionReasonCode/text()", namespaces=NS
    )
    assert codes == ["VATEX-EU-AE"]


def broken_cases(issued: DocumentView) -> dict[str, tuple[str, DocumentView]]:
    view = recast(issued, S21, S21)
    reverse = recast(view, ("AE", ZERO), ("AE", ZERO))
    return {
        "buyer without country": (
            "einvoice_buyer_country",
            replace(view, buyer=replace(view.buyer, country_code="")),
        ),
        "seller without tax ID": (
            "einvoice_seller_tax_id",
            replace(view, seller=replace(view.seller, tax_id="")),
        ),
        "reverse charge, buyer without VAT ID": (
            "einvoice_buyer_tax_id",
            replace(reverse, buyer=replace(view.buyer, tax_id="")),
        ),
        "exempt without a reason": (
            "einvoice_exemption_reason",
            replace(
                recast(view, S21, ("E", ZERO)),
                taxes=tuple(replace(t, exemption_reason="", exemption_code="")
                            for t in recast(view, S21, ("E", ZERO)).taxes),
            ),
        ),
        "0 % standard rate": ("einvoice_zero_rate_category", recast(view, S21, ("S", ZERO))),
        "zero-rated with a rate": ("einvoice_rate_category", recast(view, S21, ("Z", S10[1]))),
        "out of scope mixed with taxed": (
            "einvoice_not_subject_mixed",
            recast(view, S21, ("O", ZERO)),
        ),
        "negative price": (
            "einvoice_negative_price",
            replace(view, lines=(view.lines[0], replace(view.lines[1], unit_price=Decimal(-90),
                                                        quantity=Decimal(-2)))),
        ),
        "credit transfer without IBAN": (
            "einvoice_iban_missing",
            replace(view, bank=BankView(bic="CAIXESBBXXX")),
        ),
    }


async def test_each_problem_named_at_issue_is_one_the_official_rules_reject(
    db: str, issued: DocumentView
) -> None:
    for name, (problem, view) in broken_cases(issued).items():
        assert problem in einvoice_problems(view), name
        for build in BUILDERS:
            assert errors(view, build) != [], (name, build.__name__)

