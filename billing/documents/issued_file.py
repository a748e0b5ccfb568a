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

import hashlib

from tortoise.exceptions import IntegrityError

from billing.documents.frozen import freeze
from billing.documents.view import document_view, live_view
from billing.pdf import render_pdf_async
from billing.pdf.view import DocumentView
from models import Business, Document, IssuedFile


async def build_issued_file(
    view: DocumentView, settings: Business
) -> tuple[bytes, str | None, str | None]:
    """(pdf, xml, xml syntax) for an issued view; `settings` is the business's stored settings.

    The only place issued bytes are made. For now the PDF alone; the e-invoice step adds the XML
    and embeds it when the business asks for it.
    """
    return await render_pdf_async(view), None, None


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
        await IssuedFile.create(
            business_id=document.business_id,
            document_id=document.id,
            pdf=pdf,
            pdf_sha256=hashlib.sha256(pdf).hexdigest(),
            xml=xml,
            xml_syntax=syntax,
        )
    except IntegrityError:  # another reader stored it first: theirs is the issued file
        return (await IssuedFile.get(document_id=document.id)).pdf
    return pdf


async def document_pdf(document: Document) -> bytes:
    """What any reader sends or shows: the issued file, or a draft rendered as it is now."""
    if document.number is None:
        return await render_pdf_async(await live_view(document))
    return await issued_pdf(document)


async def _frozen(document: Document) -> DocumentView:
    """The frozen view; a document issued before views were frozen is frozen now, once."""
    if document.frozen_view is None:
        data = freeze(await live_view(document))
        await Document.filter(id=document.id, frozen_view__isnull=True).update(frozen_view=data)
        document = await Document.get(id=document.id)
    return await document_view(document)
