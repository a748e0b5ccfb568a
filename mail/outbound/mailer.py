"""The mail side of the dialogs (flows.ports.DocumentMailer): the Send button, the welcome email."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from assent.settings import Settings
from billing.documents.drafts import get_document
from billing.documents.issued_file import document_pdf
from mail.outbound.compose import Parties, compose_welcome
from mail.outbound.outbox import enqueue, failed_email, retry_email, retry_row, undelivered
from mail.outbound.send_document import send_count, send_document
from models import Business, Client, Contact, OutboxEmail, User


class OutboundMailer:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def send_count(self, business: Business, document_id: int) -> int:
        return await send_count(business, document_id)

    async def send(
        self, business: Business, document_id: int, *, user: User | None, send_number: int,
        source: str = "chat",
    ) -> OutboxEmail:
        pdf = await document_pdf(await get_document(business, document_id))
        return await send_document(
            business, document_id, pdf=pdf, settings=self.settings, user=user,
            send_number=send_number, source=source,
        )

    async def failed(self, business: Business, document_id: int) -> OutboxEmail | None:
        return await failed_email(business, document_id)

    async def retry(self, business: Business, document_id: int) -> OutboxEmail | None:
        return await retry_email(business, document_id)

    async def retry_email(self, business: Business, outbox_id: int) -> OutboxEmail | None:
        return await retry_row(business, outbox_id)

    async def undelivered(self, business: Business, limit: int) -> list[OutboxEmail]:
        return await undelivered(business, limit)

    def server_configured(self) -> bool:
        return bool(self.settings.smtp.host)

    async def welcome(self, business: Business, client: Client) -> None:
        async with in_transaction() as connection:
            contacts = await Contact.filter(client=client).using_db(connection)
            parties = Parties(business, client, contacts)
            message = compose_welcome(parties, smtp=self.settings.smtp, mail=self.settings.mail)
            await enqueue(
                connection,
                business=business,
                key=f"welcome:{client.id}",
                purpose="welcome",
                message=message,
            )
