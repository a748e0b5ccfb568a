"""Arabic documents run right to left, their labels drawn in the shipped font and never as tofu."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from fontTools.ttLib import TTFont

from billing.i18n import LOCALE_DIR
from billing.pdf import render_html, render_pdf
from billing.pdf.render import TEMPLATE_DIR
from billing.pdf.view import DocumentView
from tests.pdf_documents import Shop, issued, view_of
from tests.pdf_text import Run, find_run, font_names, text_runs

AR_CATALOG = LOCALE_DIR / "ar" / "LC_MESSAGES" / "documents.po"


@pytest.fixture(scope="module")
def invoices(sqlite_template: Path) -> dict[str, DocumentView]:
    """The same invoice issued to an Arabic-reading and an English-reading client."""

    async def build(shop: Shop) -> dict[str, DocumentView]:
        return {
            language: await view_of(await shop.invoice(await shop.client(language)))
            for language in ("ar", "en")
        }

    return issued(build, sqlite_template)


@pytest.fixture(scope="module")
def arabic_pdf(invoices: dict[str, DocumentView]) -> bytes:
    return render_pdf(invoices["ar"])


@pytest.fixture(scope="module")
def english_pdf(invoices: dict[str, DocumentView]) -> bytes:
    return render_pdf(invoices["en"])


def _label_and_value(runs: list[Run], label: str, value: str) -> tuple[Run, Run]:
    """The label's run and the value's run on the same baseline."""
    label_run = find_run(runs, label)
    return label_run, find_run([run for run in runs if abs(run.y - label_run.y) < 2], value)


def test_html_declares_rtl_for_arabic_only(invoices: dict[str, DocumentView]) -> None:
    assert '<html lang="ar" dir="rtl">' in render_html(invoices["ar"])
    assert '<html lang="en" dir="ltr">' in render_html(invoices["en"])


def test_arabic_meta_labels_sit_right_of_their_values(arabic_pdf: bytes) -> None:
    runs = text_runs(arabic_pdf)
    for label, value in (("رقم الفاتورة", "INV-2026-0001"), ("العملة", "EUR")):
        label_run, value_run = _label_and_value(runs, label, value)
        assert label_run.x > value_run.x, (label, value)


def test_english_meta_labels_sit_left_of_their_values(english_pdf: bytes) -> None:
    runs = text_runs(english_pdf)
    label_run, value_run = _label_and_value(runs, "Currency", "EUR")
    assert label_run.x < value_run.x


def test_arabic_lines_table_starts_with_description_on_the_right(arabic_pdf: bytes) -> None:
    runs = text_runs(arabic_pdf)
    description, amount = _label_and_value(runs, "Brand identity workshop", "1,234.56")
    assert description.x > amount.x


def test_arabic_seller_block_is_on_the_right_and_title_on_the_left(arabic_pdf: bytes) -> None:
    runs = text_runs(arabic_pdf)
    assert find_run(runs, "Lumen Studio S.L.").x > find_run(runs, "فاتورة").x


def test_latin_text_in_an_arabic_document_keeps_its_order(arabic_pdf: bytes) -> None:
    # A phone laid out right to left would come out as "000 000 910 34+".
    runs = text_runs(arabic_pdf)
    assert find_run(runs, "+34 910 000 000")
    assert find_run(runs, "Calle de Alcalá 42, 3º")


def test_only_the_shipped_fonts_are_embedded(arabic_pdf: bytes) -> None:
    # Fonts loaded through @font-face are named after the CSS family; a host font would not be.
    assert font_names(arabic_pdf) == {"Assent-Sans", "Assent-Sans-Bold"}


@pytest.mark.parametrize("font", ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"])
def test_shipped_fonts_have_a_glyph_for_every_arabic_label(font: str) -> None:
    cmap = TTFont(TEMPLATE_DIR / "fonts" / font).getBestCmap()
    with open(AR_CATALOG, "rb") as handle:
        labels = [
            form
            for message in read_po(handle)
            if message.id
            for form in (message.string if isinstance(message.string, tuple) else [message.string])
        ]  # a counted label's forms come as a tuple
    missing = {char for label in labels for char in label if not char.isspace()} - {
        chr(code) for code in cmap
    }
    assert not missing, sorted(missing)
