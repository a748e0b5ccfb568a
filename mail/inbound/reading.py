"""Reading a reply with what the settings and the proposal's client say.

The listener, the owner's review and `assent classify` all read through `read_reply`, so a
script sees exactly the verdict the listener would reach. Kept apart from the acting modules so
that reading a file needs neither the database nor the PDF renderer.
"""

from __future__ import annotations

from assent.settings import Settings
from mail.inbound.proposal_check import Answered
from mail.inbound.routing import Parties
from mail.inbound.understand import Understanding, understand
from mail.outbound.reply_token import make_reply_address
from models import Document


def own_addresses(settings: Settings, proposal_id: int | None = None) -> list[str]:
    """Addresses Assent writes from: mail from them is a copy or a loop, never a reply."""
    mail = settings.mail
    found = [settings.smtp.from_address, f"{mail.reply_local}@{mail.reply_domain}"]
    if proposal_id is not None:
        found.append(make_reply_address(mail, proposal_id))
    if "@" in settings.imap.username:
        found.append(settings.imap.username)
    return [address for address in found if address]


def read_reply(
    raw: bytes, settings: Settings, parties: Parties, proposal_id: int | None = None,
    answered: Answered | None = None,
) -> Understanding:
    """`understand()` with what the settings and the proposal's client say: the one reading that
    the listener, the owner's review and `assent classify` share. `answered` is the routed
    proposal's number and total (a reply naming another one goes to the owner)."""
    return understand(
        raw,
        candidate_names=parties.names,
        spelled=dict(parties.spelled),
        allowed_senders=parties.addresses,
        own_addresses=own_addresses(settings, proposal_id),
        trusted_authserv_ids=settings.mail.trusted_authserv_ids,
        verify_dkim=settings.mail.verify_dkim,
        answered=answered,
    )


def answered_by(document: Document) -> Answered:
    """The routed document as a reply may name it: its number, its total and its currency."""
    return Answered(number=document.number or "", total=document.total,
                    currency=document.currency or "")
