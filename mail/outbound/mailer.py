"""The mail side of the dialogs' Send button (flows.ports.DocumentMailer)."""

from __future__ import annotations

from assent.settings import Settings
from billing.documents.drafts import get_document
from billing.documents.view import document_pdf
from mail.outbound.send_document import send_count, send_document
from models import Business, OutboxEmail, User


class OutboundMailer:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def send_count(self, business: Business, document_id: int) -> int:
        return await send_count(business, document_id)

    async def send(
        self, business: Business, document_id: int, *, user: User | None, send_number: int
    ) -> OutboxEmail:
        pdf = await document_pdf(await get_document(business, document_id))
        return await send_document(
            business, document_id, pdf=pdf, settings=self.settings, user=user,
            send_number=send_number,
        )
