"""Sending a document to its client: it becomes SENT and its email is queued in one commit.

Each send is numbered: the n-th send of document 42 is the outbox row "document:42:send:<n>",
n counting from 0. Resending is allowed and queues row n+1. Retry safety comes from that number:

- A crash before the commit leaves nothing; the retry finds the same n and does the work.
- A crash after the commit (or a lost reply, or a double tap) is the dangerous case: counting
  again would give n+1 and a second email. So a caller that can repeat itself passes the
  `send_number` it saw when it offered "Send" (`send_count()`, e.g. kept in the button's
  callback data): a repeat of that number returns the row made the first time, and sends and
  moves nothing. Without `send_number` the call means "send once more" and always queues.

The document row is locked for the transaction, so two sends of one document never share an n.
"""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from assent.settings import Settings
from billing.documents.errors import DocumentNotFound
from billing.documents.link import fingerprint_of, link_url, make_link_token
from billing.documents.status import move
from mail.outbound.compose import Parties, compose_document, recipients
from mail.outbound.errors import DocumentNotIssued, SendOutOfOrder
from mail.outbound.outbox import enqueue
from models import (
    Business,
    Client,
    Contact,
    Document,
    DocumentKind,
    DocumentStatus,
    OutboxEmail,
    User,
)


def _send_prefix(document_id: int) -> str:
    return f"document:{document_id}:send:"


def send_key(document_id: int, send_number: int) -> str:
    return f"{_send_prefix(document_id)}{send_number}"


async def send_count(
    business: Business, document_id: int, connection: BaseDBAsyncClient | None = None
) -> int:
    """How many times the document was sent: the `send_number` of its next send."""
    query = OutboxEmail.filter(business=business, key__startswith=_send_prefix(document_id))
    return await (query.using_db(connection) if connection else query).count()


async def send_document(
    business: Business,
    document_id: int,
    *,
    pdf: bytes,
    settings: Settings,
    user: User | None = None,
    send_number: int | None = None,
    source: str = "chat",
) -> OutboxEmail:
    """Mark the issued document SENT and queue its email with the PDF; returns the outbox row."""
    async with in_transaction() as connection:
        document = (
            await Document.filter(id=document_id, business=business)
            .using_db(connection)
            .select_for_update()
            .first()
        )
        if document is None:
            raise DocumentNotFound(document_id=document_id)
        if document.status == DocumentStatus.DRAFT:
            raise DocumentNotIssued(document_id=document_id)
        sent_before = await send_count(business, document.id, connection)
        number = sent_before if send_number is None else send_number
        if not 0 <= number <= sent_before:
            raise SendOutOfOrder(document_id=document_id, send_number=number, sends=sent_before)
        if number < sent_before:
            return await OutboxEmail.get(key=send_key(document.id, number)).using_db(connection)
        client = await Client.get(id=document.client_id).using_db(connection)
        contacts = await Contact.filter(client=client).using_db(connection)
        parties = Parties(business, client, contacts)
        message = compose_document(
            document,
            parties,
            pdf=pdf,
            smtp=settings.smtp,
            mail=settings.mail,
            link=await _review_link(document, parties, settings, connection),
        )
        if document.status not in (DocumentStatus.PARTIALLY_PAID, DocumentStatus.PAID):
            # A paid or partly paid invoice is re-sent as a copy: its payment status stays.
            await move(document, DocumentStatus.SENT, connection, source=source, user=user)
            await document.save(using_db=connection, update_fields=["status", "updated_at"])
        return await enqueue(
            connection,
            business=business,
            key=send_key(document.id, number),
            purpose=document.kind.value,
            message=message,
            document=document,
        )


async def _review_link(
    document: Document, parties: Parties, settings: Settings, connection: BaseDBAsyncClient
) -> str:
    """The proposal's review & sign link for its first recipient, when the web page is on."""
    if document.kind != DocumentKind.PROPOSAL or not settings.web.base_url:
        return ""
    token = make_link_token(
        document.id, recipients(parties)[0].addr_spec, await fingerprint_of(document, connection),
        secret=settings.mail.token_secret, days=settings.web.link_days,
    )
    return link_url(settings.web.base_url, token)
