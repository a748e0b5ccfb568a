"""Documents and statuses in the owner's words: "Invoice INV-2026-0007", "partially paid"."""

from __future__ import annotations

from flows.context import Context
from flows.flow import N_
from models import Document, DocumentKind, DocumentStatus

KIND_NAMES = {
    DocumentKind.PROPOSAL: N_("Proposal"),
    DocumentKind.INVOICE: N_("Invoice"),
    DocumentKind.CREDIT_NOTE: N_("Credit note"),
}
STATUS_NAMES = {
    DocumentStatus.DRAFT: N_("draft"),
    DocumentStatus.ISSUED: N_("issued"),
    DocumentStatus.SENT: N_("sent"),
    DocumentStatus.ACCEPTED: N_("accepted"),
    DocumentStatus.DECLINED: N_("declined"),
    DocumentStatus.EXPIRED: N_("expired"),
    DocumentStatus.PARTIALLY_PAID: N_("partially paid"),
    DocumentStatus.PAID: N_("paid"),
    DocumentStatus.OVERDUE: N_("overdue"),
    DocumentStatus.CREDITED: N_("credited"),
    DocumentStatus.CANCELLED: N_("cancelled"),
}


def title(ctx: Context, document: Document) -> str:
    return f"{ctx.t(KIND_NAMES[document.kind])} {document.number or ctx.t('(draft)')}"
