"""Download names of documents are their number, in characters every file system accepts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from billing.pdf import pdf_filename
from billing.pdf.view import DocumentView
from models import DocumentKind
from tests.pdf_documents import Shop, issued, view_of


@pytest.fixture(scope="module")
def drafts(sqlite_template: Path) -> dict[str, DocumentView]:
    async def build(shop: Shop) -> dict[str, DocumentView]:
        client = await shop.client()
        return {
            kind.value: await view_of(await shop.draft(client, kind=kind)) for kind in DocumentKind
        }

    return issued(build, sqlite_template)


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("INV-2026-0007", "INV-2026-0007.pdf"),
        ("2026/07 #3", "2026-07-3.pdf"),
        ("../../etc/passwd", "etc-passwd.pdf"),
        ("Fáctura 7", "F-ctura-7.pdf"),
        ("///", "invoice.pdf"),
    ],
)
def test_issued_document_is_named_by_its_number(drafts, number: str, expected: str) -> None:
    assert pdf_filename(replace(drafts["invoice"], number=number)) == expected


@pytest.mark.parametrize("kind", ["proposal", "invoice", "credit_note"])
def test_draft_is_named_by_its_kind(drafts, kind: str) -> None:
    assert pdf_filename(drafts[kind]) == f"draft-{kind}.pdf"
