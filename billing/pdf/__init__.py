"""Proposals, invoices and credit notes as PDF: plain views in, localized HTML and PDF bytes out."""

from billing.pdf.pool import PdfRenderPool, pdf_pool, render_pdf_async, shutdown_pdf_pool
from billing.pdf.render import pdf_filename, render_html, render_pdf
from billing.pdf.view import (
    AcceptanceView,
    BankView,
    DocumentView,
    LineView,
    LogoView,
    PartyView,
    TaxView,
)

__all__ = [
    "AcceptanceView",
    "BankView",
    "DocumentView",
    "LineView",
    "LogoView",
    "PartyView",
    "PdfRenderPool",
    "TaxView",
    "pdf_filename",
    "pdf_pool",
    "render_html",
    "render_pdf",
    "render_pdf_async",
    "shutdown_pdf_pool",
]
