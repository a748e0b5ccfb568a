"""What the owner is told about replies and the mailbox, as channel-neutral notification payloads.

Payloads follow the notification outbox format the chat adapter renders and translates:
{"text": English msgid with {placeholders}, "params", "choices": [[label msgid, value]],
"document_attachment_id", ...ids}. Params are inserted untranslated, so every situation has a
whole sentence of its own rather than a translated frame around an English reason. Each notice
has a unique key, so repeating the step that sends it never sends it twice.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from tortoise.transactions import in_transaction

from billing.documents.convert import notify_owners
from billing.i18n import day
from mail.inbound.imap_errors import MailboxLoginRefused, MailboxTimeout, MailboxUnreachable
from models import Business, Document, InboundMessage, OutboxEmail

REPLY_PREVIEW_CHARS = 1500  # the whole message must stay under Telegram's 4096 characters

REVIEW_TEXTS = {
    "unclear_intent": "{client} replied to proposal {number}, but it is neither a clear "
    "acceptance nor a refusal:\n\n“{reply_text}”",
    "unsigned": "{client} seems to accept proposal {number} but did not type their full "
    "name:\n\n“{reply_text}”",
    "signer_mismatch": "A reply accepts proposal {number}, signed “{signer}”, a name that is "
    "not {client} or one of their contacts:\n\n“{reply_text}”",
    "sender_mismatch": "A reply about proposal {number} came from {sender}, which is not an "
    "address of {client}:\n\n“{reply_text}”",
    "sender_spoof": "⚠️ A reply about proposal {number} uses the name of {client} but was "
    "sent from {sender}. It may be forged and was NOT accepted:\n\n“{reply_text}”",
    "unauthenticated": "A reply from {sender} accepts proposal {number}, but the sender's "
    "domain did not prove it sent it:\n\n“{reply_text}”",
    "unauthenticated_decline": "A reply from {sender} seems to decline proposal {number}, but "
    "the sender's domain did not prove it sent it, so the proposal stays open:\n\n“{reply_text}”",
    "other_proposal": "{client} replied to proposal {number}, but the reply names something "
    "else ({detail}). Nothing was accepted: check which proposal they mean.\n\n“{reply_text}”",
    "unreadable": "A message from {sender} about proposal {number} could not be read "
    "({detail}). Please look at it in the mailbox.",
    "proposal_expired": "{client} accepted proposal {number}, but it expired on "
    "{valid_until}:\n\n“{reply_text}”",
    "already_accepted": "{client} replied to proposal {number}, which was already "
    "accepted:\n\n“{reply_text}”",
    "proposal_not_open": "{client} replied to proposal {number}, which is no longer open "
    "({status}):\n\n“{reply_text}”",
}
REVIEW_FALLBACK = (
    "A reply from {sender} about proposal {number} needs your decision ({reason}):"
    "\n\n“{reply_text}”"
)
BOUNCED_TEXT = "Your email “{subject}” to {recipients} could not be delivered: {diagnostic}"
# Why the mailbox cannot be read, in the owner's words (never a Python error), by failure kind.
_STILL_TRYING = (
    " Client replies wait on the server; I keep trying and tell you when it works again."
)
MAILBOX_DOWN_TEXTS = {
    "unreachable": "I cannot read the mailbox {mailbox}: its server does not answer."
    + _STILL_TRYING,
    "login": "I cannot read the mailbox {mailbox}: the server refused the login. Check "
    "imap.username and imap.password." + _STILL_TRYING,
    "timeout": "I cannot read the mailbox {mailbox}: its server is too slow to answer."
    + _STILL_TRYING,
    "other": "I cannot read the mailbox {mailbox}: the connection keeps failing." + _STILL_TRYING,
}
MAILBOX_BACK_TEXT = (
    "I can read the mailbox {mailbox} again. Replies that arrived meanwhile are being handled now."
)
FAILED_TEXT = "I could not process a reply from {sender} about proposal {number}: {error}"
CHOICE_LABELS = ("Accept for the client", "Mark declined", "Ignore", "View proposal",
                 "Name spellings")


def _payload(
    text: str, params: dict[str, Any], choices: list[list[str]], **ids: Any
) -> dict[str, Any]:
    return {
        "text": text,
        "params": params,
        "choices": choices,
        "document_attachment_id": None,
        **ids,
    }


def _number(document: Document) -> str:
    return document.number or f"#{document.id}"


def review_payload(
    inbound_id: int,
    proposal: Document,
    client: str,
    reason: str,
    *,
    sender: str,
    reply_text: str,
    signer: str | None,
    language: str,
    detail: str = "",
) -> dict[str, Any]:
    """The owner decides: [Accept for the client] [Mark declined] [Ignore]; a spoof is not
    offered acceptance at all. A signature the reader did not match may be the client's name
    in another spelling or script: [Name spellings] stores it, so the next reply signed so
    counts (and this one can then be accepted for the client)."""
    preview = reply_text[:REPLY_PREVIEW_CHARS]
    params = {
        "client": client,
        "number": _number(proposal),
        "sender": sender,
        "signer": signer or "",
        "reply_text": preview,
        "reason": reason,
        "detail": detail,
        "status": proposal.status.value,  # a status msgid of the bot catalog: see "translate"
        "valid_until": day(proposal.valid_until, language) if proposal.valid_until else "",
    }
    if reason == "sender_spoof":
        choices = [
            ["Ignore", f"review:ignore:{inbound_id}"],
            ["View proposal", f"proposal:view:{proposal.id}"],
        ]
    else:
        choices = [
            ["Accept for the client", f"review:accept:{inbound_id}"],
            ["Mark declined", f"review:decline:{inbound_id}"],
            ["Ignore", f"review:ignore:{inbound_id}"],
        ]
        if reason == "signer_mismatch" and proposal.client_id:
            choices.append(["Name spellings", f"go:client_spellings:{proposal.client_id}"])
    return _payload(
        REVIEW_TEXTS.get(reason, REVIEW_FALLBACK),
        params,
        choices,
        translate=["status"],  # params the reader's channel translates ("declined")
        inbound_id=inbound_id,
        proposal_id=proposal.id,
        reason=reason,
        reply_text=reply_text,
    )


def bounced_payload(outbox: OutboxEmail, recipients: list[str], diagnostic: str) -> dict[str, Any]:
    params = {
        "subject": outbox.subject,
        "recipients": ", ".join(recipients),
        "diagnostic": diagnostic or "—",
    }
    return _payload(BOUNCED_TEXT, params, [], outbox_id=outbox.id, document_id=outbox.document_id)


def failed_payload(
    inbound: InboundMessage, proposal: Document | None, error: str
) -> dict[str, Any]:
    params = {
        "sender": inbound.sender,
        "number": _number(proposal) if proposal else "—",
        "error": error[:300],
    }
    return _payload(
        FAILED_TEXT,
        params,
        [],
        inbound_id=inbound.id,
        proposal_id=proposal.id if proposal else None,
    )


def mailbox_down_payload(mailbox: str, error: Exception) -> dict[str, Any]:
    """The outage notice; the error's class picks the wording, its text stays in the log."""
    reason = next(
        (name for kind, name in _REASONS if isinstance(error, kind)), "other"
    )
    return _payload(MAILBOX_DOWN_TEXTS[reason], {"mailbox": mailbox}, [], mailbox=mailbox,
                    reason=reason)


def mailbox_back_payload(mailbox: str) -> dict[str, Any]:
    return _payload(MAILBOX_BACK_TEXT, {"mailbox": mailbox}, [], mailbox=mailbox)


_REASONS = (
    (MailboxLoginRefused, "login"),
    (MailboxTimeout, "timeout"),
    (MailboxUnreachable, "unreachable"),
)


async def tell_owners(business: Business, *, key: str, kind: str, payload: dict[str, Any]) -> None:
    async with in_transaction() as connection:
        await notify_owners(business, key=key, kind=kind, payload=payload, connection=connection)


async def tell_every_business(*, key: str, kind: str, payload: dict[str, Any]) -> None:
    """The mailbox serves every business on this server, so its outage concerns them all."""
    for business in await Business.all():
        await tell_owners(business, key=key, kind=kind, payload=payload)


def outage_key(mailbox: str, since: datetime, kind: str = "down") -> str:
    """One notice of each kind ("down", "back") per outage, however often it is retried."""
    digest = hashlib.sha256(mailbox.encode()).hexdigest()[:16]
    return f"mailbox-{kind}:{digest}:{since:%Y%m%dT%H%M%S}"
