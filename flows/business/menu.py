"""/settings: a tap switches the user's language; owners also reach the business's settings."""

from __future__ import annotations

from typing import Any

from billing.businesses.setup import is_owner
from flows.business.custom_fields import CustomFieldsFlow, NewCustomFieldFlow
from flows.business.logo import LogoFlow
from flows.business.sections import AcceptanceFlow, BusinessDetailsFlow, InvoicingFlow
from flows.context import Context
from flows.events import Event
from flows.flow import N_, Flow, Outcome
from flows.replies import Choice, Reply
from flows.settings import SettingsFlow, language_name
from flows.validators import BOT_LANGUAGES

SECTIONS = (
    (N_("Business details"), "business_details"),
    (N_("Invoicing"), "invoicing"),
    (N_("Logo"), "logo"),
    (N_("After acceptance"), "acceptance"),
    (N_("Custom client fields"), "custom_fields"),
)


class SettingsMenuFlow:
    name = "settings"

    async def start(
        self, ctx: Context, args: str, event: Event | None, carry: dict[str, Any]
    ) -> Outcome:
        business = ctx.require_business()
        lines = [
            ctx.t("Settings"),
            ctx.t("My language: {language}", language=language_name(ctx, ctx.language)),
        ]
        choices = [
            Choice(
                ("✅ " if code == ctx.language else "") + language_name(ctx, code),
                f"go:language:{code}",
            )
            for code in BOT_LANGUAGES
        ]
        if await is_owner(business, ctx.user):
            lines.append(ctx.t("Settings of {business}:", business=business.name))
            choices += [Choice(ctx.t(label), f"go:{flow}:") for label, flow in SECTIONS]
        else:
            lines.append(ctx.t("Only an owner can change the business settings."))
        return Outcome([Reply("\n".join(lines), tuple(choices), columns=2)])

    async def handle(self, ctx: Context, state: dict[str, Any], event: Event) -> Outcome:
        return await self.start(ctx, "", event, {})

    def help(self, ctx: Context, state: dict[str, Any]) -> str:
        return ctx.t("Tap a language to switch to it, or a part of the settings to change it.")


def settings_flows() -> list[Flow]:
    """Everything /settings leads to, for the registry."""
    return [
        SettingsMenuFlow(),
        SettingsFlow(),
        BusinessDetailsFlow(),
        InvoicingFlow(),
        LogoFlow(),
        AcceptanceFlow(),
        CustomFieldsFlow(),
        NewCustomFieldFlow(),
    ]
