"""Every line has a VAT category: 0 % lines say why, in the breakdown and on the PDF."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from assent.settings import Settings
from billing.documents.issue import issue
from billing.documents.issued_file import document_pdf
from billing.documents.lines import parse_line
from billing.errors import InvalidTaxCategory
from billing.tax_categories import suggested_category, vat_country
from billing.totals import LineInput, compute_totals
from models import Business, Client, Document, DocumentKind, DocumentLine
from tests.chat import Chat
from tests.pdf_text import pdf_text as raw_pdf_text
from tests.test_flow_onboarding import setup_business


def test_the_breakdown_has_one_row_per_category_and_rate() -> None:
    totals = compute_totals(
        [
            LineInput(D(1), D(100), tax_rate=D(21)),
            LineInput(D(1), D(200), tax_category="AE"),
            LineInput(D(1), D(50), tax_category="E"),
            LineInput(D(1), D(25)),  # 0 % without a category is zero rated
            LineInput(D(1), D(300), tax_category="AE"),
        ],
        "EUR",
    )
    assert [(t.category, str(t.rate), str(t.taxable), str(t.tax)) for t in totals.taxes] == [
        ("Z", "0", "25.00", "0.00"),
        ("E", "0", "50.00", "0.00"),
        ("AE", "0", "500.00", "0.00"),
        ("S", "21", "100.00", "21.00"),
    ]
    assert totals.total == D("696.00")


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ({"tax_rate": D(0), "tax_category": "S"}, "tax_category_needs_rate"),
        ({"tax_rate": D(21), "tax_category": "AE"}, "tax_category_rate_zero"),
        ({"tax_rate": D(7), "tax_category": "Z"}, "tax_category_rate_zero"),
        ({"tax_rate": D(0), "tax_category": "XX"}, "tax_category_unknown"),
    ],
)
def test_a_category_that_does_not_fit_its_rate_is_refused(line: dict, key: str) -> None:
    with pytest.raises(InvalidTaxCategory) as refused:
        LineInput(D(1), D(10), **line)
    assert refused.value.key == key


@pytest.mark.parametrize(
    ("typed", "language", "rate", "category"),
    [
        ("Consulting @ 250 rc", "en", "0", "AE"),
        ("Consultoría @ 250 isp", "es", "0", "AE"),
        ("Tornillos @ 1.250,50 intra", "es", "0", "K"),
        ("Bolts @ 12 ic", "en", "0", "K"),
        ("Machine @ 9000 export", "en", "0", "G"),
        ("Máquina @ 9000 exportación", "es", "0", "G"),
        ("Therapy @ 60 exempt", "en", "0", "E"),
        ("Terapia @ 60 exento", "es", "0", "E"),
        ("Fee @ 10 oos", "en", "0", "O"),
        ("Tasa @ 10 ns", "es", "0", "O"),
        ("Books @ 10 0%", "en", "0", None),
        ("Design @ 10 vat21", "en", "21", None),
    ],
)
def test_the_one_line_syntax_names_categories_in_english_and_spanish(
    typed: str, language: str, rate: str, category: str | None
) -> None:
    line = parse_line(typed, language, D(21))
    assert (str(line.tax_rate), line.tax_category) == (rate, category)


def test_a_clients_default_category_applies_unless_a_rate_is_typed() -> None:
    assert parse_line("Audit @ 500", "en", D(21), "AE").tax_category == "AE"
    typed = parse_line("Audit @ 500 vat21", "en", D(21), "AE")
    assert (typed.tax_rate, typed.tax_category) == (D(21), None)


def test_reverse_charge_is_suggested_for_eu_companies_of_another_member_state() -> None:
    def suggest(tax_id: str, company: bool = True, configured: str = "") -> str:
        return suggested_category(
            seller_country="ES", buyer_tax_id=tax_id, buyer_is_company=company,
            configured=configured,
        )

    assert suggest("DE123456789") == "AE"
    assert suggest("EL123456789") == "AE" and vat_country("EL123456789") == "GR"
    assert suggest("ESB12345674") == "S"  # same country: Spanish VAT
    assert suggest("DE123456789", company=False) == "S"
    assert suggest("GB123456789") == "S"  # not a member state
    assert suggest("DE123456789", configured="S") == "S"  # the client's own setting wins


def pdf_text(pdf: bytes) -> str:
    """The PDF's words on one line: a mention may wrap in its narrow breakdown cell."""
    return " ".join(raw_pdf_text(pdf).split())


@pytest.fixture
async def chat(db: str) -> Chat:
    chat = await Chat.open(Settings())
    await setup_business(chat)
    return chat


async def _german_company() -> Client:
    business = await Business.get(name="Acme Studio")
    return await Client.create(
        business=business, display_name="Müller GmbH", tax_id="DE123456789",
        billing_street="Hauptstraße 1", billing_city="Berlin", billing_country="DE",
        currency="EUR", language="es",
    )


async def test_an_eu_company_gets_reverse_charge_with_its_mention_printed(chat: Chat) -> None:
    await _german_company()
    await chat.say("/newinvoice Müller")
    assert "reverse charge (0% VAT) for this client" in chat.text
    await chat.say("Consulting @ 1000")
    assert "(tax 0% reverse charge)" in chat.text
    await chat.say("Licence @ 100 vat21")
    await chat.press("Done")
    await chat.press("Skip")
    await chat.press("Skip")
    await chat.press("Issue")
    invoice = await Document.get(kind=DocumentKind.INVOICE)
    categories = await DocumentLine.filter(document=invoice).values_list("tax_category", flat=True)
    assert list(categories) == ["AE", "S"]
    assert invoice.tax == D("21.00") and invoice.total == D("1121.00")
    assert [row["category"] for row in invoice.tax_breakdown] == ["AE", "S"]
    text = pdf_text(await document_pdf(invoice))
    assert "Inversión del sujeto pasivo" in text  # the document is in the client's Spanish


@pytest.mark.parametrize(
    ("language", "mention"),
    [("en", "Reverse charge"), ("fr", "Autoliquidation"), ("de", "Steuerschuldnerschaft"),
     ("ar", "الاحتساب العكسي")],
)
async def test_the_mention_is_printed_in_the_documents_language(
    chat: Chat, language: str, mention: str
) -> None:
    client = await _german_company()
    await Client.filter(id=client.id).update(language=language)
    await chat.write_document("/newinvoice Müller", "Audit @ 500", "Issue")
    invoice = await Document.get(kind=DocumentKind.INVOICE)
    assert mention in pdf_text(await document_pdf(invoice))


async def test_the_category_survives_editing_and_issuing_by_verb(chat: Chat) -> None:
    client = await _german_company()
    business = await Business.get(name="Acme Studio")
    await chat.write_document("/newinvoice Müller", "Bolts @ 40 ic", "Save draft")
    draft = await Document.get(kind=DocumentKind.INVOICE)
    issued = await issue(business, draft.id)
    assert issued.tax_breakdown[0]["category"] == "K"
    assert "Intra-community supply exempt from VAT" not in pdf_text(await document_pdf(issued))
    assert "Entrega intracomunitaria exenta" in pdf_text(await document_pdf(issued))
    assert client.id == issued.client_id
