"""First contact: set up a business (and own it), or join one with an invite code."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from billing.businesses.clock import default_zone
from billing.businesses.setup import create_business, redeem_invite
from billing.taxes import RATES
from flows import validators as v
from flows.business import parsers as p
from flows.business.time_zone import zone_field
from flows.clients.choices import language_choices, show_country, show_language
from flows.context import Context
from flows.events import Event, EventKind
from flows.fields import Field
from flows.flow import N_, Outcome
from flows.form import FormFlow
from flows.replies import Choice, Reply
from models import Business

CODE_STEP = "_code"


async def _currency_choices(ctx: Context, values: dict[str, Any]) -> list[Choice]:
    from babel.numbers import get_territory_currencies

    country = values.get("country")
    codes = get_territory_currencies(country) if country else []
    codes = [*codes[:1], *(c for c in ("EUR", "USD", "GBP", "MXN") if c not in codes[:1])]
    return [Choice(code, code) for code in codes]


FIELDS: tuple[Field, ...] = (
    Field(
        "name",
        N_("Business name"),
        N_("What is your business called?"),
        v.name,
        required=True,
        stored_in=(Business, "name"),
    ),
    Field(
        "country",
        N_("Country"),
        N_("In which country is it registered?"),
        v.country,
        required=True,
        hint=N_("Spain, or ES"),
        show=show_country,
    ),
    zone_field(at_setup=True),
    Field(
        "currency",
        N_("Currency"),
        N_("Your usual currency?"),
        v.currency,
        required=True,
        choices=_currency_choices,
    ),
    Field(
        "language",
        N_("Document language"),
        N_("Default language for your documents?"),
        v.document_language,
        required=True,
        choices=language_choices,
        show=show_language,
    ),
    Field(
        "street",
        N_("Street"),
        N_("Your business address, printed on your invoices: street and number?"),
        v.short_text,
        stored_in=(Business, "street"),
    ),
    Field(
        "postcode", N_("Postcode"), N_("Postcode?"), v.postcode, stored_in=(Business, "postcode")
    ),
    Field("city", N_("City"), N_("City?"), v.short_text, stored_in=(Business, "city")),
    Field(
        "region",
        N_("Region"),
        N_("Region, province or state, if your address uses one?"),
        v.short_text,
        stored_in=(Business, "region"),
    ),
    Field(
        "tax_id",
        N_("Tax ID"),
        N_("Your VAT number or tax ID (NIF, RFC, CUI, TRN…)?"),
        v.business_tax_id,
        stored_in=(Business, "tax_id"),
    ),
    Field(
        "email",
        N_("Sender email"),
        N_("The email address your clients know you by?"),
        v.email,
        stored_in=(Business, "email"),
    ),
    Field(
        "bank_details",
        N_("Bank details"),
        N_("Bank details printed on your invoices (IBAN, bank name…)?"),
        p.bank_details,
        hint=N_("IBAN ES91 2100 0418 4502 0005 1332"),
    ),
    Field(
        "default_tax_rates",
        N_("Tax rates"),
        N_(
            "Which tax rates do you charge? The most used first, separated by commas. "
            "/skip: your country's usual rates."
        ),
        p.tax_rates,
        hint=N_("21, 10, 4, 0"),
        show=lambda _ctx, rates: ", ".join(f"{rate}%" for rate in rates),
        numeric=True,
    ),
)


class OnboardingFlow(FormFlow):
    name = "onboarding"
    title = N_("Welcome to Assent! Let's set up your business.")

    def __init__(self, open_registration: bool) -> None:
        self.open_registration = open_registration

    async def fields(self, ctx: Context) -> Sequence[Field]:
        return FIELDS

    async def start(
        self, ctx: Context, args: str, event: Event | None, carry: dict[str, Any]
    ) -> Outcome:
        if args:
            joined = await self._join(ctx, args)
            if joined is not None:
                return joined
        if self.open_registration or not await Business.exists():
            return await super().start(ctx, "", None, carry)
        text = ctx.t(
            "Welcome to Assent! To join your team's business, "
            "send the invite code an owner gave you."
        )
        return Outcome([Reply(text)], state={"step": CODE_STEP})

    async def handle(self, ctx: Context, state: dict[str, Any], event: Event) -> Outcome:
        if state.get("step") != CODE_STEP:
            return await super().handle(ctx, state, event)
        if event.kind == EventKind.TEXT and event.text:
            joined = await self._join(ctx, event.text)
            if joined is not None:
                return joined
            text = ctx.t("That code is not valid or was already used. Ask an owner for a new one.")
            return Outcome([Reply("⚠️ " + text)], state=state)
        return Outcome([Reply(ctx.t("Please send your invite code."))], state=state)

    def help(self, ctx: Context, state: dict[str, Any]) -> str:
        if state.get("step") == CODE_STEP:
            return ctx.t(
                "Assent is invite-only here. An owner types /invite and gives you the code."
            )
        return super().help(ctx, state)

    async def _join(self, ctx: Context, code: str) -> Outcome | None:
        business = await redeem_invite(ctx.user, code)
        if business is None:
            return None
        text = ctx.t("You joined {name}. Type /help to see what I can do.", name=business.name)
        return Outcome([Reply(text)])

    async def commit(self, ctx: Context, values: dict[str, Any], state: dict[str, Any]) -> Outcome:
        answers = {key: value for key, value in values.items() if value}
        answers.setdefault("timezone", default_zone(answers["country"]) or "UTC")
        business = await create_business(ctx.user, answers)
        text = ctx.t(
            "{name} is ready and you are its owner. Register your first client with /newclient.",
            name=business.name,
        )
        missing = still_missing(ctx, business)
        choices = [Choice(ctx.t("New client"), "go:new_client:")]
        if missing:
            text += "\n\n" + ctx.t("A legal invoice still needs:") + "\n" + "\n".join(missing)
            choices.append(Choice(ctx.t("Settings"), "go:settings:"))
        return Outcome([Reply(text, tuple(choices))])


def still_missing(ctx: Context, business: Business) -> list[str]:
    """What a legal invoice needs that setup left empty, each with where to set it."""
    details = ctx.t("/settings → Business details")
    invoicing = ctx.t("/settings → Invoicing")
    missing = []
    if not (business.street and business.city):
        missing.append((ctx.t("your address"), details))
    if not business.tax_id:
        missing.append((ctx.t("your tax ID"), details))
    if not business.bank_details:
        missing.append((ctx.t("your bank details (IBAN), so clients can pay"), invoicing))
    if not business.default_tax_rates and business.country not in RATES:
        missing.append((ctx.t("your tax rates"), invoicing))
    return [f"• {what} — {where}" for what, where in missing]
