"""Creating a business and letting people into it: the owner at setup, colleagues by invite."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise.transactions import in_transaction

from billing.audit import record
from billing.businesses.settings import seller_tax_id
from billing.tax_categories import EU
from models import Business, Invite, Membership, Role, User

INVITE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read aloud
INVITE_DAYS = 7


async def create_business(owner: User, fields: dict[str, Any]) -> Business:
    """The first user becomes its owner and starts acting for it right away.

    A business in the EU issues Factur-X (an EN 16931 XML inside a PDF/A-3) unless it says
    otherwise: that is what its clients' accounting software reads, and checking the rules at
    issue is what keeps a bad invoice from leaving at all. Elsewhere the plain PDF is the norm.
    """
    fields = {**fields, **seller_tax_id(fields.get("tax_id", ""), fields.get("country", ""))}
    fields.setdefault("embed_einvoice", fields.get("country", "") in EU)
    async with in_transaction():
        business = await Business.create(**fields)
        await Membership.create(business=business, user=owner, role=Role.OWNER)
        owner.current_business = business
        await owner.save(update_fields=["current_business_id"])
        await record(business, owner, "business.create", business, after=fields)
    return business


async def create_invite(business: Business, owner: User, role: Role = Role.STAFF) -> Invite:
    code = "".join(secrets.choice(INVITE_ALPHABET) for _ in range(8))
    expires = datetime.now(UTC) + timedelta(days=INVITE_DAYS)
    return await Invite.create(
        business=business, code=code, role=role, created_by=owner, expires_at=expires
    )


def normalize_code(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


async def redeem_invite(user: User, text: str) -> Business | None:
    """One use per code: a conditional UPDATE decides who got it if two people try at once."""
    code = normalize_code(text)
    now = datetime.now(UTC)
    async with in_transaction():
        invite = await Invite.get_or_none(code=code, used_at=None, expires_at__gt=now)
        if invite is None:
            return None
        taken = await Invite.filter(id=invite.id, used_at=None).update(used_at=now, used_by=user)
        if taken != 1:
            return None
        business = await Business.get(id=invite.business_id)
        if not await Membership.exists(business=business, user=user):
            await Membership.create(business=business, user=user, role=invite.role)
        user.current_business = business
        await user.save(update_fields=["current_business_id"])
        await record(business, user, "business.join", invite, after={"role": invite.role.value})
    return business


async def is_owner(business: Business, user: User) -> bool:
    return await Membership.exists(business=business, user=user, role=Role.OWNER)
