"""One line per change a person or the system made, with before and after, for disputes."""

from __future__ import annotations

from typing import Any

from tortoise.models import Model

from models import AuditLog, Business, User


def _plain(values: dict[str, Any] | None) -> dict[str, Any] | None:
    """JSON-safe copies: Decimals, dates and enums become strings."""
    if values is None:
        return None
    return {
        key: value if isinstance(value, str | int | bool | None) else str(value)
        for key, value in values.items()
    }


async def record(
    business: Business,
    user: User | None,
    action: str,
    entity: Model,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    await AuditLog.create(
        business=business,
        user=user,
        action=action,
        entity=type(entity).__name__,
        entity_id=entity.pk,
        before=_plain(before),
        after=_plain(after),
    )
