"""The one file an issued document is: built once from its frozen view, stored, and served as is.

Every reader of an issued document's PDF — the `assent documents pdf` export, the email, the PDF in
chat, the acceptance notice — calls `issued_pdf`, so re-exporting or re-sending gives the same
bytes whatever changes later in the business's settings or payments. The row is keyed by the
document (unique): the first reader after issuing builds it from the frozen view and stores it
(in every issuing path that is the very next step), and two racing readers store one row and
both return it, so a crash at any point leaves either no row or the one row.
Drafts are never stored: `document_pdf` renders them live.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError

from billing.documents.frozen import freeze
from billing.documents.view import document_view, live_view
from billing.einvoice.facturx import PDF_VARIANT, facturx_pdf
from billing.einvoice.rules import has_einvoice
from billing.pdf import render_pdf_async
from billing.pdf.view import DocumentView
from models import Business, Document, IssuedFile

log = logging.getLogger(__name__)


async def build_issued_file(
    view: DocumentView, settings: Business
) -> tuple[bytes, str | None, str | None]:
    """(pdf, xml, xml syntax) for an issued view; `settings` is the business's stored settings.

    The only place issued bytes are made. With the business's e-invoice setting on, an invoice or
    credit note is a Factur-X PDF/A-3b carrying its CII XML (EN 16931), stored beside it; otherwise,
    and for proposals and three-decimal currencies (billing.einvoice.rules), the plain PDF.
    """
    if not (settings.embed_einvoice and has_einvoice(view)):
        return await render_pdf_async(view), None, None
    try:
        xml, syntax = await asyncio.to_thread(_cii, view)
    except ValueError:  # issuing checked the rules; never leave an issued document unreadable
        log.exception("no e-invoice for %s %s: issued as a plain PDF", view.kind, view.number)
        return await render_pdf_async(view), None, None
    pdf = await render_pdf_async(view, variant=PDF_VARIANT)
    pdf = await asyncio.to_thread(facturx_pdf, pdf, xml, view)
    return pdf, xml.decode("utf-8"), syntax


def _cii(view: DocumentView) -> tuple[bytes, str]:
    """The CII XML and its syntax name. drafthorse and lxml are imported here, in the worker
    thread that builds the first e-invoice, not by every serving process at start."""
    from billing.einvoice.cii import CII, build_cii

    return build_cii(view), CII


async def issued_pdf(document: Document) -> bytes:
    """The stored bytes of an issued document, built and stored on first call."""
    if document.number is None:
        raise ValueError(f"document {document.id} is a draft: drafts have no issued file")
    stored = await IssuedFile.get_or_none(document_id=document.id)
    if stored is not None:
        return stored.pdf
    view = await _frozen(document)
    business = await Business.get(id=document.business_id)
    pdf, xml, syntax = await build_issued_file(view, business)
    try:
        await store_issued_file(document, pdf, xml, syntax)
    except IntegrityError:  # another reader stored it first: theirs is the issued file
        return (await IssuedFile.get(document_id=document.id)).pdf
    return pdf


async def store_issued_file(
    document: Document,
    pdf: bytes,
    xml: str | None = None,
    syntax: str | None = None,
    connection: BaseDBAsyncClient | None = None,
) -> None:
    """The one row of an issued document's bytes, with their sha256 (IntegrityError if stored)."""
    await IssuedFile.create(
        business_id=document.business_id,
        document_id=document.id,
        pdf=pdf,
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        xml=xml,
        xml_syntax=syntax,
        using_db=connection,
    )


async def document_pdf(document: Document) -> bytes:
    """What any reader sends or shows: the issued file, or a draft rendered as it is now."""
    return (await document_file(document))[1]


async def document_file(
    document: Document, business: Business | None = None
) -> tuple[DocumentView, bytes]:
    """The view (which names the file) and the PDF bytes. A draft's live view is read once
    and rendered: a PDF in chat (an accepted proposal's invoice) waits on no second reading.
    `business` is the document's, when the caller holds it."""
    if document.number is None:
        view = await live_view(document, business)
        return view, await render_pdf_async(view)
    return await document_view(document), await issued_pdf(document)


async def _frozen(document: Document) -> DocumentView:
    """The frozen view; a document issued before views were frozen is frozen now, once."""
    if document.frozen_view is None:
        data = freeze(await live_view(document))
        await Document.filter(id=document.id, frozen_view__isnull=True).update(frozen_view=data)
        document = await Document.get(id=document.id)
    return await document_view(document)
