"""The proposal link in an email: a signed, expiring token per proposal and recipient.

The token is base64url of (version, proposal id, expiry, recipient digest, content fingerprint)
followed by 16 bytes of HMAC-SHA256 keyed with the token secret. It names no client data: the
recipient is an 8-byte digest of the address, the content an 8-byte digest of what was sent.
The MAC makes the token unguessable (2**128 tries) and is compared in constant time; the
fingerprint lets the page say "this proposal changed since it was sent to you".
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import struct
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from models import Document, DocumentLine

VERSION = 1
_LAYOUT = struct.Struct(">BII8s8s")
MAC_BYTES = 16
TOKEN_CHARS = 55  # base64url of 41 bytes, unpadded
_TOKEN = re.compile(rf"[A-Za-z0-9_-]{{{TOKEN_CHARS}}}")
# Keeps these MACs apart from the reply tokens keyed with the same secret.
_PURPOSE = b"assent proposal link\x00"


@dataclass(frozen=True)
class LinkClaim:
    """What a genuine token says; whether it still holds is for the caller to judge."""

    proposal_id: int
    expires_at: datetime
    recipient: bytes
    fingerprint: bytes

    def expired(self, now: datetime) -> bool:
        return now >= self.expires_at


def recipient_digest(address: str) -> bytes:
    return hashlib.sha256(address.strip().lower().encode()).digest()[:8]


def _number(value: Decimal) -> str:
    """One spelling per amount: SQLite returns 100, PostgreSQL 100.0000."""
    return f"{Decimal(value).normalize():f}"


def content_fingerprint(document: Document, lines: list[DocumentLine]) -> bytes:
    """A digest of everything the client is asked to accept; any edit changes it."""
    content: dict[str, Any] = {
        "number": document.number,
        "currency": document.currency,
        "language": document.language,
        "issue_date": str(document.issue_date),
        "valid_until": str(document.valid_until),
        "notes": document.notes,
        "terms": document.terms,
        "amounts": [_number(document.net), _number(document.tax), _number(document.total)],
        "seller": document.seller_snapshot,
        "client": document.client_snapshot,
        "lines": [
            [line.description, _number(line.quantity), line.unit, _number(line.unit_price),
             _number(line.discount_percent), _number(line.tax_rate), _number(line.net)]
            for line in lines
        ],
    }
    encoded = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str).encode()
    return hashlib.sha256(encoded).digest()[:8]


async def fingerprint_of(document: Document, connection: Any = None) -> bytes:
    query = DocumentLine.filter(document_id=document.id).order_by("position")
    lines = await (query.using_db(connection) if connection is not None else query)
    return content_fingerprint(document, list(lines))


def _mac(payload: bytes, secret: str) -> bytes:
    return hmac.new(secret.encode(), _PURPOSE + payload, hashlib.sha256).digest()[:MAC_BYTES]


def make_link_token(
    proposal_id: int, recipient: str, fingerprint: bytes, *, secret: str, days: int,
    now: datetime | None = None,
) -> str:
    expires = (now or datetime.now(UTC)) + timedelta(days=days)
    payload = _LAYOUT.pack(VERSION, proposal_id, int(expires.timestamp()),
                           recipient_digest(recipient), fingerprint)
    raw = payload + _mac(payload, secret)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def read_link_token(token: str, *, secret: str) -> LinkClaim | None:
    """The claim of a genuine token, None for anything tampered, truncated or foreign."""
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        return None
    raw = base64.urlsafe_b64decode(token + "=")
    if base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii") != token:
        return None  # the spare low bits of the last character: one token, one spelling
    payload, mac = raw[:-MAC_BYTES], raw[-MAC_BYTES:]
    if not hmac.compare_digest(mac, _mac(payload, secret)):
        return None
    version, proposal_id, expires, recipient, fingerprint = _LAYOUT.unpack(payload)
    if version != VERSION or proposal_id <= 0:
        return None
    return LinkClaim(proposal_id, datetime.fromtimestamp(expires, UTC), recipient, fingerprint)


def link_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/p/{token}"
