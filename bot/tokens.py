"""Inline buttons carry opaque tokens: issued with each keyboard, redeemed when one is pressed.

callback_data travels through the user's client and can be forged, replayed or pressed by a
colleague in a forwarded message, so it holds only a random id. The value lives in CallbackToken
with the user it was issued to and the business it was issued for. A press counts only while
the token is unexpired, pressed by that user, and the user still belongs to that business.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from models import CallbackToken, Membership, User

TOKEN_TTL = timedelta(days=7)
TOKEN_BYTES = 9  # 12 URL-safe characters, far below Telegram's 64-byte callback_data


async def issue_tokens(user_id: int, business_id: int | None, values: Sequence[str]) -> list[str]:
    """One fresh token per choice value, stored in one INSERT."""
    expires_at = datetime.now(UTC) + TOKEN_TTL
    rows = [
        CallbackToken(
            token=secrets.token_urlsafe(TOKEN_BYTES),
            user_id=user_id,
            business_id=business_id,
            payload={"value": value},
            expires_at=expires_at,
        )
        for value in values
    ]
    await CallbackToken.bulk_create(rows)
    return [row.token for row in rows]


async def redeem(data: str | None, user: User) -> str | None:
    """The choice value behind a pressed button, or None when the press must have no effect."""
    if not data:
        return None
    token = await CallbackToken.get_or_none(token=data)
    if token is None or token.user_id != user.id or token.expires_at <= datetime.now(UTC):
        return None
    if token.business_id is not None and not await Membership.exists(
        user_id=user.id, business_id=token.business_id
    ):
        return None
    value = token.payload.get("value")
    return value if isinstance(value, str) else None


async def purge_expired(now: datetime | None = None) -> int:
    """Forget tokens nobody can use any more; returns how many went."""
    return await CallbackToken.filter(expires_at__lte=now or datetime.now(UTC)).delete()
