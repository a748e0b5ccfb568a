"""Inline buttons carry opaque tokens: issued with each keyboard, redeemed when one is pressed.

callback_data travels through the user's client and can be forged, replayed or pressed by a
colleague in a forwarded message, so it holds only a random id. The value lives in CallbackToken
with the user it was issued to and the business it was issued for. A press counts only while
the token is unexpired, pressed by that user, and the user still belongs to that business.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from models import CallbackToken, Membership, User
from models.raw_sql import fetch_one, insert_rows

TOKEN_TTL = timedelta(days=7)
TOKEN_BYTES = 9  # 12 URL-safe characters, far below Telegram's 64-byte callback_data
# What issue_tokens can have made, within the column's 24 characters: anything else is forged
# and never reaches the database.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,24}")
TOKEN_COLUMNS = ("token", "user_id", "business_id", "payload", "expires_at", "created_at")


@dataclass(frozen=True)
class Pressed:
    """A redeemed button: the choice value and the dialog turn whose message offered it."""

    value: str
    offer: str


async def issue_tokens(
    user_id: int, business_id: int | None, values: Sequence[str], offer: str = ""
) -> list[str]:
    """One fresh token per choice value, stored in one INSERT statement (bulk_create would run
    one per row, in a transaction of its own); `offer` is Reply.offer."""
    now = datetime.now(UTC)
    tokens = [secrets.token_urlsafe(TOKEN_BYTES) for _ in values]
    rows = [
        (token, user_id, business_id, json.dumps({"value": value, "offer": offer}),
         now + TOKEN_TTL, now)
        for token, value in zip(tokens, values, strict=True)
    ]
    await insert_rows(CallbackToken, TOKEN_COLUMNS, rows)
    return tokens


async def redeem(data: str | None, user: User) -> Pressed | None:
    """The choice behind a pressed button, or None when the press must have no effect."""
    if not data or not TOKEN_SHAPE.fullmatch(data):
        return None
    found = await _with_membership(data)
    if found is None:
        return None
    token, member = found
    if token.user_id != user.id or token.expires_at <= datetime.now(UTC):
        return None
    if token.business_id is not None and not member:
        return None
    value, offer = token.payload.get("value"), token.payload.get("offer", "")
    if not isinstance(value, str) or not isinstance(offer, str):
        return None
    return Pressed(value, offer)


async def _with_membership(data: str) -> tuple[CallbackToken, bool] | None:
    """The token and whether its user still belongs to its business, in one query."""
    sql = (
        f'SELECT t.*, m."id" AS "member_id" FROM "{CallbackToken._meta.db_table}" t '
        f'LEFT JOIN "{Membership._meta.db_table}" m '
        'ON m."business_id" = t."business_id" AND m."user_id" = t."user_id" '
        'WHERE t."token" = {}'
    )
    row = await fetch_one(CallbackToken, sql, [data])
    if row is None:
        return None
    token = CallbackToken._init_from_db(**{c: row[c] for c in CallbackToken._meta.db_fields})
    return token, row["member_id"] is not None


async def purge_expired(now: datetime | None = None) -> int:
    """Forget tokens nobody can use any more; returns how many went."""
    return await CallbackToken.filter(expires_at__lte=now or datetime.now(UTC)).delete()
