"""Small builders for test data: a business with an owner, a client, a draft with lines."""

from __future__ import annotations

from decimal import Decimal

from billing.documents.drafts import DraftLine, create_draft
from models import Business, Client, Document, DocumentKind, Membership, Role, User


async def make_business(name: str = "Acme Studio", **fields: object) -> Business:
    """A Spanish business with what an invoice must name (Art. 226): its VAT ID."""
    fields.setdefault("tax_id", "ESB12345674")
    return await Business.create(name=name, country="ES", currency="EUR", **fields)


async def make_owner(business: Business, telegram_id: int | None = None) -> User:
    user = await User.create(
        name="Olivia Owner", telegram_id=telegram_id, current_business=business
    )
    await Membership.create(business=business, user=user, role=Role.OWNER)
    return user


async def make_client(business: Business, name: str = "Jane Doe", **fields: object) -> Client:
    fields.setdefault("email", "jane@doe.example")
    for key, value in (("billing_street", "Calle Mayor 5"), ("billing_city", "Madrid"),
                       ("billing_postcode", "28013"), ("billing_country", "ES")):
        fields.setdefault(key, value)
    return await Client.create(business=business, display_name=name, currency="EUR", **fields)


async def make_draft(
    business: Business, client: Client, kind: DocumentKind = DocumentKind.INVOICE
) -> Document:
    lines = [
        DraftLine("Logo design", Decimal("3"), Decimal("250"), tax_rate=Decimal("21")),
        DraftLine("Hosting", Decimal("1"), Decimal("9.99"), tax_rate=Decimal("21")),
    ]
    return await create_draft(business, client, kind, lines)
