"""What dialogs need from the outside world but must not import: sending documents by email.

flows/ depends only on billing/ and models/ (see ARCHITECTURE.md), yet a card has a Send button.
The composition root (assent/wiring.py) hands the engine an implementation from mail/outbound.
"""

from __future__ import annotations

from typing import Protocol

from models import Business, OutboxEmail, User


class DocumentMailer(Protocol):
    async def send_count(self, business: Business, document_id: int) -> int:
        """How many times the document was sent: the send number of its next send."""
        ...

    async def send(
        self, business: Business, document_id: int, *, user: User | None, send_number: int
    ) -> OutboxEmail:
        """Render, mark sent and queue the email; a repeated send number queues nothing new."""
        ...
