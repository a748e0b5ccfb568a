"""Outbound email: composed in the client's language, queued in the caller's transaction, and
delivered over SMTP by a sender task that sends each row once.

Typical use: `send_document(...)` in the chat, an `OutboxSender` in the composition root, and
`parse_reply_token` in the inbound listener to route a reply to its proposal.
"""

from mail.outbound.compose import (
    Parties,
    compose_document,
    compose_reminder,
    compose_welcome,
)
from mail.outbound.outbox import enqueue
from mail.outbound.reply_token import make_reply_address, parse_reply_token
from mail.outbound.send_document import send_count, send_document
from mail.outbound.sender import Backoff, OutboxSender

__all__ = [
    "Backoff",
    "OutboxSender",
    "Parties",
    "compose_document",
    "compose_reminder",
    "compose_welcome",
    "enqueue",
    "make_reply_address",
    "parse_reply_token",
    "send_count",
    "send_document",
]
