"""The mail side of the review buttons (flows.ports.ReplyReviewer), bound to the settings."""

from __future__ import annotations

from assent.settings import Settings
from mail.inbound.review import accept_for_client, ignore, mark_declined
from models import Business, Document, User


class InboundReviewer:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def accept(self, business: Business, inbound_id: int, user: User) -> Document:
        conversion = await accept_for_client(business, inbound_id, user, self.settings)
        return conversion.invoice

    async def decline(self, business: Business, inbound_id: int, user: User) -> Document:
        return await mark_declined(business, inbound_id, user)

    async def ignore(self, business: Business, inbound_id: int, user: User) -> None:
        await ignore(business, inbound_id, user)
