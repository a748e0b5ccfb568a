"""Registering a client with its categories, custom values and first contact, in one transaction."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from tortoise.transactions import in_transaction

from billing.audit import record
from billing.tax_ids import tax_id_kind
from models import Business, Category, Client, Contact, CustomField, CustomFieldValue, User

# The columns a person may set; the dialogs ask for them (billing_country as "country").
CLIENT_FIELDS = (
    "kind",
    "display_name",
    "legal_name",
    "email",
    "phone",
    "tax_id",
    "business_line",
    "payment_method",
    "currency",
    "language",
    "billing_street",
    "billing_city",
    "billing_postcode",
    "billing_country",
    "shipping_street",
    "shipping_city",
    "shipping_postcode",
    "shipping_country",
    "notes",
    "name_spellings",
)


async def register_client(
    business: Business,
    fields: Mapping[str, Any],
    *,
    categories: Sequence[str] = (),
    custom_values: Mapping[int, str] | None = None,
    contact: Mapping[str, str] | None = None,
    user: User | None = None,
) -> Client:
    """Unknown keys are a programming error, not user input: they raise at once."""
    unknown = set(fields) - set(CLIENT_FIELDS)
    if unknown:
        raise KeyError(f"not client fields: {sorted(unknown)}")
    values = {key: value for key, value in fields.items() if value is not None}
    values.setdefault("currency", business.currency)
    values.setdefault("language", business.language)
    values["tax_id_kind"] = tax_id_kind(values.get("tax_id", ""), values.get("billing_country", ""))
    async with in_transaction():
        client = await Client.create(business=business, **values)
        for name in categories:
            category, _ = await Category.get_or_create(business=business, name=name)
            await client.categories.add(category)
        for field_id, value in (custom_values or {}).items():
            field = await CustomField.get(id=field_id, business=business)
            await CustomFieldValue.create(
                business=business, client=client, field=field, value=value
            )
        if contact and contact.get("name"):
            await Contact.create(business=business, client=client, is_primary=True, **contact)
        await record(business, user, "client.register", client, after=values)
    return client
