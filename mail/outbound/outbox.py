"""The transactional outbox: an email becomes a row in the same commit as the change it reports.

A document marked sent with no email queued, or an email queued for a change that rolled back,
are both impossible: `enqueue` writes with the caller's connection, inside its transaction, and
the sender task delivers only committed rows. The row holds the message as final bytes, so what
is delivered (and re-delivered after a crash) is byte-for-byte what was composed, Message-ID
included.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import getaddresses

from tortoise.backends.base.client import BaseDBAsyncClient

from models import Business, Document, OutboxEmail, OutboxStatus


async def enqueue(
    connection: BaseDBAsyncClient,
    *,
    business: Business,
    key: str,
    purpose: str,
    message: EmailMessage,
    document: Document | None = None,
) -> OutboxEmail:
    """Queue `message` once per `key`: a second call with the same key returns the first row.

    The insert is ON CONFLICT DO NOTHING, so two transactions racing on one key do not fail:
    on PostgreSQL the second waits for the first to commit and then finds its row.
    """
    existing = await OutboxEmail.filter(key=key).using_db(connection).first()
    if existing is not None:
        return existing
    message_id = message["Message-ID"]
    if not message_id:
        raise ValueError("an outbox email needs a Message-ID: it marks a re-delivery as a copy")
    if message["Bcc"] is not None:
        raise ValueError("Bcc is not supported: the stored bytes would show it to every recipient")
    headers = [str(message[name]) for name in ("To", "Cc") if message[name]]
    addresses = [address for _, address in getaddresses(headers) if address]
    if not addresses:
        raise ValueError("an outbox email needs at least one recipient")
    await OutboxEmail.bulk_create(
        [
            OutboxEmail(
                business_id=business.id,
                key=key,
                purpose=purpose,
                document_id=document.id if document is not None else None,
                message_id=str(message_id).strip(),
                sender=_envelope_sender(message),
                recipients=list(dict.fromkeys(addresses)),
                subject=str(message["Subject"] or ""),
                raw_bytes=message.as_bytes(policy=SMTP),
                next_attempt_at=datetime.now(UTC),
            )
        ],
        ignore_conflicts=True,
        using_db=connection,
    )
    row = await OutboxEmail.filter(key=key).using_db(connection).first()
    if row is None:  # the insert hit the other unique column
        raise ValueError(f"{message_id} is already queued under another key")
    return row


def _envelope_sender(message: EmailMessage) -> str:
    """MAIL FROM is the From address, so bounces return to the mailbox the listener reads."""
    header = message["From"]
    address = getaddresses([str(header)])[0][1] if header else ""
    if not address:
        raise ValueError("an outbox email needs a From address")
    return address


async def failed_email(business: Business, document_id: int) -> OutboxEmail | None:
    """The document's latest email, if the sender gave up on it (the card offers a retry)."""
    latest = (
        await OutboxEmail.filter(business=business, document_id=document_id)
        .order_by("-id")
        .first()
    )
    return latest if latest is not None and latest.status == OutboxStatus.FAILED else None


async def retry_email(business: Business, document_id: int) -> OutboxEmail | None:
    """Queue the document's given-up email again as it was. None when there is nothing to retry."""
    row = await failed_email(business, document_id)
    return None if row is None else await retry_row(business, row.id)


async def retry_row(business: Business, outbox_id: int) -> OutboxEmail | None:
    """Queue a given-up email again as it was: the same bytes and Message-ID, so a copy that did
    arrive after all is recognised by the receiver. None unless it is this business's and failed."""
    changed = await OutboxEmail.filter(
        id=outbox_id, business=business, status=OutboxStatus.FAILED
    ).update(
        status=OutboxStatus.PENDING, attempts=0, next_attempt_at=datetime.now(UTC), last_error=""
    )
    return await OutboxEmail.get(id=outbox_id) if changed else None


async def undelivered(business: Business, limit: int) -> list[OutboxEmail]:
    """What has not left yet (waiting or given up), newest first: the owner's /outbox."""
    return (
        await OutboxEmail.filter(
            business=business, status__in=(OutboxStatus.PENDING, OutboxStatus.FAILED)
        )
        .order_by("-id")
        .limit(limit)
    )
