"""The tenant and the people who act for it: every other row hangs off a Business."""

from __future__ import annotations

import secrets
from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


def new_stamp() -> str:
    """A value no earlier stamp had (see Business.custom_fields_stamp)."""
    return secrets.token_hex(8)


class Role(StrEnum):
    OWNER = "owner"
    STAFF = "staff"


class AcceptancePolicy(StrEnum):
    """What happens to the invoice made from an accepted proposal."""

    DRAFT = "draft"  # the owner reviews it, then sends (the safe default)
    ISSUE = "issue"  # numbered, left for the owner to send
    ISSUE_AND_SEND = "issue_and_send"  # numbered and emailed to the client at once


class Business(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200)
    legal_name = fields.CharField(max_length=200, default="")
    # The seller address as EU VAT Directive Art. 226(5) wants it, in parts a machine can read.
    # The database default lets the migration add these columns to existing rows.
    street = fields.CharField(max_length=200, default="", db_default="")
    city = fields.CharField(max_length=100, default="", db_default="")
    postcode = fields.CharField(max_length=20, default="", db_default="")
    region = fields.CharField(max_length=100, default="", db_default="")
    country = fields.CharField(max_length=2, default="")
    # With its country prefix when it is an EU VAT ID (ESB12345674).
    tax_id = fields.CharField(max_length=40, default="")
    # The trade register entry company law wants on every invoice and letter: Romania's
    # "Nr. Reg. Com." (J40/1234/2020), Spain's Registro Mercantil data. Free text, as each
    # register writes it; empty for a sole trader who has none.
    registration = fields.CharField(max_length=120, default="", db_default="")
    # vat, es_nif, pt_nif, ro_cui, mx_rfc, gcc_trn or empty (see billing.tax_ids).
    tax_id_kind = fields.CharField(max_length=16, default="", db_default="")
    email = fields.CharField(max_length=254, default="")
    phone = fields.CharField(max_length=32, default="")
    currency = fields.CharField(max_length=3, default="EUR")
    language = fields.CharField(max_length=8, default="en")
    timezone = fields.CharField(max_length=64, default="UTC")
    # Numbering formats use {year}, {month} and {seq}, e.g. INV-{year}-{seq:04}.
    invoice_number_format = fields.CharField(max_length=64, default="INV-{year}-{seq:04}")
    proposal_number_format = fields.CharField(max_length=64, default="P-{year}-{seq:04}")
    credit_note_number_format = fields.CharField(max_length=64, default="CN-{year}-{seq:04}")
    numbering_reset_yearly = fields.BooleanField(default=True)
    payment_terms_days = fields.IntField(default=30)
    proposal_validity_days = fields.IntField(default=30)
    default_tax_rates = fields.JSONField(
        default=list
    )  # ["21", "10", "4", "0"] as strings: Decimal-safe
    # UNCL5305 category new lines get unless the client or the line says otherwise.
    default_tax_category = fields.CharField(max_length=2, default="S", db_default="S")
    # Taxes the buyer withholds, e.g. [{"label": "IRPF", "rate": "15"}], applied to company clients.
    withholdings = fields.JSONField(default=list, db_default=[])
    # Own series for simplified invoices (Spain: up to 400 EUR VAT included, buyer not required).
    simplified_number_format = fields.CharField(
        max_length=64, default="FS-{year}-{seq:04}", db_default="FS-{year}-{seq:04}"
    )
    acceptance_policy = fields.CharEnumField(AcceptancePolicy, default=AcceptancePolicy.DRAFT)
    bank_details = fields.TextField(default="")
    brand_colour = fields.CharField(max_length=7, default="#1f4e79")
    # A plain id, not a foreign key: Attachment already points at Business, and a cycle of
    # foreign keys would make the initial migration order-dependent.
    logo_attachment_id = fields.IntField(null=True)
    send_welcome_email = fields.BooleanField(default=False)
    # Issued invoices and credit notes carry their EN 16931 XML inside a Factur-X PDF/A-3b.
    embed_einvoice = fields.BooleanField(default=False, db_default=False)
    # How clients pay - transfer, card or cash - as billing.einvoice.payment codes it.
    payment_means = fields.CharField(max_length=16, default="transfer", db_default="transfer")
    # Empty while the business has no custom client fields; a new random value (new_stamp)
    # whenever one is added or deleted, written in the same transaction. A dialog step reads it
    # with the business anyway, so a process keeps each business's fields and reads them again
    # only when the stamp changed (flows/clients/custom_answers.py). Random, not a counter, so
    # a change rolled back never leaves a value that a later change could reuse.
    custom_fields_stamp = fields.CharField(max_length=16, default="", db_default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "business"


class User(Model):
    """A person who chats with Assent, who may belong to several businesses."""

    id = fields.IntField(primary_key=True)
    telegram_id = fields.BigIntField(null=True, unique=True)
    console_name = fields.CharField(max_length=64, null=True, unique=True)
    name = fields.CharField(max_length=200, default="")
    language = fields.CharField(max_length=8, default="en")
    # The business the user is acting for right now (a user may be member of several).
    current_business = fields.ForeignKeyField(
        "models.Business", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "user"


class Membership(Model):
    id = fields.IntField(primary_key=True)
    business = fields.ForeignKeyField("models.Business", related_name="memberships")
    user = fields.ForeignKeyField("models.User", related_name="memberships")
    role = fields.CharEnumField(Role, default=Role.STAFF)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "membership"
        unique_together = (("business", "user"),)


class Invite(Model):
    """A one-time code an owner hands to a colleague to join the business."""

    id = fields.IntField(primary_key=True)
    business = fields.ForeignKeyField("models.Business", related_name="invites")
    code = fields.CharField(max_length=32, unique=True)
    role = fields.CharEnumField(Role, default=Role.STAFF)
    created_by = fields.ForeignKeyField("models.User", related_name=False)
    used_by = fields.ForeignKeyField(
        "models.User", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "invite"
