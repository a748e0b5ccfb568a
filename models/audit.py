"""Who changed what and when, with the before and after, for disputes and support."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class AuditLog(Model):
    id = fields.IntField(primary_key=True)
    business = fields.ForeignKeyField("models.Business", related_name="audit_log")
    user = fields.ForeignKeyField(
        "models.User", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    action = fields.CharField(max_length=64)
    entity = fields.CharField(max_length=64)
    entity_id = fields.IntField(null=True)
    before = fields.JSONField(null=True)
    after = fields.JSONField(null=True)
    at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "audit_log"
