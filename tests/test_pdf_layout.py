"""Layout faults seen on real invoices, each read back from the PDF of an issued document.

Notes squeezed into a narrow column, "IBAN IBAN …", a long unbroken word pushing the amount
columns off the page, Japanese printed as empty boxes, Portuguese money written the Brazilian
way for European clients, and a Mexican RFC labelled as a European VAT ID.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from tests.pdf_documents import LINES, Shop, issued, pdf_of
from tests.pdf_text import font_names, pdf_text

A4_WIDTH = 595.28  # points
NOTE = "Thank you for trusting us with your brand this year. " * 4
LONG_WORD = "https://example.com/" + "x" * 130
JAPANESE = "ウェブサイト制作と東京オフィスの設定"


@pytest.fixture(scope="module")
def pdfs(sqlite_template: Path) -> dict[str, bytes]:
    async def build(shop: Shop) -> dict[str, bytes]:
        german = await shop.client()
        lines = [replace(LINES[0], description=f"Reference {LONG_WORD}"), *LINES[1:]]
        japanese = [replace(line, description=JAPANESE) for line in LINES]
        documents = {
            "notes": await shop.invoice(german, notes=NOTE),
            "long_word": await shop.invoice(german, lines),
            "japanese": await shop.invoice(german, japanese),
            "pt_PT": await shop.invoice(
                await shop.client("pt", billing_country="PT", tax_id="PT501964843")
            ),
            "pt_BR": await shop.invoice(await shop.client("pt", billing_country="BR", tax_id="")),
            "mx": await shop.invoice(
                await shop.client("es", billing_country="MX", tax_id="GODE561231GR8")
            ),
            "es_nif": await shop.invoice(
                await shop.client("es", billing_country="ES", tax_id="12345678Z")
            ),
            "ro": await shop.invoice(
                await shop.client("en", billing_country="RO", tax_id="18547290")
            ),
        }
        return {key: await pdf_of(document) for key, document in documents.items()}

    return issued(build, sqlite_template)


def _lines(pdf: bytes) -> list[str]:
    return pdf_text(pdf).splitlines()


def test_notes_run_across_the_page_not_in_a_narrow_column(pdfs: dict[str, bytes]) -> None:
    # About 210 characters: three lines at most across the page; a 25 mm column took a dozen.
    noted = [line for line in _lines(pdfs["notes"]) if "trusting" in line or "Thank" in line]
    assert 1 <= len(noted) <= 3, noted
    assert " ".join(" ".join(noted).split()) in " ".join(NOTE.split())


def test_the_iban_is_labelled_once(pdfs: dict[str, bytes]) -> None:
    text = pdf_text(pdfs["notes"])
    assert "IBAN ES91 2100 0418 4502 0005 1332" in text
    assert text.count("IBAN") == 1, text


def _words(pdf: bytes) -> list[tuple[str, float, float]]:
    """(word, xMin, xMax) of every word pdftotext finds, in points."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    pattern = re.compile(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)</word>')
    return [(word, float(x0), float(x1)) for x0, x1, word in pattern.findall(html)]


def test_a_long_unbroken_word_wraps_and_every_column_stays_on_the_page(pdfs) -> None:
    words = _words(pdfs["long_word"])
    off_page = [(word, x1) for word, _, x1 in words if x1 > A4_WIDTH - 20]
    assert not off_page, off_page
    amounts = {word: x1 for word, _, x1 in words if word in ("Amount", "€1,234.56", "€900.00")}
    assert len(amounts) == 3 and all(x1 < A4_WIDTH - 35 for x1 in amounts.values()), amounts
    # The word is all there, broken over several lines of its own column.
    pieces = [word for word, _, _ in words if set(word) <= set(LONG_WORD) and "x" in word]
    assert len(pieces) > 1 and "".join(pieces).endswith("x" * 130)


def test_japanese_prints_with_the_shipped_cjk_font(pdfs: dict[str, bytes]) -> None:
    assert JAPANESE in pdf_text(pdfs["japanese"])
    assert "Assent-CJK" in font_names(pdfs["japanese"])
    assert "Assent-CJK" not in font_names(pdfs["notes"])  # embedded only where it is used


def test_portuguese_money_is_written_the_european_way_for_a_client_in_portugal(pdfs) -> None:
    european, brazilian = pdf_text(pdfs["pt_PT"]), pdf_text(pdfs["pt_BR"])
    assert "Total 2 589,70 €" in european and "€ 2.589,70" not in european
    assert "Total € 2.589,70" in brazilian


@pytest.mark.parametrize(
    ("document", "label", "number"),
    [
        ("mx", "RFC", "GODE561231GR8"),  # in a Spanish document: not "NIF-IVA"
        ("es_nif", "NIF", "12345678Z"),  # a Spanish client's national number
        ("ro", "CUI", "18547290"),  # a Romanian company not registered for VAT
        ("pt_PT", "N.º de IVA", "PT501964843"),  # an EU VAT ID, in Portuguese
        ("notes", "VAT ID", "DE136695976"),  # an EU VAT ID, in English
    ],
)
def test_tax_ids_are_labelled_by_their_kind(pdfs, document: str, label: str, number: str) -> None:
    labels = re.findall(r"([^\n]*): " + number, pdf_text(pdfs[document]))
    assert labels == [label]


def test_the_sellers_vat_id_carries_its_country_prefix(pdfs: dict[str, bytes]) -> None:
    # Set up as B12345674: printed as the EU VAT ID, in each reader's words.
    assert "NIF-IVA: ESB12345674" in pdf_text(pdfs["mx"])
    assert "VAT ID: ESB12345674" in pdf_text(pdfs["ro"])
