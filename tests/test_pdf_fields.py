"""Every field EU VAT Directive Art. 226 requires is printed, formatted in the reader's locale.

The documents are issued through the real verbs (tests/pdf_documents.py) and read back from the
PDF the renderer makes of billing's own view of them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pdf_documents import Shop, issued, pdf_of
from tests.pdf_text import pdf_text

# What a reader sees, typed by hand: labels from the catalogs, numbers and dates from the locale.
# Arabic money and dates are given in drawn order (05/03/2026 reads right to left).
INVOICE_EXPECTED = {
    "en": [
        "Invoice number INV-2026-0001",
        "Issue date Mar 5, 2026",
        "Date of supply Feb 27, 2026",
        "Due date Apr 4, 2026",
        "Currency EUR",
        "VAT ID: ESB12345674",
        "VAT ID: DE136695976",
        "Spain",
        "Germany",
        "Description Quantity Unit price Discount VAT Amount",
        "12.5 h €80.00 10% 21% €900.00",
        "500 pcs €0.0125 10% €6.25",
        "21% €2,134.56 €448.26",
        "10% €6.25 €0.63",
        "Subtotal €2,140.81",
        "VAT €448.89",
        "Total €2,589.70",
        "Based on proposal P-2026-0001",
        "Page 1 of 1",
    ],
    "es": [
        "Número de factura INV-2026-0002",
        "Fecha de expedición 5 mar 2026",
        "Fecha de la operación 27 feb 2026",
        "Fecha de vencimiento 4 abr 2026",
        "Moneda EUR",
        "NIF-IVA: ESB12345674",
        "NIF-IVA: DE136695976",
        "España",
        "Alemania",
        "Descripción Cantidad Precio unitario Descuento IVA Importe",
        "1 day 1.234,56 € 21 % 1.234,56 €",
        "12,5 h 80,00 € 10 % 21 % 900,00 €",
        "500 pcs 0,0125 € 10 % 6,25 €",
        "21 % 2.134,56 € 448,26 €",
        "Base imponible",
        "Cuota de IVA",
        "Subtotal 2.140,81 €",
        "IVA 448,89 €",
        "Total 2.589,70 €",
        "Página 1 de 1",
    ],
    "ro": [
        "FACTURĂ",
        "CUMPĂRĂTOR",
        "Nr. factură INV-2026-0003",
        "Data emiterii 05.03.2026",
        "Data livrării 27.02.2026",
        "Data scadenței 04.04.2026",
        "Moneda EUR",
        "Cod TVA: ESB12345674",
        "Cod TVA: DE136695976",
        "Spania",
        "Germania",
        "Denumire Cantitate Preț unitar Reducere TVA Valoare",
        "1 day 1.234,56 EUR 21 % 1.234,56 EUR",
        "12,5 h 80,00 EUR 10 % 21 % 900,00 EUR",
        "500 pcs 0,0125 EUR 10 % 6,25 EUR",
        "Cota TVA Baza de impozitare Valoare TVA",
        "21 % 2.134,56 EUR 448,26 EUR",
        "Total fără TVA 2.140,81 EUR",
        "TVA 448,89 EUR",
        "Total 2.589,70 EUR",
        "Conform ofertei P-2026-0003",
        "Plata în termen de 30 de zile",
        "Cont IBAN ES91 2100 0418 4502 0005 1332",
        "Cod BIC CAIXESBBXXX",
        "Pagina 1 din 1",
    ],
    "ar": [
        "رقم الفاتورة",
        "تاريخ الإصدار2026/03/05",
        "تاريخ التوريد2026/02/27",
        "تاريخ الاستحقاق2026/04/04",
        "العملةEUR",
        "الرقم الضريبي",
        "إسبانيا",
        "ألمانيا",
        "الوصف",
        "سعر الوحدة",
        "€ 1,234.56",
        "€ 0.0125",
        "21%",
        "10%",
        "المبلغ الخاضع للضريبة",
        "مبلغ الضريبة",
        "الإجمالي",
        "2,589.70",
    ],
}


@pytest.fixture(scope="module")
def documents(sqlite_template: Path) -> dict[str, str]:
    """Text of the issued files of: an accepted proposal and its paid-in-part invoice per
    language, a credit note (and a Romanian one), and a draft, all made by the verbs the chat
    uses."""

    async def build(shop: Shop) -> dict[str, str]:
        pdfs = {}
        for language in INVOICE_EXPECTED:
            client = await shop.client(language)
            proposal, invoice = await shop.accepted_proposal(
                client, notes="Thank you for your business."
            )
            await shop.pay(invoice, "500")
            pdfs[language] = await pdf_of(invoice)
            pdfs.setdefault("proposal", await pdf_of(proposal))
        english = await shop.client("en", display_name="Zeta Ltd")
        invoice = await shop.invoice(english)
        pdfs["credit_note"] = await pdf_of(await shop.credit(invoice))
        pdfs["credit_note_ro"] = await pdf_of(await shop.credit(await shop.invoice(
            await shop.client("ro", display_name="Tehnoplast SRL"))))
        pdfs["draft"] = await pdf_of(await shop.draft(await shop.client("es")))
        return {key: pdf_text(pdf) for key, pdf in pdfs.items()}

    return issued(build, sqlite_template)


@pytest.mark.parametrize("language", sorted(INVOICE_EXPECTED))
def test_invoice_prints_art_226_fields_in_the_readers_locale(documents, language: str) -> None:
    text = documents[language]
    missing = [expected for expected in INVOICE_EXPECTED[language] if expected not in text]
    assert not missing, f"{language}: {missing} not in\n{text}"


def test_invoice_prints_both_parties_lines_and_payment_details_as_given(documents) -> None:
    given = [
        "Lumen Studio",
        "Lumen Studio S.L.",
        "Calle de Alcalá 42, 3º",
        "28014 Madrid",
        "billing@lumen.example",
        "+34 910 000 000",
        "Acme Widgets GmbH",
        "Friedrichstraße 10",
        "10117 Berlin",
        "ap@acme.example",
        "Brand identity workshop",
        "Website design and build",
        "Printed brochures, A5, two-sided",
        "Payment within 30 days",
        "IBAN ES91 2100 0418 4502 0005 1332",
        "BIC CAIXESBBXXX",
        "Bank CaixaBank",
        "Thank you for your business.",
    ]
    missing = [value for value in given if value not in documents["en"]]
    assert not missing, missing


def test_proposal_prints_its_validity(documents) -> None:
    text = documents["proposal"]
    for expected in (
        "PROPOSAL",
        "Proposal number P-2026-0001",
        "Valid until Apr 4, 2026",
        "Total €2,589.70",
    ):
        assert expected in text
    assert "Balance due" not in text


# A Romanian credit note is a factură storno: Codul fiscal art. 330 has the correcting invoice
# state the reversed amounts with a minus sign, as every language's credit note does here.
CREDIT_NOTE_EXPECTED = {
    "credit_note": [
        "CREDIT NOTE",
        "Credit note number CN-2026-0001",
        "Credited invoice INV-2026-0005",
        "This credit note corrects invoice INV-2026-0005 of Mar 5, 2026.",
        "21% -€2,134.56 -€448.26",
    ],
    "credit_note_ro": [
        "FACTURĂ STORNO",
        "Nr. factură storno CN-2026-0002",
        "Factura stornată INV-2026-0006",
        "Această factură storno corectează factura INV-2026-0006 din 05.03.2026.",
        "21 % -2.134,56 EUR -448,26 EUR",
        "Total -2.589,70 EUR",
    ],
}


@pytest.mark.parametrize("key", sorted(CREDIT_NOTE_EXPECTED))
def test_credit_note_references_the_credited_invoice(documents, key: str) -> None:
    text = documents[key]
    missing = [expected for expected in CREDIT_NOTE_EXPECTED[key] if expected not in text]
    assert not missing, f"{key}: {missing} not in\n{text}"


def test_draft_says_draft_instead_of_a_number(documents) -> None:
    text = documents["draft"]
    assert "BORRADOR" in text
    assert "INV-" not in text
    assert "Número de factura" not in text

