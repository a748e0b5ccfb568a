"""Buttons offered by client questions, loaded per business where they depend on its data."""

from __future__ import annotations

from typing import Any

from babel import Locale

from billing.i18n import country_name
from flows.context import Context
from flows.flow import N_
from flows.replies import Choice
from flows.validators import DOCUMENT_LANGUAGES
from models import Category

COMMON_CURRENCIES = ("EUR", "USD", "GBP", "MXN")
PAYMENT_METHODS = (N_("Bank transfer"), N_("Card"), N_("Cash"), N_("Direct debit"), "PayPal")


async def kind_choices(ctx: Context, _values: dict[str, Any]) -> list[Choice]:
    return [Choice(ctx.t("Person"), "person"), Choice(ctx.t("Company"), "company")]


async def currency_choices(ctx: Context, _values: dict[str, Any]) -> list[Choice]:
    business = ctx.require_business()
    codes = [business.currency, *(c for c in COMMON_CURRENCIES if c != business.currency)]
    return [Choice(code, code) for code in codes]


def show_country(ctx: Context, code: str) -> str:
    """ES on the summary card reads "Spain" (or "España")."""
    return country_name(code, ctx.language)


def show_language(ctx: Context, code: str) -> str:
    return Locale.parse(code).get_display_name(ctx.language).capitalize()


async def language_choices(ctx: Context, _values: dict[str, Any]) -> list[Choice]:
    return [Choice(show_language(ctx, code), code) for code in DOCUMENT_LANGUAGES]


async def payment_choices(ctx: Context, _values: dict[str, Any]) -> list[Choice]:
    """The method is stored as its English name, so the card reads it in each reader's language."""
    return [Choice(ctx.t(method), method) for method in PAYMENT_METHODS]


def show_payment_method(ctx: Context, value: str) -> str:
    """A known method in the reader's language; one the owner typed, as typed."""
    return ctx.t(value) if value in PAYMENT_METHODS else value


async def category_choices(ctx: Context, values: dict[str, Any]) -> list[Choice]:
    """Existing categories plus any new names typed in this dialog, so they can be unselected."""
    names = (
        await Category.filter(business=ctx.require_business())
        .order_by("name")
        .values_list("name", flat=True)
    )
    typed = [name for name in values.get("categories") or [] if name not in names]
    return [Choice(name, name) for name in [*names, *typed]]
