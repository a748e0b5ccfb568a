"""Chat messages owed to owners, kept until delivered so a network blip loses none."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class Notification(Model):
    id = fields.IntField(primary_key=True)
    business = fields.ForeignKeyField("models.Business", related_name="notifications")
    user = fields.ForeignKeyField("models.User", related_name="notifications")
    key = fields.CharField(max_length=200, unique=True)
    kind = fields.CharField(max_length=32)
    # Channel-neutral replies (text key + params, choices, document id): rendered by the adapter.
    payload = fields.JSONField(default=dict)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField(null=True)
    last_error = fields.TextField(default="")
    sent_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "notification"
