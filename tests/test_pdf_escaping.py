"""Whatever a user types prints literally: no markup, CSS or template code gets through."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from billing.documents.drafts import DraftLine
from billing.pdf import render_html, render_pdf
from billing.pdf.formatting import page_counter_css
from billing.pdf.view import DocumentView, LogoView
from tests.pdf_documents import Shop, issued, view_of
from tests.pdf_text import pdf_text

HOSTILE = "<b>Tom & Jerry</b>"


@pytest.fixture(scope="module")
def hostile_view(sqlite_template: Path) -> DocumentView:
    """A client, a line and notes typed to break out of the HTML, issued as they were typed."""

    async def build(shop: Shop) -> DocumentView:
        client = await shop.client(display_name=HOSTILE, billing_street="<script>alert(1)</script>")
        line = DraftLine('</td></tr></table><img src="x">{{ 7*7 }}', Decimal(1), Decimal(10))
        notes = "</style><style>body{display:none}</style>"
        return await view_of(await shop.invoice(client, [line], notes=notes))

    return issued(build, sqlite_template)


def test_html_escapes_names_descriptions_and_notes(hostile_view: DocumentView) -> None:
    html = render_html(hostile_view)
    assert "&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;" in html
    assert "<b>" not in html
    assert "<script>" not in html
    assert "<img" not in html
    assert "</style><style>" not in html


def test_pdf_shows_the_client_name_literally(hostile_view: DocumentView) -> None:
    text = pdf_text(render_pdf(hostile_view))
    assert HOSTILE in text
    assert "{{ 7*7 }}" in text
    assert "body{display:none}" in text


def test_page_label_translation_cannot_leave_its_css_string() -> None:
    css = page_counter_css('"} body { display: none } </style> {page}/{pages}')
    assert css.startswith('"\\22 ')
    assert "</style>" not in css
    assert "{" not in css.replace("counter(page)", "").replace("counter(pages)", "")
    assert css.endswith('counter(page) "\\2f " counter(pages)')


@pytest.mark.parametrize("colour", ["red", "#12345", "#1f4e79;} body {display:none", ""])
def test_brand_colour_must_be_hex(hostile_view: DocumentView, colour: str) -> None:
    with pytest.raises(ValueError, match="brand colour"):
        replace(hostile_view, brand_colour=colour)


def test_logo_must_be_an_image_type() -> None:
    with pytest.raises(ValueError, match="logo type"):
        LogoView(data=b"<html>", mime="text/html")


def test_unknown_kind_is_refused(hostile_view: DocumentView) -> None:
    with pytest.raises(ValueError, match="document kind"):
        replace(hostile_view, kind="receipt")
