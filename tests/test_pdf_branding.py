"""A business's logo and brand colour show on its documents; without them the defaults do."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

from pypdf import PdfReader

from billing.pdf import LogoView, render_pdf
from billing.pdf.sample import sample_document

LOGO = Path(__file__).parent / "fixtures" / "pdf" / "logo.png"


def _first_page(pdf: bytes):
    return PdfReader(io.BytesIO(pdf)).pages[0]


def test_logo_is_drawn_in_the_header() -> None:
    view = replace(sample_document(), logo=LogoView(data=LOGO.read_bytes(), mime="image/png"))
    images = _first_page(render_pdf(view)).images
    assert len(images) == 1
    assert images[0].image.size == (240, 80)


def test_no_logo_draws_no_image() -> None:
    assert len(_first_page(render_pdf(sample_document())).images) == 0


def test_brand_colour_fills_the_accents() -> None:
    # #c0392b as PDF fill colour components (192/255, 57/255, 43/255).
    page = _first_page(render_pdf(replace(sample_document(), brand_colour="#c0392b")))
    assert b"0.752941 0.223529 0.168627 rg" in page.get_contents().get_data()
