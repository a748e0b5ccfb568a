"""The owner turns the Factur-X e-invoice on in /settings → Invoicing and says how clients pay
(the UNCL4461 code in the XML); a mistyped BIC is refused there; units typed in any of the
owners' languages become UN/ECE Rec 20 codes."""

from __future__ import annotations

import pytest
from lxml import etree

from assent.settings import Settings
from billing.businesses.setup import create_business
from billing.einvoice.facturx import embedded_xml
from billing.einvoice.units import unit_code
from models import Business, Document, DocumentKind, IssuedFile, User
from tests.chat import Chat
from tests.einvoice_support import IBAN, NS, buyer, issue_in_chat
from tests.test_flow_business_settings import edit
from tests.test_flow_onboarding import setup_business


async def test_the_invoicing_setting_turns_the_embedded_e_invoice_on_and_off(db: str) -> None:
    chat = await Chat.open(Settings())
    await setup_business(chat)
    business = await Business.get(name="Acme Studio")
    assert business.embed_einvoice is True  # a Spanish business starts with Factur-X on
    await buyer(business)
    await edit(chat, "Invoicing", "Bank details")
    await chat.say(f"{IBAN}\nBIC: CAIX 12BB")
    assert "That BIC is not valid" in chat.text
    await chat.say(f"{IBAN}\nBIC: caixesbbxxx")
    await chat.press("Save")
    assert embedded_xml(await issue_in_chat(chat, "/newinvoice Kunde", "Logo design @ 250"))

    await edit(chat, "Invoicing", "E-invoice in the PDF (Factur-X)")
    await chat.press("No")
    await chat.press("Save")
    assert (await Business.get(id=business.id)).embed_einvoice is False
    plain = await issue_in_chat(chat, "/newinvoice Kunde", "Logo design @ 250")
    assert embedded_xml(plain) is None

    await edit(chat, "Invoicing", "E-invoice in the PDF (Factur-X)")
    await chat.press("Yes")
    await chat.press("Save")
    assert "Saved: E-invoice in the PDF (Factur-X)." in chat.text
    factur_x = await issue_in_chat(chat, "/newinvoice Kunde", "Logo design @ 250")
    second = await Document.filter(kind=DocumentKind.INVOICE).order_by("-id").first()
    assert second is not None
    stored = await IssuedFile.get(document_id=second.id)
    assert stored.xml is not None and embedded_xml(factur_x) == stored.xml.encode()
    assert _means(stored.xml) == ["58"]  # a Spanish IBAN: SEPA credit transfer

    await edit(chat, "Invoicing", "Clients pay by")
    await chat.press("Card")
    await chat.press("Save")
    await issue_in_chat(chat, "/newinvoice Kunde", "Logo design @ 250")
    third = await Document.filter(kind=DocumentKind.INVOICE).order_by("-id").first()
    assert third is not None
    assert _means((await IssuedFile.get(document_id=third.id)).xml or "") == ["48"]


async def test_a_business_outside_the_eu_starts_with_the_plain_pdf(db: str) -> None:
    owner = await User.create(console_name="lupe", name="Lupe")
    mexican = await create_business(owner, {"name": "Taller Lupe", "country": "MX"})
    spanish = await create_business(owner, {"name": "Taller Ana", "country": "ES"})
    assert (mexican.embed_einvoice, spanish.embed_einvoice) == (False, True)


def _means(xml: str) -> list[str]:
    return etree.fromstring(xml.encode()).xpath(
        "//ram:SpecifiedTradeSettlementPaymentMeans/ram:TypeCode/text()", namespaces=NS
    )


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("h", "HUR"), ("hours", "HUR"), ("horas", "HUR"), ("heures", "HUR"), ("Stunden", "HUR"),
        ("días", "DAY"), ("Tage", "DAY"), ("zile", "DAY"), ("mes", "MON"), ("months", "MON"),
        ("ud", "C62"), ("uds.", "C62"), ("pcs", "C62"), ("Stück", "C62"), ("", "C62"),
        ("kg", "KGM"), ("m", "MTR"), ("litros", "LTR"), ("m²", "MTK"), ("whatever", "C62"),
    ],
)
def test_typed_units_map_to_rec20_codes(typed: str, code: str) -> None:
    assert unit_code(typed) == code
