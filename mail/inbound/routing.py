"""Which document a reply answers, decided only from evidence that cannot cross businesses.

Three clues, strongest first: the token in our plus-address (its HMAC proves the proposal id),
the Message-ID of an email Assent sent (In-Reply-To / References), and last a proposal number in
the subject — numbers repeat across businesses, so that one counts only when the sender is the
client (or a contact) of exactly one business's proposal with that number. Whatever routes, the
document found carries its own business: nothing here trusts a business named by the mail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.message import Message
from email.parser import BytesHeaderParser
from email.policy import default as default_policy
from email.utils import getaddresses

from assent.settings import MailSettings
from mail.inbound.decode import bound_headers, header, header_values
from mail.inbound.sender import normalize_address
from mail.outbound.reply_token import parse_reply_token
from models import Client, Contact, Document, DocumentKind, OutboxEmail
from models.together import read_together

_RECIPIENT_HEADERS = ("To", "Cc", "Delivered-To", "X-Original-To")
_MESSAGE_ID = re.compile(r"<[^<>\s]+>")
# A document number: letters, digits and separators with at least one digit, e.g. P-2026-0042.
_NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9/_.#-]*\d[A-Za-z0-9/_.#-]*")


@dataclass(frozen=True)
class Route:
    document: Document  # a proposal, or an invoice whose email was answered
    via: str  # "token" | "thread" | "subject"


@dataclass(frozen=True)
class Parties:
    """Who may answer for the client: the names a signature may match (with the other spellings
    the owner stored), the addresses it may use. The first name is the client's display name;
    `spelled` maps each stored spelling to the registered name it stands for."""

    names: tuple[str, ...]
    addresses: tuple[str, ...]
    spelled: tuple[tuple[str, str], ...] = ()


def read_headers(raw: bytes) -> Message:
    """The header block only (each field bounded): routing never needs the body."""
    return BytesHeaderParser(policy=default_policy).parsebytes(bound_headers(raw))


async def find_route(raw: bytes, mail: MailSettings) -> Route | None:
    headers = read_headers(raw)
    for via, finder in (("token", _by_token), ("thread", _by_thread), ("subject", _by_subject)):
        document = await finder(headers, mail)
        if document is not None:
            return Route(document, via)
    return None


async def _by_token(headers: Message, mail: MailSettings) -> Document | None:
    for name in _RECIPIENT_HEADERS:
        for _, address in getaddresses(header_values(headers, name)):
            proposal_id = parse_reply_token(address, mail)
            if proposal_id is not None:
                # With its business, which acting on the reply needs: one query for both.
                document = await Document.filter(id=proposal_id).select_related(
                    "business").first()
                if document is not None:
                    return document
    return None


async def _by_thread(headers: Message, _mail: MailSettings) -> Document | None:
    """The message answered first (In-Reply-To), then the thread from newest to oldest."""
    references = _MESSAGE_ID.findall(header(headers, "References"))
    wanted = [*_MESSAGE_ID.findall(header(headers, "In-Reply-To")), *reversed(references)]
    if not wanted:
        return None
    sent = {
        row.message_id: row
        for row in await OutboxEmail.filter(message_id__in=wanted, document_id__isnull=False)
    }
    for message_id in wanted:
        row = sent.get(message_id)
        if row is not None:
            return await Document.get_or_none(id=row.document_id, business_id=row.business_id)
    return None


async def _by_subject(headers: Message, _mail: MailSettings) -> Document | None:
    numbers = {token.rstrip("._-#/") for token in _NUMBER.findall(header(headers, "Subject"))}
    senders = [normalize_address(a) for _, a in getaddresses(header_values(headers, "From"))]
    if not numbers or not senders:
        return None
    matches = [
        proposal
        for proposal in await Document.filter(kind=DocumentKind.PROPOSAL, number__in=numbers)
        if senders[0] in (await parties_of(proposal)).addresses
    ]
    return matches[0] if len(matches) == 1 else None


async def parties_of(document: Document) -> Parties:
    client, contacts = await read_together(
        Client.get(id=document.client_id), Contact.filter(client_id=document.client_id)
    )
    registered = [(client, client.display_name), *((c, c.name) for c in contacts)]
    names = [name for _, name in registered]
    spelled: dict[str, str] = {}
    for person, name in registered:  # how the owner says they may also sign
        for spelling in (part.strip() for part in person.name_spellings.split(";")):
            if spelling and spelling not in names:
                spelled.setdefault(spelling, name)
    emails = [client.email, *(contact.email for contact in contacts)]
    return Parties(
        names=tuple(dict.fromkeys(n.strip() for n in [*names, *spelled] if n.strip())),
        addresses=tuple(dict.fromkeys(normalize_address(e) for e in emails if e.strip())),
        spelled=tuple(spelled.items()),
    )
