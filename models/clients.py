"""Who a business bills: clients, their contacts, categories, custom fields and files."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

from models.search_keys import (
    CLIENT_SEARCHED,
    CONTACT_SEARCHED,
    client_search_text,
    email_key,
    name_key,
    name_words,
    phone_key,
    tax_key,
)


class ClientKind(StrEnum):
    PERSON = "person"
    COMPANY = "company"


class CustomFieldType(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    CHOICE = "choice"


DERIVED = (
    "name_key", "name_key_reversed", "name_words", "email_key", "phone_key", "tax_key",
    "search_text",
)


class Client(Model):
    id = fields.IntField(primary_key=True)
    business = fields.ForeignKeyField("models.Business", related_name="clients")
    kind = fields.CharEnumField(ClientKind, default=ClientKind.COMPANY)
    display_name = fields.CharField(max_length=200)
    legal_name = fields.CharField(max_length=200, default="")
    email = fields.CharField(max_length=254, default="", db_index=True)
    phone = fields.CharField(max_length=32, default="")
    tax_id = fields.CharField(max_length=40, default="", db_index=True)
    # vat, es_nif, pt_nif, ro_cui, mx_rfc, gcc_trn or empty (see billing.tax_ids).
    tax_id_kind = fields.CharField(max_length=16, default="", db_default="")
    business_line = fields.CharField(max_length=200, default="")
    payment_method = fields.CharField(max_length=32, default="")
    currency = fields.CharField(max_length=3, default="EUR")
    language = fields.CharField(max_length=8, default="en")
    billing_street = fields.CharField(max_length=200, default="")
    billing_city = fields.CharField(max_length=100, default="")
    billing_postcode = fields.CharField(max_length=20, default="")
    billing_country = fields.CharField(max_length=2, default="")
    shipping_street = fields.CharField(max_length=200, default="")
    shipping_city = fields.CharField(max_length=100, default="")
    shipping_postcode = fields.CharField(max_length=20, default="")
    shipping_country = fields.CharField(max_length=2, default="")
    notes = fields.TextField(default="")
    # Other ways the client types their name (another script, a transliteration), by the owner.
    name_spellings = fields.CharField(max_length=500, default="", db_default="")
    # UNCL5305 category for this client's lines, "" to follow the business and the VAT rules.
    tax_category = fields.CharField(max_length=2, default="", db_default="")
    # Whether the business's withholdings apply; null follows the rule (companies only).
    withholding = fields.BooleanField(null=True)
    archived = fields.BooleanField(default=False)
    categories: fields.ManyToManyRelation[Category] = fields.ManyToManyField(
        "models.Category", related_name="clients", through="client_category"
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
    # Derived on every save (models.search_keys), never set by hand: the folded display name that
    # lists sort by and duplicate detection compares, exact keys for a typed email, phone or tax
    # ID, and the folded text of the client, its contacts and custom values that search matches.
    # The name key read backwards and the name's words in alphabetical order find near-duplicates
    # of a new name (billing.clients.search). Indexes: models.search_indexes.
    name_key = fields.CharField(max_length=200, default="", db_default="")
    name_key_reversed = fields.CharField(max_length=200, default="", db_default="")
    name_words = fields.CharField(max_length=200, default="", db_default="")
    email_key = fields.CharField(max_length=254, default="", db_default="")
    phone_key = fields.CharField(max_length=9, default="", db_default="")
    tax_key = fields.CharField(max_length=40, default="", db_default="")
    search_text = fields.TextField(default="", db_default="")

    class Meta:
        table = "client"

    async def save(
        self,
        using_db: BaseDBAsyncClient | None = None,
        update_fields: Iterable[str] | None = None,
        force_create: bool = False,
        force_update: bool = False,
    ) -> None:
        """Every write path (register, edit, archive, intake) keeps the search columns in step."""
        self.name_key = name_key(self.display_name)
        self.name_key_reversed = self.name_key[::-1]
        self.name_words = name_words(self.display_name)
        self.email_key = email_key(self.email)
        self.phone_key = phone_key(self.phone)
        self.tax_key = tax_key(self.tax_id)
        self.search_text = await self._search_text(using_db)
        if update_fields is not None:
            update_fields = [*update_fields, *DERIVED]
        await super().save(using_db, update_fields, force_create, force_update)

    async def _search_text(self, using_db: BaseDBAsyncClient | None) -> str:
        contacts: list[dict[str, str]] = []
        values: list[str] = []
        if self._saved_in_db:
            contact_rows = Contact.filter(client_id=self.id)
            value_rows = CustomFieldValue.filter(client_id=self.id)
            if using_db is not None:
                contact_rows = contact_rows.using_db(using_db)
                value_rows = value_rows.using_db(using_db)
            contacts = await contact_rows.values(*CONTACT_SEARCHED)
            values = await value_rows.values_list("value", flat=True)
        own = {name: getattr(self, name) for name in CLIENT_SEARCHED}
        return client_search_text(own, contacts, values)

    @classmethod
    async def refresh_search_text(
        cls, client_id: int, using_db: BaseDBAsyncClient | None = None
    ) -> None:
        """After a contact or custom value of the client changed."""
        client = await cls.get_or_none(id=client_id, using_db=using_db)
        if client is not None:
            await client.save(using_db, update_fields=())


class PartOfClientSearch:
    """A row whose text is part of its client's search text (a contact, a custom value)."""

    client_id: int

    async def save(
        self,
        using_db: BaseDBAsyncClient | None = None,
        update_fields: Iterable[str] | None = None,
        force_create: bool = False,
        force_update: bool = False,
    ) -> None:
        await super().save(using_db, update_fields, force_create, force_update)  # type: ignore[misc]
        await Client.refresh_search_text(self.client_id, using_db)

    async def delete(self, using_db: BaseDBAsyncClient | None = None) -> None:
        await super().delete(using_db)  # type: ignore[misc]
        await Client.refresh_search_text(self.client_id, using_db)


class Contact(PartOfClientSearch, Model):
    id = fields.IntField(primary_key=True)
    business = fields.ForeignKeyField("models.Business", related_name=False)
    client = fields.ForeignKeyField("models.Client", related_name="contacts")
    name = fields.CharField(max_length=200)
    email = fields.CharField(max_length=254, default="", db_index=True)
    phone = fields.CharField(max_length=32, default="")
    role = fields.CharField(max_length=100, default="")
    name_spellings = fields.CharField(max_length=500, default="", db_default="")
    is_primary = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "contact"


class Category(Model):
    id = fields.IntField(primary_key=True)
    business = fields.ForeignKeyField("models.Business", related_name="categories")
    name = fields.CharField(max_length=100)
    clients: fields.ManyToManyRelation[Client]

    class Meta:
        table = "category"
        unique_together = (("business", "name"),)


class CustomField(Model):
    """A question a business wants asked about every client (e.g. Account manager)."""

    id = fields.IntField(primary_key=True)
    business = fields.ForeignKeyField("models.Business", related_name="custom_fields")
    name = fields.CharField(max_length=100)
    field_type = fields.CharEnumField(CustomFieldType, default=CustomFieldType.TEXT)
    choices = fields.JSONField(default=list)
    required = fields.BooleanField(default=False)
    position = fields.IntField(default=0)

    class Meta:
        table = "custom_field"
        unique_together = (("business", "name"),)


class CustomFieldValue(PartOfClientSearch, Model):
    id = fields.IntField(primary_key=True)
    business = fields.ForeignKeyField("models.Business", related_name=False)
    client = fields.ForeignKeyField("models.Client", related_name="custom_values")
    field = fields.ForeignKeyField("models.CustomField", related_name="values")
    value = fields.TextField(default="")

    class Meta:
        table = "custom_field_value"
        unique_together = (("client", "field"),)


class Attachment(Model):
    """A file kept for a business: stored on disk under storage.path by its sha256, or inline."""

    id = fields.IntField(primary_key=True)
    business = fields.ForeignKeyField("models.Business", related_name="attachments")
    client = fields.ForeignKeyField(
        "models.Client", related_name="attachments", null=True, on_delete=fields.SET_NULL
    )
    document = fields.ForeignKeyField(
        "models.Document", related_name="attachments", null=True, on_delete=fields.SET_NULL
    )
    original_name = fields.CharField(max_length=255)
    mime_type = fields.CharField(max_length=127, default="application/octet-stream")
    size = fields.BigIntField()
    sha256 = fields.CharField(max_length=64, db_index=True)
    storage_path = fields.CharField(max_length=500, default="")
    content = fields.BinaryField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "attachment"
