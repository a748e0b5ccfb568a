"""Invoices and credit notes issued in chat are Factur-X PDF/A-3b files whose XML passes the
D16B CII and Factur-X schemas and CEN/TC 434's EN 16931 rules, and states the PDF's totals."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from billing.documents.credit import draft_credit_note
from billing.documents.issue import issue
from billing.documents.issued_file import issued_pdf
from models import Document, DocumentKind, IssuedFile
from tests.einvoice_support import (
    NS,
    assert_valid_einvoice,
    buyer,
    einvoicing_chat,
    issue_in_chat,
    pdftotext,
    to_summary,
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
    ubl_out = tmp_path / "invoice-ubl.xml"
    result = await asyncio.to_thread(
        assent, db, "documents", "xml", invoice.number, "--out", str(ubl_out), "--syntax", "ubl"
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert etree.fromstring(ubl_out.read_bytes()).findtext("{*}ID") == invoice.number


async def test_a_credit_note_is_type_381_with_positive_sums_and_the_invoice_it_corrects(
    db: str,
) -> None:
    chat, business = await einvoicing_chat()
    await buyer(business)
    await issue_in_chat(chat, "/newinvoice Kunde", "3 x Logo design @ 250 -10% vat21")
    invoice = await Document.get(kind=DocumentKind.INVOICE)
    note = await issue(business, (await draft_credit_note(business, invoice.id)).id)
    pdf = await issued_pdf(note)
    xml = await assert_valid_einvoice(note, pdf)
    root = etree.fromstring(xml)
    assert root.xpath("//rsm:ExchangedDocument/ram:TypeCode/text()", namespaces=NS) == ["381"]
    corrected = "//ram:InvoiceReferencedDocument/ram:IssuerAssignedID/text()"
    assert root.xpath(corrected, namespaces=NS) == [invoice.number]
    assert root.xpath("//ram:BilledQuantity/text()", namespaces=NS) == ["3.000000"]


async def test_foreign_currency_invoices_are_valid_and_three_decimal_ones_carry_no_xml(
    db: str, tmp_path: Path
) -> None:
    chat, business = await einvoicing_chat()
    await buyer(business, "Acme Inc", billing_country="US", tax_id="", currency="USD")
    await buyer(business, "Tanaka KK", billing_country="JP", tax_id="", currency="JPY")
    await buyer(business, "Gulf Trading", billing_country="KW", tax_id="", currency="KWD")
    for client, line, rate, vat_in_eur in (
        ("Acme", "2 x Audit @ 1250.50 vat21", "0.9250", "485.82"),
        ("Tanaka", "Design @ 98765 vat21", "0.0061", "126.52"),
    ):
        pdf = await issue_in_chat(chat, f"/newinvoice {client}", line, rate=rate)
        invoice = await Document.filter(kind=DocumentKind.INVOICE).order_by("-id").first()
        assert invoice is not None and invoice.currency in ("USD", "JPY")
        xml = await assert_valid_einvoice(invoice, pdf)
        root = etree.fromstring(xml)
        assert root.xpath("//ram:TaxCurrencyCode/text()", namespaces=NS) == ["EUR"]
        in_eur = root.xpath("//ram:TaxTotalAmount[@currencyID='EUR']/text()", namespaces=NS)
        assert in_eur == [vat_in_eur]  # BT-111, as the PDF states it (Art. 230)

    pdf = await issue_in_chat(chat, "/newinvoice Gulf", "Shipment @ 1234.567 0%", rate="2.9845")
    kwd = await Document.get(currency="KWD")
    stored = await IssuedFile.get(document_id=kwd.id)
    assert stored.pdf == pdf and stored.xml is None and b"factur-x.xml" not in pdf
    result = await asyncio.to_thread(
        assent, db, "documents", "xml", kwd.number, "--out", str(tmp_path / "kwd.xml")
    )
    assert result.returncode == 1 and "at most two decimals (KWD)" in result.stdout


async def test_issuing_names_what_the_e_invoice_lacks_and_issues_once_it_is_added(
    db: str,
) -> None:
    chat, business = await einvoicing_chat()
    client = await buyer(business, billing_country="")
    await chat.say("/newinvoice Kunde")
    await chat.say("Logo design @ 250")
    await to_summary(chat)
    await chat.press("Issue")
    assert "needs the client's country" in chat.text and "Saved as a draft." in chat.text
    assert (await Document.get(kind=DocumentKind.INVOICE)).number is None

    client.billing_country = "DE"
    await client.save()
    draft = await Document.get(kind=DocumentKind.INVOICE)
    invoice = await issue(business, draft.id)
    await assert_valid_einvoice(invoice, await issued_pdf(invoice))


async def test_the_clients_po_number_is_printed_and_carried_as_buyer_and_order_reference(
    db: str,
) -> None:
    chat, business = await einvoicing_chat()
    await buyer(business)
    await chat.say("/newinvoice Kunde")
    await chat.say("Logo design @ 250")
    await to_summary(chat)
    await chat.press("Client's reference")
    await chat.say("PO-" + "9" * 120)
    assert "Keep the reference to 100 characters." in chat.text
    await chat.say("  PO-2026-118 ")
    assert "Client's reference: PO-2026-118" in chat.text
    replies = await chat.press("Issue")
    (pdf,) = [reply.document.data for reply in replies if reply.document]
    invoice = await Document.get(kind=DocumentKind.INVOICE)
    xml = await assert_valid_einvoice(invoice, pdf)
    root = etree.fromstring(xml)
    for path in ("//ram:BuyerReference", "//ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID"):
        assert root.xpath(path + "/text()", namespaces=NS) == ["PO-2026-118"]
    assert "Your reference PO-2026-118" in " ".join(pdftotext(pdf).split())


@pytest.mark.parametrize(
    ("client", "lines", "categories"),
    [
        ("Kunde", ("3 x Logo design @ 250 -10% rc", "2 h x Call @ 90 rc"), {"AE"}),
        ("Kunde", ("Machine @ 1200 ic",), {"K"}),
        ("Acme", ("Design @ 800 export",), {"G"}),
        ("Kunde", ("Logo design @ 250 vat21", "Training @ 300 exempt", "Books @ 40 zero"),
         {"S", "E", "Z"}),
    ],
)
async def test_categories_typed_in_chat_give_valid_e_invoices(
    db: str, client: str, lines: tuple[str, ...], categories: set[str]
) -> None:
    chat, business = await einvoicing_chat()
    await buyer(business)
    await buyer(business, "Acme Inc", billing_country="US", tax_id="", billing_city="Austin")
    pdf = await issue_in_chat(chat, f"/newinvoice {client}", *lines)
    invoice = await Document.get(kind=DocumentKind.INVOICE)
    assert invoice.number is not None, chat.text
    xml = await assert_valid_einvoice(invoice, pdf)
    breakdown = "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode"
    assert set(etree.fromstring(xml).xpath(breakdown + "/text()", namespaces=NS)) == categories
