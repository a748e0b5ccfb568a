"""Recording what the mailbox delivered, durably and once, before anything is done with it.

A message becomes an InboundMessage row and the mailbox checkpoint moves past its UID in the
same transaction: after a crash either both happened (the row is processed from the database,
the body is never downloaded again) or neither (the UID is fetched again). Duplicates collapse
on the Message-ID, or on the sha256 of the bytes when the sender gave none; a second delivery
of the same message is kept as a SKIPPED row of its own, so the mailbox history stays complete
while the reply is acted on once.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from email.parser import BytesHeaderParser
from email.policy import compat32

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from assent.settings import ImapSettings
from billing.text import without_controls
from mail.inbound.verdicts import Duplicate, reason_code
from models import InboundMessage, InboundStatus, MailboxCheckpoint

_MESSAGE_ID = re.compile(r"<[^<>\s]+>")
_MAILBOX_KEY_LENGTH = 200
_MESSAGE_ID_LENGTH = 998  # the column, and RFC 5322's longest line


def mailbox_key(imap: ImapSettings) -> str:
    """Who and where, so a change of server or account never reuses another mailbox's UIDs."""
    return f"{imap.username}@{imap.host}/{imap.mailbox}"[:_MAILBOX_KEY_LENGTH]


def message_id_of(raw: bytes) -> str:
    """The Message-ID as `<id@host>`, or "" when missing; reads the header block only."""
    value = BytesHeaderParser(policy=compat32).parsebytes(raw).get("Message-ID") or ""
    return normalize_message_id(str(value))


def normalize_message_id(value: str) -> str:
    """The `<id@host>` part, without control characters (PostgreSQL refuses a NUL)."""
    value = without_controls(value, keep_lines=False)
    found = _MESSAGE_ID.search(value)
    return (found.group(0) if found else " ".join(value.split()))[:_MESSAGE_ID_LENGTH]


async def record(raw: bytes, *, mailbox: str, uidvalidity: int, uid: int) -> InboundMessage:
    """Store one fetched message and move the checkpoint past it; returns the row for this UID."""
    try:
        return await _record(raw, mailbox, uidvalidity, uid)
    except IntegrityError:  # a concurrent writer stored it first: what it wrote is the answer
        return await _record(raw, mailbox, uidvalidity, uid)


async def _record(raw: bytes, mailbox: str, uidvalidity: int, uid: int) -> InboundMessage:
    message_id = message_id_of(raw)
    digest = hashlib.sha256(raw).hexdigest()
    key = message_id or f"sha256:{digest}"
    duplicate_key = f"duplicate:{mailbox}:{uidvalidity}:{uid}"
    async with in_transaction() as connection:
        found = (
            await InboundMessage.filter(dedup_key__in=[key, duplicate_key])
            .using_db(connection)
            .order_by("id")
        )
        mine = [row for row in found if (row.mailbox, row.uidvalidity, row.uid) == (
            mailbox, uidvalidity, uid)]
        if mine:
            row = mine[0]
        else:
            first = not found
            row = await InboundMessage.create(
                dedup_key=key if first else duplicate_key,
                message_id=message_id,
                mailbox=mailbox,
                uid=uid,
                uidvalidity=uidvalidity,
                raw_bytes=raw,
                raw_sha256=digest,
                status=InboundStatus.RECEIVED if first else InboundStatus.SKIPPED,
                skip_reason="" if first else reason_code(Duplicate(key)),
                using_db=connection,
            )
        await advance(mailbox, uidvalidity, uid, connection)
    return row


async def advance(
    mailbox: str, uidvalidity: int, uid: int, connection: BaseDBAsyncClient | None = None
) -> None:
    """Move the checkpoint forward to `uid` (never back), creating it for a new UIDVALIDITY."""
    if connection is None:
        async with in_transaction() as own:
            await advance(mailbox, uidvalidity, uid, own)
        return
    moved = await MailboxCheckpoint.filter(
        mailbox=mailbox, uidvalidity=uidvalidity, last_uid__lt=uid
    ).using_db(connection).update(last_uid=uid)
    if moved:
        return
    exists = await MailboxCheckpoint.filter(mailbox=mailbox, uidvalidity=uidvalidity).using_db(
        connection
    ).exists()
    if not exists:
        await MailboxCheckpoint.create(
            mailbox=mailbox, uidvalidity=uidvalidity, last_uid=uid, using_db=connection
        )


async def checkpoint(mailbox: str, uidvalidity: int) -> int | None:
    """The last UID recorded under this UIDVALIDITY; None means the UIDs are unknown to us."""
    row = await MailboxCheckpoint.get_or_none(mailbox=mailbox, uidvalidity=uidvalidity)
    return None if row is None else row.last_uid


async def stored_message_ids(message_ids: Iterable[str]) -> set[str]:
    """Which of these Message-IDs Assent already holds: their bodies need no download."""
    wanted = sorted({m for m in message_ids if m})
    known: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        known.update(
            await InboundMessage.filter(message_id__in=chunk).values_list("message_id", flat=True)
        )
    return known
