"""Changing a client's contact people: correcting one, and choosing the main one (who gets the
emails with the client, see mail/outbound/compose.py). Each change is audited; another
business's contact is never found."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from billing.audit import record
from billing.clients.errors import ClientNotFound
from models import Business, Contact, User

CONTACT_FIELDS = ("name", "email", "phone", "role", "name_spellings")


async def get_contact(business: Business, contact_id: int) -> Contact | None:
    return await Contact.get_or_none(id=contact_id, business=business)


async def update_contact(
    business: Business, contact_id: int, values: dict[str, str], *, user: User | None = None
) -> Contact:
    unknown = set(values) - set(CONTACT_FIELDS)
    if unknown:
        raise KeyError(f"not contact fields: {sorted(unknown)}")
    async with in_transaction():
        contact = await Contact.filter(id=contact_id, business=business).select_for_update().first()
        if contact is None:
            raise ClientNotFound(client_id=contact_id)
        before = {key: getattr(contact, key) for key in values}
        for key, value in values.items():
            setattr(contact, key, value or "")
        await contact.save()
        await record(business, user, "client.update_contact", contact, before=before, after=values)
    return contact


async def make_main_contact(
    business: Business, contact_id: int, *, user: User | None = None
) -> Contact:
    """This contact becomes the client's main one; the others stop being it (one main each)."""
    async with in_transaction():
        contact = await Contact.filter(id=contact_id, business=business).select_for_update().first()
        if contact is None:
            raise ClientNotFound(client_id=contact_id)
        await (
            Contact.filter(client_id=contact.client_id, business=business)
            .exclude(id=contact.id)
            .update(is_primary=False)
        )
        contact.is_primary = True
        await contact.save(update_fields=["is_primary"])
        await record(business, user, "client.main_contact", contact, after={"id": contact.id})
    return contact
