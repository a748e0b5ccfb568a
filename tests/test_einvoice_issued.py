"""Invoices and credit notes issued in chat are Factur-X PDF/A-3b files whose XML passes the
D16B CII and Factur-X schemas and CEN/TC 434's EN 16931 rules, and states the PDF's totals."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from pathlib import Path

from lxml import etree

from billing.documents.credit import draft_credit_note
from billing.documents.issue import issue
from models import Document, DocumentKind, IssuedFile
from tests.einvoice_support import (
    NS,
    assert_valid_einvoice,
    buyer,
    einvoicing_chat,
    issue_in_chat,
)
from tests.test_console_chat_script import assent


async def test_an_invoice_with_discounts_and_several_rates_is_a_valid_factur_x(
    db: str, tmp_path: Path
) -> None:
    chat, business = await einvoicing_chat()
    await buyer(business)
    pdf = await issue_in_chat(
        chat,
        "/newinvoice Kunde",
        "3 x Logo design @ 250 -10% vat21",
        "12 h x Consulting @ 80,5 vat10",
        "2 kg x Coffee @ 7.333 -5% vat4",
    )
    invoice = await Document.get(kind=DocumentKind.INVOICE)
    xml = await assert_valid_einvoice(invoice, pdf)
    root = etree.fromstring(xml)
    assert root.xpath("//rsm:ExchangedDocument/ram:TypeCode/text()", namespaces=NS) == ["380"]
    units = root.xpath("//ram:BilledQuantity/@unitCode", namespaces=NS)
    assert units == ["C62", "HUR", "KGM"]
    assert root.xpath("//ram:IBANID/text()", namespaces=NS) == ["ES9121000418450200051332"]
    breakdown = "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/"
    rates = root.xpath(breakdown + "ram:RateApplicablePercent/text()", namespaces=NS)
    assert sorted(Decimal(rate) for rate in rates) == [4, 10, 21]

    out = tmp_path / "invoice.xml"
    result = await asyncio.to_thread(
        assent, db, "documents", "xml", invoice.number, "--out", str(out)
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert out.read_bytes() == xml


async def test_a_credit_note_is_type_381_with_positive_sums_and_the_invoice_it_corrects(
    db: str,
) -> None:
    chat, business = await einvoicing_chat()
    await buyer(business)
    await issue_in_chat(chat, "/newinvoice Kunde", "3 x Logo design @ 250 -10% vat21")
    invoice = await Document.get(kind=DocumentKind.INVOICE)
    note = await issue(business, (await draft_credit_note(business, invoice.id)).id)
    pdf = (await IssuedFile.get(document_id=note.id)).pdf
    xml = await assert_valid_einvoice(note, pdf)
    root = etree.fromstring(xml)
    assert root.xpath("//rsm:ExchangedDocument/ram:TypeCode/text()", namespaces=NS) == ["381"]
    corrected = "//ram:InvoiceReferencedDocument/ram:IssuerAssignedID/text()"
    assert root.xpath(corrected, namespaces=NS) == [invoice.number]
    assert root.xpath("//ram:BilledQuantity/text()", namespaces=NS) == ["3.000000"]
