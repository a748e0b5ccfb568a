"""Acting on a reply that was read and routed: accept, decline, ask the owner, or mark a bounce.

Only one road leads to an invoice without a person: an unconditional acceptance, signed with a
name of the client's, from the client's own authenticated address, on a proposal that is sent,
unexpired and not yet accepted. Each condition is checked here again even though `understand()`
already weighed most of them, because a wrong invoice costs far more than a question. Every
other reply becomes a question to the owner with the reason named.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from assent.settings import Settings
from billing.documents.acceptance import (
    Refusal,
    apply_acceptance_policy,
    decline_proposal,
    refusal_of,
)
from billing.documents.convert import Evidence, accept_proposal
from mail.inbound.errors import InboundVerdict, NeedsOwner, SenderSpoof, UnclearIntent
from mail.inbound.intent import Intent
from mail.inbound.notices import bounced_payload, review_payload, tell_owners
from mail.inbound.routing import Parties
from mail.inbound.storing import normalize_message_id
from mail.inbound.understand import Decision, Understanding
from mail.inbound.verdicts import (
    AlreadyAccepted,
    ProposalExpired,
    ProposalNotOpen,
    UnmatchedBounce,
    reason_code,
)
from mail.outbound.mailer import OutboundMailer
from models import (
    Acceptance,
    AcceptanceMethod,
    Business,
    Document,
    DocumentStatus,
    InboundMessage,
    InboundStatus,
    OutboxEmail,
    User,
)


@dataclass(frozen=True)
class Outcome:
    """What became of a message, as stored on its InboundMessage row."""

    status: InboundStatus
    decision: str
    reason: str = ""
    business_id: int | None = None
    document_id: int | None = None


async def act_on_reply(
    proposal: Document, inbound: InboundMessage, reading: Understanding, parties: Parties,
    settings: Settings,
) -> Outcome:
    business = await proposal.business  # routing by reply token read it with the proposal
    client = parties.names[0] if parties.names else ""
    if reading.spoof:
        doubt: NeedsOwner | None = SenderSpoof(reading.sender)
    elif reading.decision == Decision.INVOICE:
        doubt = _untrusted(reading) or await _not_acceptable(proposal, inbound, business)
        if doubt is None:
            doubt = await _accept(business, proposal, inbound, reading, settings)
        if doubt is None:
            return _done(Decision.INVOICE, business, proposal)
    elif reading.decision == Decision.DECLINE:
        doubt = _untrusted(reading, Intent.DECLINE) or await _decline(
            business, proposal, reading, client)
        if doubt is None:
            return _done(Decision.DECLINE, business, proposal)
    else:
        reason = reading.skip_reason
        doubt = reason if isinstance(reason, NeedsOwner) else UnclearIntent("no clear answer")
    return await ask_owner(business, proposal, inbound, reading, client, doubt)


def _done(decision: Decision, business: Business, proposal: Document) -> Outcome:
    return Outcome(InboundStatus.PROCESSED, decision.value, "", business.id, proposal.id)


def _untrusted(reading: Understanding, intent: Intent = Intent.ACCEPT) -> NeedsOwner | None:
    """Defence in depth: the decision must agree with every fact it rests on.

    A refusal needs the same sender trust as an acceptance (only the signature is not asked
    for): a forged "no" would close the proposal the client meant to accept.
    """
    trusted = (reading.intent is intent and reading.sender_matches and reading.authenticated
               and not reading.spoof and (reading.signed or intent is Intent.DECLINE))
    return None if trusted else UnclearIntent(f"the reading does not support a {intent.value}")


async def _not_acceptable(
    proposal: Document, inbound: InboundMessage, business: Business
) -> NeedsOwner | None:
    refusal = refusal_of(proposal, None, business, inbound.received_at)
    if refusal is None or proposal.status != DocumentStatus.ACCEPTED:
        # An acceptance row exists only beside the ACCEPTED status it set (nothing moves a
        # proposal on from there), so an open proposal needs no look for one; accept_proposal
        # looks again under the proposal's lock.
        return _verdict(refusal, proposal)
    acceptance = await Acceptance.get_or_none(proposal_id=proposal.id)
    if acceptance is not None:  # this very reply, processed before a crash, is resumed
        mine = acceptance.inbound_message_id == inbound.id
        return None if mine else AlreadyAccepted(f"acceptance {acceptance.id}")
    return _verdict(refusal, proposal)


def _verdict(refusal: Refusal | None, proposal: Document) -> NeedsOwner | None:
    """The shared refusal as the listener names it to the owner."""
    if refusal is None:
        return None
    if refusal == Refusal.ALREADY_ACCEPTED:
        return AlreadyAccepted("")
    if refusal == Refusal.EXPIRED:
        return ProposalExpired(str(proposal.valid_until))
    return ProposalNotOpen(proposal.status.value)


async def _accept(
    business: Business, proposal: Document, inbound: InboundMessage, reading: Understanding,
    settings: Settings,
) -> NeedsOwner | None:
    evidence = evidence_of(reading, inbound, AcceptanceMethod.EMAIL_REPLY,
                           accepted_at=inbound.received_at)
    conversion = await accept_proposal(business, proposal.id, evidence)
    if conversion.acceptance.inbound_message_id != inbound.id:  # another reply won the race
        return AlreadyAccepted(f"acceptance {conversion.acceptance.id}")
    await apply_acceptance_policy(business, conversion, OutboundMailer(settings))
    return None


def evidence_of(
    reading: Understanding, inbound: InboundMessage, method: AcceptanceMethod, *,
    accepted_at: datetime | None = None, decided_by: User | None = None,
) -> Evidence:
    """The reply as proof: who signed, from where, what it said, and what vouched for it."""
    return Evidence(
        method=method,
        signer_name=reading.signer or "",
        sender_address=reading.sender,
        message_id=reading.message_id,
        raw_sha256=reading.raw_sha256,
        reply_text=reading.reply_text,
        authenticated=reading.authenticated,
        auth_verdicts=dict(reading.auth_verdicts),
        accepted_at=accepted_at,
        inbound_message=inbound,
        decided_by=decided_by,
    )


async def _decline(
    business: Business, proposal: Document, reading: Understanding, client: str
) -> NeedsOwner | None:
    """Open → DECLINED and the owner told with the client's words; a repeat only re-tells."""
    refusal = await decline_proposal(business, proposal.id, client=client,
                                     reason=reading.reply_text, source="email")
    return _verdict(refusal, await Document.get(id=proposal.id))


async def ask_owner(
    business: Business, proposal: Document, inbound: InboundMessage, reading: Understanding,
    client: str, doubt: InboundVerdict,
) -> Outcome:
    reason = reason_code(doubt)
    payload = review_payload(inbound.id, proposal, client, reason, sender=reading.sender,
                             reply_text=reading.reply_text, signer=reading.signer,
                             language=business.language, detail=str(doubt)[:200])
    await tell_owners(business, key=f"inbound-review:{inbound.id}", kind="reply_needs_review",
                      payload=payload)
    return Outcome(InboundStatus.PROCESSED, Decision.ASK_OWNER.value, reason, business.id,
                   proposal.id)


async def act_on_bounce(reading: Understanding) -> Outcome:
    """Mark the email that bounced and tell its business; unknown bounces are only recorded."""
    info = reading.bounce
    message_id = normalize_message_id(info.original_message_id) if info else ""
    outbox = await OutboxEmail.get_or_none(message_id=message_id) if message_id else None
    if info is None or outbox is None:
        return Outcome(InboundStatus.SKIPPED, Decision.BOUNCE.value,
                       reason_code(UnmatchedBounce(message_id)))
    await OutboxEmail.filter(id=outbox.id, bounced_at__isnull=True).update(
        bounced_at=datetime.now(UTC)
    )
    business = await Business.get(id=outbox.business_id)
    recipients = list(info.failed_recipients) or list(outbox.recipients)
    await tell_owners(business, key=f"email-bounced:{outbox.id}", kind="email_bounced",
                      payload=bounced_payload(outbox, recipients, info.diagnostic))
    return Outcome(InboundStatus.PROCESSED, Decision.BOUNCE.value, "", business.id,
                   outbox.document_id)
