"""/invite: an owner makes a one-time code for a colleague."""

from __future__ import annotations

from typing import Any

from billing.businesses.setup import INVITE_DAYS, create_invite, is_owner
from flows.context import Context
from flows.events import Event
from flows.flow import Outcome
from flows.home import HomeFlow
from flows.replies import Reply


class InviteFlow(HomeFlow):
    name = "invite"

    async def start(
        self, ctx: Context, args: str, event: Event | None, carry: dict[str, Any]
    ) -> Outcome:
        business = ctx.require_business()
        if not await is_owner(business, ctx.user):
            return Outcome(
                [Reply(ctx.t("Only an owner of {name} can invite people.", name=business.name))]
            )
        invite = await create_invite(business, ctx.user)
        text = ctx.tn(
            "Invite code for {name}: {code}\nYour colleague sends it to me (or /start {code}). "
            "It works once, for {days} day.",
            "Invite code for {name}: {code}\nYour colleague sends it to me (or /start {code}). "
            "It works once, for {days} days.",
            INVITE_DAYS,
            name=business.name,
            code=invite.code,
            days=INVITE_DAYS,
        )
        return Outcome([Reply(text)])
