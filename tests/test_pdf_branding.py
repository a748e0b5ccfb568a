"""A business's logo and brand colour show on its documents; without them the defaults do."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.pdf_documents import Shop, issued, pdf_of

LOGO = Path(__file__).parent / "fixtures" / "pdf" / "logo.png"


@pytest.fixture(scope="module")
def pdfs(sqlite_template: Path) -> dict[str, bytes]:
    """An invoice issued before the owner set a logo and colour, and one issued after."""

    async def build(shop: Shop) -> dict[str, bytes]:
        client = await shop.client()
        plain = await pdf_of(await shop.invoice(client))
        await shop.logo(LOGO.read_bytes())
        await shop.setting(brand_colour="#c0392b")
        return {"plain": plain, "branded": await pdf_of(await shop.invoice(client))}

    return issued(build, sqlite_template)


def _first_page(pdf: bytes):
    return PdfReader(io.BytesIO(pdf)).pages[0]


def test_logo_is_drawn_in_the_header(pdfs: dict[str, bytes]) -> None:
    images = _first_page(pdfs["branded"]).images
    assert len(images) == 1
    assert images[0].image.size == (240, 80)


def test_no_logo_draws_no_image(pdfs: dict[str, bytes]) -> None:
    assert len(_first_page(pdfs["plain"]).images) == 0


def test_brand_colour_fills_the_accents(pdfs: dict[str, bytes]) -> None:
    # #c0392b as PDF fill colour components (192/255, 57/255, 43/255).
    assert (
        b"0.752941 0.223529 0.168627 rg" in _first_page(pdfs["branded"]).get_contents().get_data()
    )
    assert (
        b"0.752941 0.223529 0.168627 rg" not in _first_page(pdfs["plain"]).get_contents().get_data()
    )
