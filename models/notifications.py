"""Chat messages owed to owners, kept until delivered so a network blip loses none."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterable, Iterator

from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

# PostgreSQL delivers a NOTIFY sent inside a transaction when it commits (never on rollback):
# senders in every worker LISTEN on this channel.
NOTIFY_CHANNEL = "assent_notification"
_waiting: set[asyncio.Event] = set()


@contextlib.contextmanager
def woken_on_insert() -> Iterator[asyncio.Event]:
    """An event set whenever this process inserts a Notification on SQLite: the sender's
    wake-up (on PostgreSQL the sender's LISTEN connection sets it; see `wake_senders`)."""
    event = asyncio.Event()
    _waiting.add(event)
    try:
        yield event
    finally:
        _waiting.discard(event)


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

    async def save(
        self,
        using_db: BaseDBAsyncClient | None = None,
        update_fields: Iterable[str] | None = None,
        force_create: bool = False,
        force_update: bool = False,
    ) -> None:
        """A new row wakes the senders (here and, on PostgreSQL, in every worker) at once."""
        created = not self._saved_in_db
        await super().save(using_db, update_fields, force_create, force_update)
        if created:
            await wake_senders(using_db or self._choose_db(True))


async def wake_senders(db: BaseDBAsyncClient) -> None:
    """After inserting notifications on `db`: wake the senders once the rows can be read.

    PostgreSQL delivers the NOTIFY at commit, to every worker's LISTEN connection, this one's
    included; waking this process's sender sooner would only have it query before the commit
    and miss the rows. On SQLite the transaction holds the one connection, so the sender woken
    now queries after the commit (or, after a rollback, finds nothing)."""
    if db.capabilities.dialect == "postgres":
        await db.execute_script(f"NOTIFY {NOTIFY_CHANNEL}")
        return
    for event in _waiting:
        event.set()
