"""/settings → Logo: the owner sends the logo as a photo or an image file, right in the chat."""

from __future__ import annotations

from typing import Any

from billing.businesses.logo import MAX_LOGO_BYTES, InvalidLogo, remove_logo, set_logo
from flows.business.owner_form import owner_refusal
from flows.context import Context
from flows.events import Event, EventKind
from flows.flow import N_, Outcome
from flows.refusals import refusal
from flows.replies import Choice, Reply

REMOVE, KEEP = "logo:remove", "logo:keep"
MAX_MB = MAX_LOGO_BYTES // (1024 * 1024)


class LogoFlow:
    name = "logo"
    title = N_("Logo")

    async def start(
        self, ctx: Context, args: str, event: Event | None, carry: dict[str, Any]
    ) -> Outcome:
        refused = await owner_refusal(ctx)
        if refused is not None:
            return refused
        if event is not None and event.kind == EventKind.FILE:
            return await self.handle(ctx, {}, event)
        return self._ask(ctx)

    async def handle(self, ctx: Context, state: dict[str, Any], event: Event) -> Outcome:
        refused = await owner_refusal(ctx)
        if refused is not None:
            return refused
        business = ctx.require_business()
        if event.kind == EventKind.CHOICE and event.choice == REMOVE:
            await remove_logo(business, ctx.user)
            return Outcome([Reply(ctx.t("Logo removed."))], then=("settings", ""))
        if event.kind == EventKind.CHOICE and event.choice == KEEP:
            return Outcome([], then=("settings", ""))
        if event.kind != EventKind.FILE or event.file is None:
            return self._ask(ctx)
        try:
            await set_logo(business, event.file.data, event.file.filename, ctx.user)
        except InvalidLogo as error:
            invalid = refusal(error)
            return self._ask(ctx, "⚠️ " + ctx.t(invalid.key, **invalid.params) + "\n")
        text = ctx.t("Saved: {settings}.", settings=ctx.t("Logo"))
        text += "\n" + ctx.t("New documents print it; documents already issued keep theirs.")
        return Outcome([Reply(text)], then=("settings", ""))

    def help(self, ctx: Context, state: dict[str, Any]) -> str:
        return ctx.t("Send your logo as a photo or as an image file, or tap Keep as it is.")

    def _ask(self, ctx: Context, error: str = "") -> Outcome:
        business = ctx.require_business()
        text = error + ctx.t(
            "Send your logo as a photo or an image file (PNG or JPEG, up to {max} MB). "
            "It is printed at the top of your documents.",
            max=MAX_MB,
        )
        choices = [Choice(ctx.t("Keep as it is"), KEEP)]
        if business.logo_attachment_id is not None:
            choices.insert(0, Choice(ctx.t("Remove logo"), REMOVE))
        return Outcome([Reply(text, tuple(choices))], state={"step": "logo"})
