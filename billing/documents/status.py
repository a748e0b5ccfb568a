"""Which status may follow which, per kind, and the history row every move leaves behind."""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient

from billing.documents.errors import InvalidTransition
from models import Document, DocumentKind, DocumentStatus, StatusChange, User

S = DocumentStatus
ALLOWED: dict[DocumentKind, dict[DocumentStatus, set[DocumentStatus]]] = {
    DocumentKind.PROPOSAL: {
        S.DRAFT: {S.ISSUED, S.CANCELLED},
        S.ISSUED: {S.SENT, S.ACCEPTED, S.DECLINED, S.EXPIRED, S.CANCELLED},
        S.SENT: {S.SENT, S.ACCEPTED, S.DECLINED, S.EXPIRED, S.CANCELLED},
        S.EXPIRED: {S.ACCEPTED, S.SENT},
        S.DECLINED: {S.ACCEPTED},
    },
    DocumentKind.INVOICE: {
        S.DRAFT: {S.ISSUED, S.CANCELLED},
        S.ISSUED: {S.SENT, S.PARTIALLY_PAID, S.PAID, S.OVERDUE, S.CREDITED},
        S.SENT: {S.SENT, S.PARTIALLY_PAID, S.PAID, S.OVERDUE, S.CREDITED},
        S.OVERDUE: {S.SENT, S.PARTIALLY_PAID, S.PAID, S.CREDITED},
        S.PARTIALLY_PAID: {S.PARTIALLY_PAID, S.PAID, S.OVERDUE, S.CREDITED},
        S.PAID: {S.CREDITED},
    },
    DocumentKind.CREDIT_NOTE: {
        S.DRAFT: {S.ISSUED, S.CANCELLED},
        S.ISSUED: {S.SENT},
    },
}


def can_move(document: Document, to: DocumentStatus) -> bool:
    return to in ALLOWED[document.kind].get(document.status, set())


async def move(
    document: Document,
    to: DocumentStatus,
    connection: BaseDBAsyncClient,
    *,
    source: str = "chat",
    user: User | None = None,
    note: str = "",
) -> None:
    """Change the status and record who and why, in the caller's transaction."""
    if not can_move(document, to):
        raise InvalidTransition(
            kind=document.kind.value, current=document.status.value, to=to.value
        )
    await StatusChange.create(
        business_id=document.business_id,
        document=document,
        from_status=document.status,
        to_status=to,
        source=source,
        user=user,
        note=note,
        using_db=connection,
    )
    document.status = to
