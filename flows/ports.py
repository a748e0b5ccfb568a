"""What dialogs need from the mail side but must not import: sending, and judging replies.

flows/ depends only on billing/ and models/ (see ARCHITECTURE.md), yet a card has a Send button.
The composition root (assent/wiring.py) hands the engine an implementation from mail/outbound.
"""

from __future__ import annotations

from typing import Protocol

from models import Business, Client, Document, OutboxEmail, User


class DocumentMailer(Protocol):
    async def send_count(self, business: Business, document_id: int) -> int:
        """How many times the document was sent: the send number of its next send."""
        ...

    async def send(
        self, business: Business, document_id: int, *, user: User | None, send_number: int,
        source: str = "chat",
    ) -> OutboxEmail:
        """Render, mark sent and queue the email; a repeated send number queues nothing new."""
        ...

    async def failed(self, business: Business, document_id: int) -> OutboxEmail | None:
        """The document's latest email when the sender gave up on it, else None."""
        ...

    async def retry(self, business: Business, document_id: int) -> OutboxEmail | None:
        """Queue that given-up email again, unchanged; None when there is none."""
        ...

    async def retry_email(self, business: Business, outbox_id: int) -> OutboxEmail | None:
        """Queue one given-up email of this business again, unchanged; None when it is not one."""
        ...

    async def undelivered(self, business: Business, limit: int) -> list[OutboxEmail]:
        """The business's emails still waiting or given up, newest first."""
        ...

    def server_configured(self) -> bool:
        """False when no SMTP server is set: emails wait in the outbox until one is."""
        ...

    async def welcome(self, business: Business, client: Client) -> None:
        """Queue the welcome email to a new client, once per client whatever the retries.

        Raises a BillingError (an address that can't be written) and queues nothing then.
        """
        ...


class ReplyReviewer(Protocol):
    """The owner's answer to a client's reply that Assent would not act on alone."""

    async def accept(self, business: Business, inbound_id: int, user: User) -> Document:
        """Accept the proposal for the client; returns the invoice (made once)."""
        ...

    async def decline(self, business: Business, inbound_id: int, user: User) -> Document:
        """Mark the proposal declined; returns it."""
        ...

    async def ignore(self, business: Business, inbound_id: int, user: User) -> None: ...
