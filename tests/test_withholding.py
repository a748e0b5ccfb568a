"""Withholding tax (IRPF, ISR, IVA retenido) as its own tax kind: set per business, on for
company clients unless the client says otherwise, printed after VAT, lowering what is payable."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from assent.settings import Settings
from billing.documents.balance import balance_due
from billing.documents.issued_file import document_pdf
from billing.totals import LineInput, compute_totals
from billing.withholding import withholding_rates
from models import Business, Client, Document, DocumentKind, DocumentStatus
from tests.chat import Chat
from tests.factories import make_business, make_client
from tests.pdf_text import pdf_text
from tests.test_flow_business_settings import edit
from tests.test_flow_onboarding import setup_business


def test_withholdings_are_taken_on_the_net_each_rounded_once() -> None:
    totals = compute_totals(
        [LineInput(D(1), D("1000"), tax_rate=D(16))],
        "MXN",
        withholding_rates=[("ISR", D(10)), ("IVA", D("10.6667"))],
    )
    assert [(w.label, w.base, w.amount) for w in totals.withholdings] == [
        ("ISR", D("1000.00"), D("100.00")),
        ("IVA", D("1000.00"), D("106.67")),
    ]
    assert totals.total == D("1160.00") and totals.payable == D("953.33")
    odd = compute_totals([LineInput(D(1), D("33.33"))], "EUR", withholding_rates=[("IRPF", D(15))])
    assert odd.withholdings[0].amount == D("5.00")  # 4.9995 rounds half up, once
    credit = compute_totals(
        [LineInput(D(-1), D("33.33"))], "EUR", allow_negative=True,
        withholding_rates=[("IRPF", D(15))],
    )
    assert credit.withholdings[0].amount == D("-5.00")  # mirrors the invoice


@pytest.fixture
async def chat(db: str) -> Chat:
    chat = await Chat.open(Settings())
    await setup_business(chat)
    await edit(chat, "Invoicing", "Withholding taxes")
    await chat.say("IRPF -15")
    assert "A tax rate is between 0 and 100; -15 is not." in chat.text
    await chat.say("IRPF 15")
    await chat.press("Save")
    await chat.say("/newclient Tom & Jerry Ltd, billing@tomjerry.example")
    await chat.press("Save")
    await chat.say("/newclient Jane Doe, jane@doe.example")
    await chat.press("Save")
    await Client.all().update(
        billing_street="Calle Mayor 5", billing_city="Madrid", billing_country="ES"
    )
    return chat


async def test_a_company_client_withholds_irpf_printed_after_vat(chat: Chat) -> None:
    business = await Business.get(name="Acme Studio")
    assert business.withholdings == [{"label": "IRPF", "rate": "15"}]
    await chat.write_document("/newinvoice Tom", "Consulting @ 1000 vat21", "Issue")
    invoice = await Document.get(kind=DocumentKind.INVOICE)
    assert (invoice.total, invoice.withheld, balance_due(invoice)) == (
        D("1210.00"), D("150.00"), D("1060.00"),
    )
    text = pdf_text(await document_pdf(invoice))
    assert "IRPF withholding 15%" in text and "-€150.00" in text
    assert "Amount payable €1,060.00" in text
    assert text.index("Total €1,210.00") < text.index("Amount payable")
    await chat.press("Record payment")
    await chat.press("Full balance")
    assert (await Document.get(id=invoice.id)).status == DocumentStatus.PAID


async def test_a_person_withholds_nothing_and_a_client_can_be_switched_off(chat: Chat) -> None:
    await chat.write_document("/newinvoice Jane", "Consulting @ 1000 vat21", "Save draft")
    assert (await Document.get(kind=DocumentKind.INVOICE)).withheld == 0
    tom = await Client.get(display_name="Tom & Jerry Ltd")
    await chat.say("/clients")
    await chat.press("Tom & Jerry Ltd")
    await chat.press("Edit")
    await chat.press("Edit…")
    await chat.press("Withholding (IRPF/ISR)")
    await chat.press("Never")
    await chat.press("Save")
    assert (await Client.get(id=tom.id)).withholding is False
    await chat.write_document("/newinvoice Tom", "Consulting @ 1000 vat21", "Save draft")
    latest = await Document.filter(client_id=tom.id).get()
    assert latest.withheld == 0 and latest.total == D("1210.00")


async def test_a_company_abroad_is_not_the_businesss_tax_agent(db: str) -> None:
    business = await make_business(withholdings=[{"label": "IRPF", "rate": "15"}])
    german = await make_client(business, "Müller GmbH", billing_country="DE")
    spanish = await make_client(business, "Pérez SL", billing_country="ES")
    assert withholding_rates(business, german) == []
    assert withholding_rates(business, spanish) == [("IRPF", D(15))]
    german.withholding = True  # the owner's explicit choice on the client's card wins
    assert withholding_rates(business, german) == [("IRPF", D(15))]
