"""What crossed the mailbox: inbound messages, IMAP checkpoints and the outbound email outbox."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class InboundStatus(StrEnum):
    RECEIVED = "received"  # stored durably, not yet understood
    PROCESSED = "processed"
    SKIPPED = "skipped"  # understood and deliberately ignored; skip_reason says why
    FAILED = "failed"  # an error; retried up to a limit, then shown to the owner


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  # gave up after max attempts; the owner was told


class InboundMessage(Model):
    """One received email. The mailbox is global, so a business is known only once routed."""

    id = fields.IntField(primary_key=True)
    business = fields.ForeignKeyField(
        "models.Business", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    # Message-ID, or "sha256:<hex>" when the sender gave none: duplicates collapse on it.
    dedup_key = fields.CharField(max_length=998, unique=True)
    message_id = fields.CharField(max_length=998, default="")
    mailbox = fields.CharField(max_length=200)
    uid = fields.BigIntField(null=True)
    uidvalidity = fields.BigIntField(null=True)
    raw_bytes = fields.BinaryField()
    raw_sha256 = fields.CharField(max_length=64)
    sender = fields.CharField(max_length=254, default="")
    subject = fields.TextField(default="")
    status = fields.CharEnumField(InboundStatus, default=InboundStatus.RECEIVED)
    intent = fields.CharField(max_length=16, default="")
    decision = fields.CharField(max_length=16, default="")
    skip_reason = fields.CharField(max_length=64, default="")
    error = fields.TextField(default="")
    attempts = fields.IntField(default=0)
    proposal = fields.ForeignKeyField(
        "models.Document", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    received_at = fields.DatetimeField(auto_now_add=True)
    processed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "inbound_message"


class MailboxCheckpoint(Model):
    """The last UID durably recorded per mailbox and UIDVALIDITY: where a restart resumes."""

    id = fields.IntField(primary_key=True)
    mailbox = fields.CharField(max_length=200)
    uidvalidity = fields.BigIntField()
    last_uid = fields.BigIntField(default=0)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "mailbox_checkpoint"
        unique_together = (("mailbox", "uidvalidity"),)


class OutboxEmail(Model):
    """An email to deliver exactly once: composed when enqueued, sent and marked by the sender."""

    id = fields.IntField(primary_key=True)
    business = fields.ForeignKeyField("models.Business", related_name="outbox")
    key = fields.CharField(max_length=200, unique=True)
    purpose = fields.CharField(max_length=32)  # proposal | invoice | reminder | welcome
    document = fields.ForeignKeyField(
        "models.Document", related_name="emails", null=True, on_delete=fields.SET_NULL
    )
    message_id = fields.CharField(max_length=998, unique=True)
    sender = fields.CharField(max_length=254)
    recipients = fields.JSONField(default=list)
    subject = fields.TextField(default="")
    raw_bytes = fields.BinaryField()
    status = fields.CharEnumField(OutboxStatus, default=OutboxStatus.PENDING)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField(null=True)
    last_error = fields.TextField(default="")
    sent_at = fields.DatetimeField(null=True)
    bounced_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "outbox_email"
