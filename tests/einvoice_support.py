"""Shared steps of the e-invoice tests: an e-invoicing business, invoices issued in chat, and the
checks every issued e-invoice must pass (schema, EN 16931 rules, totals equal to the PDF's, in
the embedded CII and in the UBL export alike)."""

from __future__ import annotations

import re
import subprocess
from decimal import Decimal

from lxml import etree

from assent.settings import Settings
from billing.businesses.settings import update_business
from billing.einvoice.export import document_xml
from billing.einvoice.facturx import embedded_xml
from billing.pdf.formatting import DocumentFormat
from models import Business, Client, Document, IssuedFile
from tests.chat import Chat
from tests.factories import make_client
from tests.pdf_text import normalise
from tests.test_flow_onboarding import setup_business
from tests.validation.en16931 import en16931_errors

IBAN = "ES91 2100 0418 4502 0005 1332"
NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
}
SUMMATION = "//ram:SpecifiedTradeSettlementHeaderMonetarySummation/"


async def einvoicing_chat() -> tuple[Chat, Business]:
    """A business set up in chat (Spain, VAT ID) that embeds e-invoices and is paid by IBAN."""
    chat = await Chat.open(Settings())
    await setup_business(chat)
    business = await Business.get(name="Acme Studio")
    await update_business(
        business,
        {"embed_einvoice": True, "bank_details": IBAN},
        None,
    )
    return chat, await Business.get(id=business.id)


async def buyer(business: Business, name: str = "Kunde GmbH", **fields: object) -> Client:
    defaults: dict[str, object] = {
        "billing_street": "Hauptstr. 1",
        "billing_city": "Berlin",
        "billing_postcode": "10115",
        "billing_country": "DE",
        "tax_id": "DE123456789",
    }
    return await make_client(business, name, **{**defaults, **fields})


async def issue_in_chat(chat: Chat, start: str, *lines: str, rate: str = "") -> bytes:
    """Type the lines of a new document, issue it (a foreign currency one at this exchange
    rate to the business's currency), and return the PDF the chat sent."""
    await chat.say(start)
    for line in lines:
        await chat.say(line)
    await to_summary(chat)
    replies = await chat.press("Issue")
    if rate:
        await chat.press("Exchange rate")
        await chat.say(rate)
        replies = await chat.press("Issue")
    documents = [reply.document.data for reply in replies if reply.document]
    assert documents, chat.text
    return documents[-1]


async def to_summary(chat: Chat) -> None:
    """From the lines to the summary: no notes, the usual due date, supplied on the issue date."""
    await chat.press("Done")
    await chat.press("Skip")
    await chat.press("Skip")
    if "Same as issue date" in chat.buttons():
        await chat.press("Same as issue date")


def xml_amount(xml: bytes, path: str) -> Decimal:
    (value,) = etree.fromstring(xml).xpath(path + "/text()", namespaces=NS)
    return Decimal(str(value))


def pdftotext(pdf: bytes) -> str:
    """The PDF's text as poppler lays it out (what a reader's eye scans along a line)."""
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return normalise(result.stdout.decode("utf-8"))


async def assert_valid_einvoice(document: Document, pdf: bytes) -> bytes:
    """The issued PDF embeds the stored XML, which passes XSD and the EN 16931 rules, and states
    the totals the document has and the PDF prints. Returns the XML."""
    stored = await IssuedFile.get(document_id=document.id)
    assert stored.pdf == pdf and stored.xml_syntax == "cii"
    xml = stored.xml.encode("utf-8")
    assert embedded_xml(pdf) == xml
    errors = en16931_errors(xml)
    assert errors == [], errors
    text = pdftotext(pdf)
    fmt = DocumentFormat(document.language, document.currency)
    for label, element, expected in (
        ("Subtotal", "TaxBasisTotalAmount", document.net),
        ("VAT", f"TaxTotalAmount[@currencyID='{document.currency}']", document.tax),
        ("Total", "GrandTotalAmount", document.total),
    ):
        amount = xml_amount(xml, SUMMATION + "ram:" + element)
        assert amount == abs(expected), label
        shown = re.escape(normalise(fmt.money(-amount if expected < 0 else amount)))
        printed = re.escape(fmt.translate(label))  # as the document's language labels it
        assert re.search(rf"\b{printed}\s+{shown}(\s|$)", text, re.MULTILINE), (label, text)
    ubl = await document_xml(document, "ubl")
    assert en16931_errors(ubl) == []
    ubl_total = etree.fromstring(ubl).findtext(".//{*}LegalMonetaryTotal/{*}TaxInclusiveAmount")
    assert Decimal(ubl_total) == abs(document.total)
    return xml
