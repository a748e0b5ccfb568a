"""Every field EU VAT Directive Art. 226 requires is printed, formatted in the reader's locale."""

from __future__ import annotations

from dataclasses import replace

import pytest

from billing.pdf import render_pdf
from billing.pdf.sample import sample_document
from billing.pdf.view import DocumentView, PartyView
from tests.pdf_text import pdf_text

# What a reader sees, typed by hand: labels from the catalogs, numbers and dates from the locale.
# Arabic money and dates are given in drawn order (05/03/2026 reads right to left).
INVOICE_EXPECTED = {
    "en": [
        "Invoice number INV-2026-0007",
        "Issue date Mar 5, 2026",
        "Date of supply Feb 27, 2026",
        "Due date Apr 4, 2026",
        "Currency EUR",
        "VAT ID: ESB12345678",
        "VAT ID: DE123456789",
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
        "Based on proposal PRO-2026-0003",
        "Page 1 of 1",
    ],
    "es": [
        "Número de factura INV-2026-0007",
        "Fecha de expedición 5 mar 2026",
        "Fecha de la operación 27 feb 2026",
        "Fecha de vencimiento 4 abr 2026",
        "Moneda EUR",
        "NIF-IVA: ESB12345678",
        "NIF-IVA: DE123456789",
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


def _rendered(view: DocumentView) -> str:
    return pdf_text(render_pdf(view))


@pytest.fixture(scope="module", params=sorted(INVOICE_EXPECTED))
def invoice(request: pytest.FixtureRequest) -> tuple[str, DocumentView, str]:
    view = sample_document("invoice", request.param)
    return request.param, view, _rendered(view)


def test_invoice_prints_art_226_fields_in_the_readers_locale(invoice) -> None:
    language, _, text = invoice
    missing = [expected for expected in INVOICE_EXPECTED[language] if expected not in text]
    assert not missing, f"{language}: {missing} not in\n{text}"


def test_invoice_prints_both_parties_lines_and_payment_details_as_given(invoice) -> None:
    _, view, text = invoice
    given = [
        view.number,
        *(value for party in (view.seller, view.buyer) for value in _party_values(party)),
        *(line.description for line in view.lines),
        *(line.unit for line in view.lines),
        view.payment_terms,
        view.bank.iban,
        view.bank.bic,
        view.bank.bank_name,
        view.notes,
    ]
    missing = [value for value in given if value not in text]
    assert not missing, missing


def test_invoice_prints_the_exemption_or_reverse_charge_mention() -> None:
    note = "Reverse charge: VAT due by the recipient (Art. 196 Directive 2006/112/EC)."
    text = _rendered(replace(sample_document("invoice", "en"), tax_note=note))
    assert note in " ".join(text.split())  # wrapped over two lines in its column


def test_proposal_prints_validity_and_acceptance() -> None:
    text = _rendered(sample_document("proposal", "en"))
    for expected in (
        "PROPOSAL",
        "Proposal number PRO-2026-0003",
        "Valid until Apr 5, 2026",
        "Accepted by Jane Doe on Mar 9, 2026",
        "Total €2,589.70",
    ):
        assert expected in text
    assert "Balance due" not in text


def test_credit_note_references_the_credited_invoice() -> None:
    text = _rendered(sample_document("credit_note", "en"))
    for expected in (
        "CREDIT NOTE",
        "Credit note number CN-2026-0001",
        "Credited invoice INV-2026-0007",
        "This credit note corrects invoice INV-2026-0007.",
        "21% €2,134.56 €448.26",
    ):
        assert expected in text


def test_draft_says_draft_instead_of_a_number() -> None:
    text = _rendered(sample_document("invoice", "es", draft=True))
    assert "BORRADOR" in text
    assert "INV-2026-0007" not in text
    assert "Número de factura" not in text


def _party_values(party: PartyView) -> list[str]:
    values = [party.name, party.legal_name, party.tax_id, party.email, party.phone]
    return [value for value in (*values, *party.address_lines) if value]
