"""Who a business bills: clients, their contacts, categories, custom fields and files."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class ClientKind(StrEnum):
    PERSON = "person"
    COMPANY = "company"


class CustomFieldType(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    CHOICE = "choice"


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

    class Meta:
        table = "client"


class Contact(Model):
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


class CustomFieldValue(Model):
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
