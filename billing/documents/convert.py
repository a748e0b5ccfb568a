"""Accepted proposal → invoice, exactly once, with the evidence of who accepted and how.

Two unique keys make it happen once however often it is attempted: one Acceptance per proposal
and one invoice per proposal (Document.converted_from). Evidence, status change, invoice and the
owner's notification are written in one transaction: a crash leaves all of them or none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from billing.documents.drafts import DraftLine, draft_lines_of, write_lines
from billing.documents.errors import DocumentNotFound, InvalidTransition
from billing.documents.status import move
from billing.documents.view import live_view
from billing.pdf.view import DocumentView
from models import (
    Acceptance,
    AcceptanceMethod,
    Business,
    Client,
    Document,
    DocumentKind,
    DocumentStatus,
    InboundMessage,
    Membership,
    Notification,
    Role,
    User,
)
from models.notifications import wake_senders
from models.together import read_together

# The status history's "source" of an acceptance, by how it arrived.
SOURCES = {
    AcceptanceMethod.EMAIL_REPLY: "email",
    AcceptanceMethod.OWNER_BUTTON: "owner",
    AcceptanceMethod.WEB: "web",
}


@dataclass(frozen=True)
class Evidence:
    """What proves the acceptance, kept as it arrived."""

    method: AcceptanceMethod
    signer_name: str = ""
    sender_address: str = ""
    message_id: str = ""
    raw_sha256: str = ""
    reply_text: str = ""
    authenticated: bool = False
    auth_verdicts: dict[str, Any] = field(default_factory=dict)
    accepted_at: datetime | None = None
    inbound_message: InboundMessage | None = None
    decided_by: User | None = None
    ip_address: str = ""
    user_agent: str = ""
    signature_png: bytes | None = None
    document_sha256: str = ""


@dataclass(frozen=True)
class Conversion:
    invoice: Document
    acceptance: Acceptance
    created: bool  # False: it had already happened, nothing was written this time


async def accept_proposal(business: Business, proposal_id: int, evidence: Evidence) -> Conversion:
    """Record the acceptance and create the draft invoice; a repeat returns what exists."""
    # Read at once before the lock (in parallel on PostgreSQL), so the transaction holding it
    # is shorter: the client, the owners to tell, and the proposal's lines, which cannot change
    # once it is issued (a draft cannot be accepted: move() refuses it under the lock).
    client, owners, lines = await read_together(
        Client.filter(documents__id=proposal_id, business=business).first(),
        owner_ids(business),
        draft_lines_of(proposal_id),
    )
    try:
        async with in_transaction() as connection:
            # The tenant check and the lock in one read: another business's id is not found.
            locked = await Document.filter(id=proposal_id, business=business).using_db(
                connection).select_for_update().first()
            if locked is None or client is None:
                raise DocumentNotFound(document_id=proposal_id)
            if locked.kind != DocumentKind.PROPOSAL:
                raise InvalidTransition(
                    kind=locked.kind.value, current=locked.status.value, to="accepted"
                )
            if locked.status == DocumentStatus.ACCEPTED:
                # Its Acceptance row was written with that status (and nothing moves a
                # proposal on from it); the unique key on Acceptance.proposal backs this up.
                raise _AlreadyAccepted()
            source = SOURCES[evidence.method]
            await move(
                locked,
                DocumentStatus.ACCEPTED,
                connection,
                source=source,
                user=evidence.decided_by,
                note=evidence.signer_name,
            )
            await locked.save(using_db=connection, update_fields=["status", "updated_at"])
            acceptance = await Acceptance.create(
                business=business,
                proposal=locked,
                method=evidence.method,
                signer_name=evidence.signer_name,
                sender_address=evidence.sender_address,
                message_id=evidence.message_id,
                raw_sha256=evidence.raw_sha256,
                reply_text=evidence.reply_text,
                authenticated=evidence.authenticated,
                auth_verdicts=evidence.auth_verdicts,
                inbound_message=evidence.inbound_message,
                decided_by=evidence.decided_by,
                ip_address=evidence.ip_address,
                user_agent=evidence.user_agent,
                signature_png=evidence.signature_png,
                document_sha256=evidence.document_sha256,
                accepted_at=evidence.accepted_at or datetime.now(UTC),
                using_db=connection,
            )
            invoice = await _invoice_from(
                locked, connection, evidence.decided_by, parties=(business, client), lines=lines
            )
            by_hand = evidence.method == AcceptanceMethod.OWNER_BUTTON
            await notify_owners(
                business,
                key=f"proposal-accepted:{locked.id}",
                kind="proposal_accepted",
                payload=acceptance_notice(
                    locked, invoice, evidence, business.acceptance_policy.value,
                    client.display_name,
                ),
                connection=connection,
                # Whoever pressed the button is answered in their chat at once; a notice
                # arriving later would only repeat it.
                skip_user_id=evidence.decided_by.id if by_hand and evidence.decided_by else None,
                owners=owners,
            )
        return Conversion(invoice, acceptance, created=True)
    except (_AlreadyAccepted, IntegrityError):
        acceptance = await Acceptance.get(proposal_id=proposal_id)
        invoice = await Document.get(converted_from_id=proposal_id)
        return Conversion(invoice, acceptance, created=False)


# By the business's acceptance policy, which decides what happens to the invoice right after;
# "by_hand:" when an owner's button, not the client's own signature, accepted: who pressed it,
# for which client, and how.
ACCEPTED_TEXTS = {
    "draft": "{signer} accepted proposal {number}. Here is the invoice draft.",
    "issue": "{signer} accepted proposal {number}. Here is the invoice, issued and ready to send.",
    "issue_and_send": "{signer} accepted proposal {number}. Here is the invoice; it is being "
    "emailed to them.",
    "by_hand:draft": "{owner} marked proposal {number} accepted by {client}, by hand. "
    "Here is the invoice draft.",
    "by_hand:issue": "{owner} marked proposal {number} accepted by {client}, by hand. "
    "Here is the invoice, issued and ready to send.",
    "by_hand:issue_and_send": "{owner} marked proposal {number} accepted by {client}, by hand. "
    "Here is the invoice; it is being emailed to them.",
}
ACCEPTED_LABELS = ("Send", "Edit", "View proposal")


def acceptance_notice(
    proposal: Document, invoice: Document, evidence: Evidence, policy: str, client: str = ""
) -> dict[str, Any]:
    """The owner's chat message: who accepted and how, the invoice PDF, and what to do with it."""
    by_hand = evidence.method == AcceptanceMethod.OWNER_BUTTON
    owner = evidence.decided_by.name if evidence.decided_by is not None else ""
    return {
        "text": ACCEPTED_TEXTS[f"by_hand:{policy}" if by_hand else policy],
        "params": {
            "signer": evidence.signer_name or evidence.sender_address or client,
            "owner": owner or "?",
            "client": client,
            "number": proposal.number,
        },
        "pdf_of": invoice.id,
        "choices": [
            ["Send", f"invoice:send:{invoice.id}"],
            ["Edit", f"invoice:edit:{invoice.id}"],
            ["View proposal", f"proposal:view:{proposal.id}"],
        ],
        "invoice_id": invoice.id,
        "proposal_id": proposal.id,
    }


class _AlreadyAccepted(Exception):
    """Internal: the proposal's acceptance row exists, so the conversion already happened."""


async def _invoice_from(
    proposal: Document, connection: BaseDBAsyncClient, user: User | None,
    parties: tuple[Business, Client] | None = None, lines: list[DraftLine] | None = None,
) -> Document:
    """A draft invoice with the proposal's lines and parties; numbered when issued. `parties`
    (the proposal's business and client) and `lines` spare reading them again when the caller
    holds them."""
    invoice = Document(
        business_id=proposal.business_id,
        client_id=proposal.client_id,
        kind=DocumentKind.INVOICE,
        currency=proposal.currency,
        language=proposal.language,
        notes=proposal.notes,
        terms=proposal.terms,
        converted_from=proposal,
        created_by=user,
    )
    if lines is None:
        lines = await draft_lines_of(proposal.id, connection=connection)
    await write_lines(invoice, lines, connection, parties=parties)  # inserts it, with totals
    return invoice


class _Preview(Exception):
    """Carries the view out of the transaction it rolls back."""

    def __init__(self, view: DocumentView) -> None:
        self.view = view


async def invoice_on_acceptance(proposal: Document) -> DocumentView:
    """The view of the draft invoice accepting `proposal` would create now, made by the same
    steps as the acceptance in a transaction that is rolled back: nothing is written."""
    try:
        async with in_transaction() as connection:
            invoice = await _invoice_from(proposal, connection, None)
            # Read back as every reader of the real invoice reads it (amounts as stored).
            stored = await Document.get(id=invoice.id).using_db(connection)
            raise _Preview(await live_view(stored))  # its queries run in the transaction too
    except _Preview as preview:
        return preview.view


async def notify_owners(
    business: Business,
    *,
    key: str,
    kind: str,
    payload: dict[str, Any],
    connection: BaseDBAsyncClient,
    skip_user_id: int | None = None,
    owners: Sequence[int] | None = None,
) -> None:
    """One outbox row per owner (but `skip_user_id`), all in one INSERT; the unique key makes a
    repeat a no-op (ON CONFLICT DO NOTHING, which leaves a PostgreSQL transaction usable).
    `owners` are the owners' user ids when the caller has read them (owner_ids)."""
    if owners is None:
        owners = await owner_ids(business, connection)
    rows = [
        Notification(business=business, user_id=user_id, key=f"{key}:{user_id}", kind=kind,
                     payload=payload)
        for user_id in owners
        if user_id != skip_user_id
    ]
    if rows:
        await Notification.bulk_create(rows, ignore_conflicts=True, using_db=connection)
        await wake_senders(connection)


async def owner_ids(business: Business, connection: BaseDBAsyncClient | None = None) -> list[int]:
    """The user ids of the business's owners: whom its notices go to."""
    query = Membership.filter(business=business, role=Role.OWNER)
    if connection is not None:
        query = query.using_db(connection)
    return list(await query.values_list("user_id", flat=True))
