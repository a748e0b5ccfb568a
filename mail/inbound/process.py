"""The pipeline for one stored message: route it, read it, act on it, and record the outcome.

It works from the InboundMessage row alone, so the same code runs right after the message was
fetched, after a crash left the row RECEIVED, and when a FAILED row is retried. Every action it
takes is keyed (acceptance and invoice per proposal, notification per key), so running it twice
on one row changes nothing the second time. An exception never escapes: the row becomes FAILED
with the error, is retried on the next cycles, and after MAX_ATTEMPTS the owner is told.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import UTC, datetime
from enum import Enum

from tortoise.expressions import Q

from assent.settings import Settings
from billing.text import without_controls
from mail.inbound.act import Outcome, act_on_bounce, act_on_reply
from mail.inbound.notices import failed_payload, tell_owners
from mail.inbound.reading import answered_by, read_reply
from mail.inbound.routing import Parties, Route, find_route, parties_of
from mail.inbound.understand import Decision, Understanding
from mail.inbound.verdicts import InvoiceReply, Unroutable, reason_code
from models import Business, Document, DocumentKind, InboundMessage, InboundStatus

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
FINISHED = (InboundStatus.PROCESSED, InboundStatus.SKIPPED)
NOBODY = Parties(names=(), addresses=())


async def process_inbound(inbound: InboundMessage | int, settings: Settings) -> InboundMessage:
    """Process a RECEIVED or FAILED row once more; a finished row is returned untouched.

    The listener passes the row it has just stored (reading it back would cost a round trip
    on the way to the owner's chat); retries pass the id."""
    if isinstance(inbound, int):
        inbound = await InboundMessage.get(id=inbound)
    if inbound.status in FINISHED:
        return inbound
    try:
        outcome = await _process(inbound, settings)
    except Exception as error:  # recorded and retried: one bad message must not stop the rest
        await _failed(inbound, error)
        return await InboundMessage.get(id=inbound.id)
    finished = {
        **{name: getattr(inbound, name) for name in READ},
        "status": outcome.status,
        "decision": outcome.decision,
        "skip_reason": outcome.reason,
        # A routed message keeps its business even when skipped: the owner lists it (/mail).
        "business_id": outcome.business_id or inbound.business_id,
        "proposal_id": outcome.document_id or inbound.proposal_id,
        "error": "",
        "attempts": inbound.attempts + 1,
        "processed_at": datetime.now(UTC),
    }
    await InboundMessage.filter(id=inbound.id).update(**finished)
    # Why a message was left alone belongs in the log too, not only in a column.
    log.info("inbound message %s: %s (%s%s)", inbound.id, outcome.status.value,
             outcome.decision, f", {outcome.reason}" if outcome.reason else "")
    for name, value in finished.items():  # the row as stored, without reading it back
        setattr(inbound, name, value)
    return inbound


async def process_pending(settings: Settings, limit: int = 50) -> list[InboundMessage]:
    """Rows a crash left RECEIVED and FAILED rows still worth another attempt, oldest first."""
    waiting = Q(status=InboundStatus.RECEIVED) | Q(
        status=InboundStatus.FAILED, attempts__lt=MAX_ATTEMPTS
    )
    ids = await InboundMessage.filter(waiting).order_by("id").limit(limit).values_list(
        "id", flat=True
    )
    return [await process_inbound(inbound_id, settings) for inbound_id in ids]


async def _process(inbound: InboundMessage, settings: Settings) -> Outcome:
    raw = bytes(inbound.raw_bytes)
    route = await find_route(raw, settings.mail)
    parties = await parties_of(route.document) if route else NOBODY
    reading = storable(read_reply(raw, settings, parties, route.document.id if route else None,
                                  answered_by(route.document) if route else None))
    _remember(inbound, reading, route)
    if reading.decision == Decision.BOUNCE:
        return await act_on_bounce(reading)
    if reading.decision == Decision.IGNORE and reading.skip_reason is not None:
        return Outcome(InboundStatus.SKIPPED, reading.decision.value,
                       reason_code(reading.skip_reason))
    if route is None:
        return Outcome(InboundStatus.SKIPPED, Decision.IGNORE.value, reason_code(Unroutable()))
    document = route.document
    if document.kind != DocumentKind.PROPOSAL:
        return Outcome(InboundStatus.SKIPPED, Decision.IGNORE.value,
                       reason_code(InvoiceReply()), document.business_id, document.id)
    return await act_on_reply(document, inbound, reading, parties, settings)


def storable(reading: Understanding) -> Understanding:
    """The reading with every text an email put there free of control characters, before any of
    it is stored (inbound row, acceptance evidence, owner notices): PostgreSQL refuses a NUL
    that SQLite keeps, and a refused row would fail the message on every retry."""
    changes: dict[str, object] = {}
    for field in dataclasses.fields(reading):
        value = getattr(reading, field.name)
        if isinstance(value, Enum):
            continue
        if isinstance(value, str):
            changes[field.name] = without_controls(value, keep_lines=field.name == "reply_text")
        elif isinstance(value, tuple) and all(isinstance(item, str) for item in value):
            changes[field.name] = tuple(without_controls(item, keep_lines=False) for item in value)
    return dataclasses.replace(reading, **changes)


# What was read, stored with the outcome or with the failure (one UPDATE, not one more before
# acting), so a failed row still shows who wrote about what.
READ = ("sender", "subject", "intent", "business_id", "proposal_id")


def _remember(inbound: InboundMessage, reading: Understanding, route: Route | None) -> None:
    """Note on the row what was read; process_inbound or _failed stores it (READ)."""
    inbound.sender, inbound.subject = reading.sender[:254], reading.subject
    inbound.intent = reading.intent.value
    if route is not None:
        inbound.business_id, inbound.proposal_id = route.document.business_id, route.document.id


async def _failed(inbound: InboundMessage, error: Exception) -> None:
    attempts = inbound.attempts + 1
    text = without_controls(f"{type(error).__name__}: {error}")[:2000]
    log.exception("inbound message %s failed (attempt %s of %s)", inbound.id, attempts,
                  MAX_ATTEMPTS)
    await InboundMessage.filter(id=inbound.id).update(
        status=InboundStatus.FAILED, error=text, attempts=attempts,
        **{name: getattr(inbound, name) for name in READ},
    )
    if attempts < MAX_ATTEMPTS:
        return
    row = await InboundMessage.get(id=inbound.id)
    if row.business_id is None:
        return
    business = await Business.get(id=row.business_id)
    proposal = await Document.get_or_none(id=row.proposal_id) if row.proposal_id else None
    await tell_owners(business, key=f"inbound-failed:{row.id}", kind="reply_failed",
                      payload=failed_payload(row, proposal, text))
