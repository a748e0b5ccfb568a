"""Download names of documents are their number, in characters every file system accepts."""

from __future__ import annotations

from dataclasses import replace

import pytest

from billing.pdf import pdf_filename
from billing.pdf.sample import sample_document


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
def test_issued_document_is_named_by_its_number(number: str, expected: str) -> None:
    assert pdf_filename(replace(sample_document("invoice"), number=number)) == expected


@pytest.mark.parametrize("kind", ["proposal", "invoice", "credit_note"])
def test_draft_is_named_by_its_kind(kind: str) -> None:
    assert pdf_filename(sample_document(kind, draft=True)) == f"draft-{kind}.pdf"
