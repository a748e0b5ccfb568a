"""Proof that a client accepted a proposal: kept as it arrived, so it can be shown later."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class AcceptanceMethod(StrEnum):
    EMAIL_REPLY = "email_reply"
    OWNER_BUTTON = "owner_button"  # the owner accepted on the client's behalf after reading a reply
    WEB = "web"


class Acceptance(Model):
    """One per proposal: the unique key is what makes accepted → invoice happen once."""

    id = fields.IntField(primary_key=True)
    business = fields.ForeignKeyField("models.Business", related_name="acceptances")
    proposal = fields.OneToOneField("models.Document", related_name="acceptance")
    method = fields.CharEnumField(AcceptanceMethod)
    signer_name = fields.CharField(max_length=200, default="")
    sender_address = fields.CharField(max_length=254, default="")
    message_id = fields.CharField(max_length=998, default="")
    raw_sha256 = fields.CharField(max_length=64, default="")
    reply_text = fields.TextField(default="")
    auth_verdicts = fields.JSONField(default=dict)
    authenticated = fields.BooleanField(default=False)
    inbound_message = fields.ForeignKeyField(
        "models.InboundMessage", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    decided_by = fields.ForeignKeyField(
        "models.User", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    # A web acceptance: where it came from and what the client saw and drew.
    ip_address = fields.CharField(max_length=45, default="", db_default="")
    user_agent = fields.CharField(max_length=500, default="", db_default="")
    signature_png = fields.BinaryField(null=True)
    document_sha256 = fields.CharField(max_length=64, default="", db_default="")
    # The one-page signing certificate, built once and then served as stored.
    certificate_pdf = fields.BinaryField(null=True)
    accepted_at = fields.DatetimeField()
    recorded_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "acceptance"
