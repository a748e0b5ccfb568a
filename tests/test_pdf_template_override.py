"""A business's template folder overrides the shipped files one by one, and reaches nothing else."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from jinja2.sandbox import SecurityError

from billing.pdf import render_html, render_pdf
from billing.pdf.assets import AssetRefused, TemplateAssets
from billing.pdf.render import TEMPLATE_DIR
from billing.pdf.view import DocumentView
from models import DocumentKind
from tests.pdf_documents import Shop, issued, view_of
from tests.pdf_text import font_names, pdf_text

CUSTOM_INVOICE = """{% extends "base.html" %}
{% set title = "Rechnung nach Maß" %}
{% set buyer_heading = _("Bill to") %}
{% block meta %}<tr><th>Order</th><td>PO-{{ doc.number }}</td></tr>{% endblock %}
"""


@pytest.fixture(scope="module")
def views(sqlite_template: Path) -> dict[str, DocumentView]:
    async def build(shop: Shop) -> dict[str, DocumentView]:
        client = await shop.client()
        proposal = await shop.issue(await shop.draft(client, kind=DocumentKind.PROPOSAL))
        return {
            "invoice": await view_of(await shop.invoice(client)),
            "proposal": await view_of(proposal),
        }

    return issued(build, sqlite_template)


@pytest.fixture
def override(tmp_path: Path) -> Path:
    (tmp_path / "invoice.html").write_text(CUSTOM_INVOICE)
    return tmp_path


def test_override_template_replaces_only_its_own_kind(override: Path, views) -> None:
    invoice = render_html(views["invoice"], override)
    assert "Rechnung nach Maß" in invoice
    assert "PO-INV-2026-0001" in invoice
    assert "Invoice number" not in invoice
    proposal = render_html(views["proposal"], override)
    assert "Proposal number" in proposal


def test_rendering_without_override_is_unaffected_by_an_earlier_one(override: Path, views) -> None:
    render_html(views["invoice"], override)
    assert "Rechnung nach Maß" not in render_html(views["invoice"])


def test_override_stylesheet_applies_and_shipped_fonts_still_load(override: Path, views) -> None:
    shipped = (TEMPLATE_DIR / "style.css").read_text()
    (override / "style.css").write_text(shipped + '\nh1::after { content: " bespoke"; }\n')
    pdf = render_pdf(views["invoice"], override)
    assert "BESPOKE" in pdf_text(pdf)  # h1 is upper-cased by the stylesheet
    assert font_names(pdf) == {"Assent-Sans", "Assent-Sans-Bold"}


def test_override_asset_can_not_reach_outside_the_template_folders(override: Path) -> None:
    assets = TemplateAssets((override, TEMPLATE_DIR))
    assert assets.locate((TEMPLATE_DIR / "fonts" / "DejaVuSans.ttf").as_uri()).is_file()
    (override / "logo.png").write_bytes(b"\x89PNG")
    assert assets.locate((TEMPLATE_DIR / "logo.png").as_uri()) == (override / "logo.png")
    for url in (
        "file:///etc/passwd",
        TEMPLATE_DIR.as_uri() + "/../../../../etc/passwd",
        "http://127.0.0.1:9/style.css",
    ):
        with pytest.raises(AssetRefused):
            assets.locate(url)


def test_template_asking_for_host_files_renders_without_them(
    override: Path, views, caplog: pytest.LogCaptureFixture
) -> None:
    (override / "invoice.html").write_text(
        CUSTOM_INVOICE.replace(
            "{% block meta %}",
            '{% block meta %}<img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x.png">',
        )
    )
    with caplog.at_level(logging.ERROR, logger="weasyprint"):
        assert render_pdf(views["invoice"], override).startswith(b"%PDF")
    refusals = [
        record.getMessage() for record in caplog.records if "AssetRefused" in record.getMessage()
    ]
    assert len(refusals) == 2, caplog.text


def test_sandbox_keeps_templates_away_from_python_internals(tmp_path: Path, views) -> None:
    (tmp_path / "invoice.html").write_text("{{ doc.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(SecurityError):
        render_html(views["invoice"], tmp_path)
