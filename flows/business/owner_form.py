"""Forms only a business's owners may use, and the settings forms opened on the current values."""

from __future__ import annotations

from typing import Any

from billing.businesses.settings import NUMBER_FORMATS, changed_fields, update_business
from billing.businesses.setup import is_owner
from billing.errors import BillingError
from flows.context import Context
from flows.events import Event
from flows.fields import SUMMARY_STEP
from flows.flow import Outcome
from flows.form import FormFlow
from flows.refusals import refusal
from flows.replies import Reply
from models import Business


async def owner_refusal(ctx: Context) -> Outcome | None:
    """None for an owner; for staff, a polite no (a button can outlive a change of role)."""
    if await is_owner(ctx.require_business(), ctx.user):
        return None
    text = ctx.t(
        "Only an owner can change the business settings. "
        "You can still choose your language in /settings."
    )
    return Outcome([Reply(text)])


class OwnerForm(FormFlow):
    """A form that re-checks on every step that the user still owns the business."""

    async def start(
        self, ctx: Context, args: str, event: Event | None, carry: dict[str, Any]
    ) -> Outcome:
        return await owner_refusal(ctx) or await super().start(ctx, args, event, carry)

    async def handle(self, ctx: Context, state: dict[str, Any], event: Event) -> Outcome:
        return await owner_refusal(ctx) or await super().handle(ctx, state, event)

    async def refused(
        self, ctx: Context, state: dict[str, Any], error: BillingError, step: str
    ) -> Outcome:
        """Back to the answer a billing rule refused at saving, with the reason."""
        state["step"] = step
        if step != SUMMARY_STEP:
            state["editing"] = True
        invalid = refusal(error)
        outcome = await self._show(ctx, await self.fields(ctx), state)
        outcome.replies.insert(0, Reply("⚠️ " + ctx.t(invalid.key, **invalid.params)))
        return outcome


def form_value(value: Any) -> Any:
    """A Business column as the form keeps it: flags as yes/no, enums by value, empty as unset."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value in ("", []):
        return None
    return getattr(value, "value", value)


def column_value(business: Business, key: str, value: Any) -> Any:
    return value == "yes" if isinstance(getattr(business, key), bool) else value


class SettingsForm(OwnerForm):
    """Each field is named for the Business column it edits; saving goes back to /settings."""

    async def start(
        self, ctx: Context, args: str, event: Event | None, carry: dict[str, Any]
    ) -> Outcome:
        business = ctx.require_business()
        keys = [field.name for field in await self.fields(ctx)]
        values = {key: form_value(getattr(business, key)) for key in keys}
        values = {key: value for key, value in values.items() if value is not None}
        state = {"values": values, "step": SUMMARY_STEP, "quick": False}
        return await super().start(ctx, "", None, {"values": values, "state": state})

    async def commit(self, ctx: Context, values: dict[str, Any], state: dict[str, Any]) -> Outcome:
        business = ctx.require_business()
        fields = await self.fields(ctx)
        changes = {
            field.name: column_value(business, field.name, values[field.name])
            for field in fields
            if values.get(field.name) is not None
        }
        try:
            changed = changed_fields(business, changes)
            await update_business(business, changes, ctx.user)
        except BillingError as error:
            named = str(error.params.get("field", ""))
            known = named in {field.name for field in fields}
            return await self.refused(ctx, state, error, named if known else SUMMARY_STEP)
        if not changed:
            return Outcome([Reply(ctx.t("Nothing changed."))], then=("settings", ""))
        labels = ", ".join(ctx.t(field.label) for field in fields if field.name in changed)
        lines = [ctx.t("Saved: {settings}.", settings=labels)]
        if changed.keys() & NUMBER_FORMATS.keys():
            lines.append(
                ctx.t(
                    "Documents already issued keep their numbers; "
                    "the new format applies from the next one."
                )
            )
        return Outcome([Reply("\n".join(lines))], then=("settings", ""))
