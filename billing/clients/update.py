"""Changing a client after registration: one field at a time, audited, currency guarded."""

from __future__ import annotations

from typing import Any

from tortoise.transactions import in_transaction

from billing.audit import record
from billing.clients.errors import ClientNotFound, CurrencyLocked
from billing.clients.register import CLIENT_FIELDS
from billing.tax_ids import tax_id_kind
from models import Business, Client, Contact, Document, DocumentStatus, User

# Set on the client's card, not asked when registering: VAT category and withholding on/off.
TAX_DEFAULTS = ("tax_category", "withholding")


async def has_issued_documents(client: Client) -> bool:
    return await Document.filter(client=client).exclude(status=DocumentStatus.DRAFT).exists()


async def update_client(
    business: Business, client_id: int, changes: dict[str, Any], *, user: User | None = None
) -> Client:
    unknown = set(changes) - {*CLIENT_FIELDS, *TAX_DEFAULTS, "archived"}
    if unknown:
        raise KeyError(f"not client fields: {sorted(unknown)}")
    async with in_transaction():
        client = await Client.filter(id=client_id, business=business).select_for_update().first()
        if client is None:
            raise ClientNotFound(client_id=client_id)
        currency = changes.get("currency")
        if currency and currency != client.currency and await has_issued_documents(client):
            raise CurrencyLocked(currency=client.currency)
        before = {key: getattr(client, key) for key in changes}
        for key, value in changes.items():
            setattr(client, key, "" if value is None and key != "withholding" else value)
        client.tax_id_kind = tax_id_kind(client.tax_id, client.billing_country)
        await client.save()
        await record(business, user, "client.update", client, before=before, after=changes)
    return client


async def add_contact(
    business: Business, client: Client, values: dict[str, str], *, user: User | None = None
) -> Contact:
    if client.business_id != business.id:
        raise ClientNotFound(client_id=client.id)
    async with in_transaction():
        primary = not await Contact.filter(client=client).exists()
        contact = await Contact.create(
            business=business, client=client, is_primary=primary, **values
        )
        await record(business, user, "client.add_contact", client, after=values)
    return contact
