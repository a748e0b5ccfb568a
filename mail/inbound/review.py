"""The owner's answer to a reply Assent would not act on alone: accept, decline, or ignore it.

These are the verbs behind the [Accept for the client] [Mark declined] [Ignore] buttons of a
"reply_needs_review" notification (values "review:accept|decline|ignore:<inbound id>"). Each
checks that the reply belongs to the acting business, is idempotent (a double tap does nothing
more), and leaves a record of who decided: the Acceptance with `decided_by` or the status change
with the user, and in every case an audit line and the reply's `decision`.
"""

from __future__ import annotations

from tortoise.transactions import in_transaction

from assent.settings import Settings
from billing.audit import record
from billing.documents.acceptance import apply_acceptance_policy
from billing.documents.convert import Conversion, accept_proposal
from billing.documents.drafts import get_document
from billing.documents.status import move
from billing.errors import BillingError
from mail.inbound.act import evidence_of
from mail.inbound.reading import read_reply
from mail.inbound.routing import parties_of
from mail.outbound.mailer import OutboundMailer
from models import (
    AcceptanceMethod,
    Business,
    Document,
    DocumentKind,
    DocumentStatus,
    InboundMessage,
    User,
)

OWNER_ACCEPTED = "owner_accepted"
OWNER_DECLINED = "owner_declined"
OWNER_IGNORED = "owner_ignored"


class ReplyNotFound(BillingError, LookupError):
    """No reply about a proposal with that id belongs to the acting business."""

    key = "reply_not_found"


async def accept_for_client(
    business: Business, inbound_id: int, user: User, settings: Settings
) -> Conversion:
    """The owner vouches for the reply: the proposal is accepted and invoiced as if signed."""
    inbound, proposal = await _reply(business, inbound_id)
    parties = await parties_of(proposal)
    reading = read_reply(bytes(inbound.raw_bytes), settings, parties, proposal.id)
    evidence = evidence_of(reading, inbound, AcceptanceMethod.OWNER_BUTTON, decided_by=user)
    conversion = await accept_proposal(business, proposal.id, evidence)
    await apply_acceptance_policy(business, conversion, OutboundMailer(settings), user=user)
    await _decided(business, user, inbound, OWNER_ACCEPTED)
    return conversion


async def mark_declined(business: Business, inbound_id: int, user: User) -> Document:
    """The owner reads the reply as a refusal; an accepted proposal refuses (InvalidTransition)."""
    inbound, proposal = await _reply(business, inbound_id)
    async with in_transaction() as connection:
        query = Document.filter(id=proposal.id).using_db(connection)
        locked = await query.select_for_update().get()
        if locked.status != DocumentStatus.DECLINED:
            await move(locked, DocumentStatus.DECLINED, connection, source="owner", user=user,
                       note=f"reply {inbound.id}")
            await locked.save(using_db=connection, update_fields=["status", "updated_at"])
    await _decided(business, user, inbound, OWNER_DECLINED)
    return locked


async def ignore(business: Business, inbound_id: int, user: User) -> InboundMessage:
    """Nothing happens to the proposal; the choice is kept so the question is not asked again."""
    inbound, _ = await _reply(business, inbound_id)
    await _decided(business, user, inbound, OWNER_IGNORED)
    return await InboundMessage.get(id=inbound.id)


async def _reply(business: Business, inbound_id: int) -> tuple[InboundMessage, Document]:
    inbound = await InboundMessage.get_or_none(id=inbound_id, business=business)
    if inbound is None or inbound.proposal_id is None:
        raise ReplyNotFound(inbound_id=inbound_id)
    proposal = await get_document(business, inbound.proposal_id)
    if proposal.kind != DocumentKind.PROPOSAL:
        raise ReplyNotFound(inbound_id=inbound_id)
    return inbound, proposal


async def _decided(business: Business, user: User, inbound: InboundMessage, decision: str) -> None:
    if inbound.decision == decision:
        return
    await InboundMessage.filter(id=inbound.id).update(decision=decision)
    await record(business, user, f"reply_{decision}", inbound,
                 before={"decision": inbound.decision}, after={"decision": decision})
