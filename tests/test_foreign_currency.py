"""A Spanish business invoicing in KWD or JPY states the VAT in EUR too (Art. 230), at the rate
the owner entered, frozen at issue; without a rate the invoice is not issued."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from assent.settings import Settings
from billing.documents.issued_file import document_pdf
from models import Business, Client, Document, DocumentKind
from tests.chat import Chat
from tests.pdf_text import pdf_text
from tests.test_flow_onboarding import setup_business


@pytest.fixture
async def chat(db: str) -> Chat:
    chat = await Chat.open(Settings())
    await setup_business(chat)
    return chat


async def _client(currency: str, name: str) -> None:
    business = await Business.get(name="Acme Studio")
    await Client.create(
        business=business, display_name=name, currency=currency, language="en",
        billing_street="Gulf Road 1", billing_city="Kuwait City", billing_country="KW",
    )


async def test_a_kwd_invoice_needs_a_rate_and_then_states_its_vat_in_eur(chat: Chat) -> None:
    await _client("KWD", "Al Salam Trading")
    await chat.write_document("/newinvoice Salam", "Work @ 1000 vat21", "Issue")
    assert "This invoice is in KWD: its VAT must also be stated in EUR" in chat.text
    invoice = await Document.get(kind=DocumentKind.INVOICE)
    assert invoice.number is None and invoice.tax == D("210.000")
    await chat.press("Exchange rate")
    assert "1 KWD = how many EUR?" in chat.text
    await chat.say("zero")
    assert "not an amount I can read" in chat.text
    await chat.say("0")
    assert "above 0" in chat.text
    await chat.say("2.9845")
    assert "Saved: 1 KWD = 2.9845 EUR." in chat.text
    await chat.press("Issue")
    invoice = await Document.get(id=invoice.id)
    assert invoice.number and invoice.exchange_rate == D("2.9845")
    text = pdf_text(await document_pdf(invoice))
    assert "Exchange rate: 1 KWD = 2.9845 EUR" in text
    assert "VAT in EUR: €626.75" in text  # 210.000 KWD × 2.9845 = 626.745, rounded half up once
    assert "Total KWD1,210.000" in text


async def test_a_jpy_invoice_in_spanish_states_the_vat_in_euros(chat: Chat) -> None:
    await _client("JPY", "Tanaka KK")
    await Client.filter(display_name="Tanaka KK").update(language="es")
    await chat.write_document("/newinvoice Tanaka", "Work @ 100000 vat10", "Save draft")
    await chat.press("Exchange rate")
    await chat.say("0.0062")
    await chat.press("Issue")
    invoice = await Document.get(kind=DocumentKind.INVOICE)
    text = " ".join(pdf_text(await document_pdf(invoice)).split())
    assert "Tipo de cambio: 1 JPY = 0,0062 EUR" in text
    assert "IVA en EUR: 62,00 €" in text


async def test_invoices_in_the_business_currency_need_no_rate(chat: Chat) -> None:
    await _client("EUR", "Local SL")
    await chat.write_document("/newinvoice Local", "Work @ 1000 vat21", "Save draft")
    assert "Exchange rate" not in chat.buttons()
    await chat.press("Issue")
    invoice = await Document.get(kind=DocumentKind.INVOICE)
    assert invoice.number and "Exchange rate" not in pdf_text(await document_pdf(invoice))
