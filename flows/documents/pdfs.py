"""Attaching rendered PDFs to replies, after the dialog's transaction has committed."""

from __future__ import annotations

import dataclasses

from billing.documents.certificate import certificate_filename, certificate_pdf
from billing.documents.issued_file import document_file
from billing.pdf import pdf_filename
from flows.replies import Attachment, Reply
from models import Acceptance, Business, Document


async def attach_pdfs(replies: list[Reply], business: Business | None) -> list[Reply]:
    """Render each requested document of this business; another business's id renders nothing."""
    done = []
    for reply in replies:
        if reply.certificate_of is not None and business is not None:
            reply = await _attach_certificate(reply, business, reply.certificate_of)
        if reply.pdf_of is not None and business is not None:
            document = await Document.get_or_none(id=reply.pdf_of, business=business)
            if document is not None:
                view, pdf = await document_file(document, business)
                attachment = Attachment(pdf_filename(view), "application/pdf", pdf)
                reply = dataclasses.replace(reply, document=attachment, pdf_of=None)
        done.append(reply)
    return done


async def _attach_certificate(reply: Reply, business: Business, proposal_id: int) -> Reply:
    acceptance = await Acceptance.get_or_none(proposal_id=proposal_id, business=business)
    if acceptance is None:
        return dataclasses.replace(reply, certificate_of=None)
    proposal = await Document.get(id=proposal_id, business=business)
    attachment = Attachment(certificate_filename(proposal), "application/pdf",
                            await certificate_pdf(acceptance))
    return dataclasses.replace(reply, document=attachment, certificate_of=None)
