"""Where a conversation stands, in the database so a restart or a second worker resumes it."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class DialogState(Model):
    """One per channel, chat and user: a version column makes concurrent updates fail, not mix."""

    id = fields.IntField(primary_key=True)
    channel = fields.CharField(max_length=16)  # telegram | console
    chat_id = fields.CharField(max_length=64)
    user = fields.ForeignKeyField("models.User", related_name="dialogs")
    business = fields.ForeignKeyField(
        "models.Business", related_name=False, null=True, on_delete=fields.CASCADE
    )
    flow = fields.CharField(max_length=64, default="")
    step = fields.CharField(max_length=64, default="")
    data = fields.JSONField(default=dict)
    version = fields.IntField(default=0)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "dialog_state"
        unique_together = (("channel", "chat_id", "user"),)


class CallbackToken(Model):
    """A short opaque id behind a chat button: the action it stands for never leaves the server."""

    id = fields.IntField(primary_key=True)
    token = fields.CharField(max_length=24, unique=True)
    business = fields.ForeignKeyField(
        "models.Business", related_name=False, null=True, on_delete=fields.CASCADE
    )
    user = fields.ForeignKeyField("models.User", related_name=False)
    payload = fields.JSONField(default=dict)
    expires_at = fields.DatetimeField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "callback_token"


class TelegramUpdate(Model):
    """One webhook update kept until run, so any bot worker may run it (bot/shared_inbox.py).

    done_at is set in the same transaction as the dialog step it ran. Done rows stay a while so
    that a re-delivered update (same update_id) is recognised and not run twice. attempts is
    counted outside that transaction, so a run that kills its worker still counts: an update
    that keeps killing workers is given up instead of blocking its chat for good.
    """

    id = fields.BigIntField(primary_key=True)
    update_id = fields.BigIntField(unique=True)
    chat_key = fields.CharField(max_length=64)
    payload = fields.JSONField()
    received_at = fields.DatetimeField(auto_now_add=True)
    done_at = fields.DatetimeField(null=True, db_index=True)
    attempts = fields.SmallIntField(default=0, db_default=0)

    class Meta:
        table = "telegram_update"
        indexes = (("chat_key", "update_id"),)
