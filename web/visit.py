"""From the token in a URL to the proposal, its business and client, and where it stands now.

A token that is malformed, forged, for a proposal that no longer exists or for an address that
is no longer the client's is "not found" — one plain 404 whatever the cause, so a guesser learns
nothing — and counts as a guess. A genuine but expired link says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from billing.documents.acceptance import Refusal, refusal_of
from billing.documents.link import LinkClaim, fingerprint_of, read_link_token, recipient_digest
from models import Acceptance, Business, Client, Contact, Document, DocumentKind


class LinkNotFound(Exception):
    """Nothing of ours answers to this token."""


class LinkExpired(Exception):
    """A genuine link, past its expiry date."""

    def __init__(self, language: str, business: str) -> None:
        super().__init__(language)
        self.language = language
        self.business = business


class State(StrEnum):
    """What the client's page shows; OPEN is the only one with the Accept and Decline forms."""

    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    EDITED = "edited"
    CLOSED = "closed"


REFUSAL_STATES = {
    Refusal.ALREADY_ACCEPTED: State.ACCEPTED,
    Refusal.DECLINED: State.DECLINED,
    Refusal.EXPIRED: State.EXPIRED,
    Refusal.NOT_OPEN: State.CLOSED,
}


@dataclass(frozen=True)
class Visit:
    token: str
    claim: LinkClaim
    proposal: Document
    business: Business
    client: Client
    recipient: str  # the address the link was emailed to

    @property
    def language(self) -> str:
        return self.proposal.language


async def resolve(token: str, secret: str, now: datetime | None = None) -> Visit:
    claim = read_link_token(token, secret=secret)
    if claim is None:
        raise LinkNotFound()
    proposal = await Document.get_or_none(id=claim.proposal_id, kind=DocumentKind.PROPOSAL)
    if proposal is None or proposal.number is None:
        raise LinkNotFound()
    business = await Business.get(id=proposal.business_id)
    client = await Client.get(id=proposal.client_id, business=business)
    contacts = await Contact.filter(client=client, business=business)
    addresses = [client.email, *(contact.email for contact in contacts)]
    recipient = next((a for a in addresses if a and recipient_digest(a) == claim.recipient), None)
    if recipient is None:
        raise LinkNotFound()
    if claim.expired(now or datetime.now(UTC)):
        raise LinkExpired(proposal.language, business.name)
    return Visit(token, claim, proposal, business, client, recipient.strip())


async def state_of(visit: Visit, now: datetime | None = None) -> tuple[State, Acceptance | None]:
    """Accepted and declined come first: they stay true even if something changed later."""
    proposal = await Document.get(id=visit.proposal.id)
    acceptance = await Acceptance.get_or_none(proposal_id=proposal.id)
    refusal = refusal_of(proposal, acceptance, visit.business, now or datetime.now(UTC))
    if refusal in (Refusal.ALREADY_ACCEPTED, Refusal.DECLINED):
        return REFUSAL_STATES[refusal], acceptance
    if await fingerprint_of(proposal) != visit.claim.fingerprint:
        return State.EDITED, None
    if refusal is not None:
        return REFUSAL_STATES[refusal], None
    return State.OPEN, None
