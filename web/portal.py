"""The client's other documents from the same business: a read-only list with their PDFs.

Only issued documents of this client and this business are listed or served; a document id in
the URL that belongs to anyone else is "not found".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from starlette.requests import Request
from starlette.responses import Response

from billing.documents.issued_file import issued_pdf
from billing.documents.view import document_view
from billing.pdf import pdf_filename
from models import Document, DocumentKind, DocumentStatus
from web.gate import not_found, pdf_response, visit_or_refusal
from web.visit import Visit

KIND_LABELS = {  # labels of the "documents" catalog, shared with the PDFs
    DocumentKind.PROPOSAL: "Proposal",
    DocumentKind.INVOICE: "Invoice",
    DocumentKind.CREDIT_NOTE: "Credit note",
}
S = DocumentStatus
STATUS_LABELS = {  # "web" catalog: what the status means to the client
    S.ISSUED: "Open",
    S.SENT: "Open",
    S.ACCEPTED: "Accepted",
    S.DECLINED: "Declined",
    S.EXPIRED: "Expired",
    S.PARTIALLY_PAID: "Partly paid",
    S.PAID: "Paid",
    S.OVERDUE: "Overdue",
    S.CREDITED: "Credited",
    S.CANCELLED: "Cancelled",
}
INVOICE_OPEN = "Awaiting payment"


@dataclass(frozen=True)
class Listed:
    id: int
    kind: str
    number: str
    issued: date | None
    total: Decimal
    currency: str
    status: str


def status_label(document: Document) -> str:
    if document.kind != DocumentKind.PROPOSAL and document.status in (S.ISSUED, S.SENT):
        return INVOICE_OPEN
    return STATUS_LABELS.get(document.status, "Open")


async def other_documents(visit: Visit) -> list[Listed]:
    documents = await Document.filter(
        business_id=visit.business.id, client_id=visit.client.id, number__isnull=False,
    ).exclude(id=visit.proposal.id).order_by("-issue_date", "-id")
    return [
        Listed(d.id, KIND_LABELS[d.kind], d.number or "", d.issue_date, d.total, d.currency,
               status_label(d))
        for d in documents if d.status != S.DRAFT
    ]


async def document_download(request: Request) -> Response:
    visit = await visit_or_refusal(request)
    if isinstance(visit, Response):
        return visit
    wanted = request.path_params["document_id"]
    listed = {item.id for item in await other_documents(visit)} | {visit.proposal.id}
    if wanted not in listed:
        return not_found(visit.language)
    document = await Document.get(id=wanted, business_id=visit.business.id)
    view = await document_view(document)
    return pdf_response(await issued_pdf(document), pdf_filename(view))
