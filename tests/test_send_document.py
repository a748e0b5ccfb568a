"""Sending a document moves it to SENT and queues its email in one commit, once per send number."""

from __future__ import annotations

import asyncio
import email
from email.policy import default

import pytest
from tortoise.transactions import in_transaction

from billing.documents.errors import DocumentNotFound
from mail.outbound.compose import Parties, compose_welcome
from mail.outbound.errors import DocumentNotIssued, NoRecipient, SendOutOfOrder
from mail.outbound.outbox import enqueue
from mail.outbound.reply_token import parse_reply_token
from mail.outbound.send_document import send_count, send_document
from models import (
    Contact,
    DocumentKind,
    DocumentStatus,
    OutboxEmail,
    OutboxStatus,
    StatusChange,
)
from tests.factories import make_business, make_client, make_draft, make_owner
from tests.factories.outbound import PDF, mail_settings, make_issued

SETTINGS = mail_settings()


async def test_sending_marks_the_document_sent_and_queues_its_email(db: str) -> None:
    business = await make_business()
    owner = await make_owner(business)
    client = await make_client(business)
    await Contact.create(
        business=business, client=client, name="Pat Partner", email="pat@doe.example",
        is_primary=True,
    )
    document = await make_issued(business, client)

    row = await send_document(business, document.id, pdf=PDF, settings=SETTINGS, user=owner)

    await document.refresh_from_db()
    assert document.status == DocumentStatus.SENT
    change = await StatusChange.filter(document=document).order_by("-id").first()
    assert change is not None and change.to_status == DocumentStatus.SENT
    assert change.user_id == owner.id
    assert row.key == f"document:{document.id}:send:0"
    assert row.purpose == "proposal" and row.document_id == document.id
    assert row.status == OutboxStatus.PENDING and row.attempts == 0
    assert row.sender == "billing@assent.example"
    assert row.recipients == ["jane@doe.example", "pat@doe.example"]
    message = email.message_from_bytes(bytes(row.raw_bytes), policy=default)
    assert message["Message-ID"] == row.message_id
    assert message["Subject"] == row.subject == f"Proposal {document.number} from Acme Studio"
    assert parse_reply_token(message["Reply-To"].addresses[0].addr_spec, SETTINGS.mail) == (
        document.id
    )
    assert [a.get_filename() for a in message.iter_attachments()] == [f"{document.number}.pdf"]


async def test_a_draft_is_refused_and_nothing_is_queued(db: str) -> None:
    business = await make_business()
    draft = await make_draft(business, await make_client(business), DocumentKind.INVOICE)
    with pytest.raises(DocumentNotIssued):
        await send_document(business, draft.id, pdf=PDF, settings=SETTINGS)
    other = await make_business("Other Ltd")
    issued = await make_issued(other, await make_client(other))
    with pytest.raises(DocumentNotFound):
        await send_document(business, issued.id, pdf=PDF, settings=SETTINGS)
    assert await OutboxEmail.all().count() == 0


async def test_a_refused_email_leaves_the_status_unchanged(db: str) -> None:
    business = await make_business()
    client = await make_client(business, email="")
    document = await make_issued(business, client, DocumentKind.INVOICE)
    with pytest.raises(NoRecipient):
        await send_document(business, document.id, pdf=PDF, settings=SETTINGS)
    await document.refresh_from_db()
    assert document.status == DocumentStatus.ISSUED
    assert await OutboxEmail.all().count() == 0


async def test_resending_queues_again_but_a_repeated_send_number_does_not(db: str) -> None:
    business = await make_business()
    document = await make_issued(business, await make_client(business), DocumentKind.INVOICE)
    assert await send_count(business, document.id) == 0

    first = await send_document(business, document.id, pdf=PDF, settings=SETTINGS, send_number=0)
    # The same button pressed again, or the call retried after the reply was lost.
    again = await send_document(business, document.id, pdf=PDF, settings=SETTINGS, send_number=0)
    assert again.id == first.id
    resend = await send_document(business, document.id, pdf=PDF, settings=SETTINGS)
    assert resend.key == f"document:{document.id}:send:1"
    assert resend.message_id != first.message_id
    with pytest.raises(SendOutOfOrder):
        await send_document(business, document.id, pdf=PDF, settings=SETTINGS, send_number=5)

    assert await send_count(business, document.id) == 2
    assert await OutboxEmail.filter(document=document).count() == 2
    moves = await StatusChange.filter(document=document, to_status=DocumentStatus.SENT).count()
    assert moves == 2  # the replay moved nothing


async def test_enqueue_is_idempotent_on_its_key_and_commits_with_the_caller(db: str) -> None:
    business = await make_business()
    client = await make_client(business)
    parties = Parties(business, client)

    class Abort(Exception):
        pass

    with pytest.raises(Abort):
        async with in_transaction() as connection:
            message = compose_welcome(parties, smtp=SETTINGS.smtp, mail=SETTINGS.mail)
            await enqueue(
                connection, business=business, key="welcome:1", purpose="welcome", message=message
            )
            raise Abort
    assert await OutboxEmail.all().count() == 0

    async with in_transaction() as connection:
        message = compose_welcome(parties, smtp=SETTINGS.smtp, mail=SETTINGS.mail)
        first = await enqueue(
            connection, business=business, key="welcome:1", purpose="welcome", message=message
        )
    async with in_transaction() as connection:
        message = compose_welcome(parties, smtp=SETTINGS.smtp, mail=SETTINGS.mail)
        second = await enqueue(
            connection, business=business, key="welcome:1", purpose="welcome", message=message
        )
    assert second.id == first.id and second.message_id == first.message_id
    assert first.document_id is None and first.next_attempt_at is not None

    async def racing() -> int:
        async with in_transaction() as connection:
            message = compose_welcome(parties, smtp=SETTINGS.smtp, mail=SETTINGS.mail)
            row = await enqueue(
                connection, business=business, key="welcome:2", purpose="welcome", message=message
            )
            await asyncio.sleep(0.05)  # hold the transaction open while the other one inserts
            return row.id

    assert len(set(await asyncio.gather(racing(), racing()))) == 1
    assert await OutboxEmail.all().count() == 2
