"""A long invoice breaks across pages, each repeating the table header and its page number."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.pdf_documents import LINES, Shop, issued, pdf_of
from tests.pdf_text import normalise

HEADER = "Description Quantity Unit price Discount VAT Amount"


@pytest.fixture(scope="module")
def pages(sqlite_template: Path) -> list[str]:
    async def build(shop: Shop) -> bytes:
        invoice = await shop.invoice(await shop.client(), LINES * 40)
        return await pdf_of(invoice)

    pdf = issued(build, sqlite_template)
    return [normalise(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def test_every_page_is_numbered_out_of_the_total(pages: list[str]) -> None:
    assert len(pages) > 2
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert "Lumen Studio · INV-2026-0001" in text


def test_every_page_with_lines_repeats_the_table_header(pages: list[str]) -> None:
    with_lines = [text for text in pages if "Brand identity workshop" in text]
    assert len(with_lines) > 2
    assert all(HEADER in text for text in with_lines)


def test_all_lines_are_printed_once_and_totals_follow_the_last(pages: list[str]) -> None:
    text = "\n".join(pages)
    assert text.count("Brand identity workshop") == 40
    assert text.index("Total") > text.rindex("Printed brochures")
    assert "INVOICE" not in "\n".join(pages[1:])
