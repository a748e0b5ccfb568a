"""The questions that set a business's and a client's VAT category and withholding defaults.

Shared by the business settings (Invoicing) and the client edit form, so both offer the same
categories in the same words. Stored values: a UNCL5305 code or "" (follow the rules); for a
client's withholding "yes", "no" or "" (the rule: companies only).
"""

from __future__ import annotations

from typing import Any

from billing.businesses.settings import parse_withholdings
from billing.errors import BillingError
from billing.tax_categories import CATEGORIES
from flows.context import Context
from flows.fields import Field
from flows.flow import N_
from flows.refusals import refusal
from flows.replies import Choice

CATEGORY_LABELS = {
    "": N_("By the rules (reverse charge for EU companies abroad)"),
    "S": N_("Standard VAT"),
    "Z": N_("Zero rated"),
    "E": N_("Exempt"),
    "AE": N_("Reverse charge"),
    "K": N_("Intra-EU supply"),
    "G": N_("Export"),
    "O": N_("Out of scope"),
}
WITHHOLDING_LABELS = {
    "": N_("By the rule (companies only)"),
    "yes": N_("Always"),
    "no": N_("Never"),
}


async def _categories(ctx: Context, _values: dict[str, Any]) -> list[Choice]:
    return [Choice(ctx.t(CATEGORY_LABELS[code]), code or "-") for code in ("", *CATEGORIES)]


async def _business_categories(ctx: Context, _values: dict[str, Any]) -> list[Choice]:
    return [Choice(ctx.t(CATEGORY_LABELS[code]), code) for code in CATEGORIES]


async def _withholding_choices(ctx: Context, _values: dict[str, Any]) -> list[Choice]:
    return [Choice(ctx.t(label), value or "-") for value, label in WITHHOLDING_LABELS.items()]


def _show_category(ctx: Context, value: str) -> str:
    return ctx.t(CATEGORY_LABELS.get(value if value != "-" else "", CATEGORY_LABELS[""]))


def _show_withholding(ctx: Context, value: str) -> str:
    return ctx.t(WITHHOLDING_LABELS.get(value if value != "-" else "", WITHHOLDING_LABELS[""]))


def _buttons(name: str, label: str, prompt: str, choices: Any, show: Any) -> Field:
    """A question answered with buttons only."""
    return Field(name, label, prompt, choices=choices, free_text=False, show=show)


def client_tax_fields() -> tuple[Field, ...]:
    return (
        _buttons(
            "tax_category",
            N_("VAT treatment"),
            N_("How is VAT charged to this client by default?"),
            _categories,
            _show_category,
        ),
        _buttons(
            "withholding",
            N_("Withholding (IRPF/ISR)"),
            N_("Does this client withhold your withholding taxes (IRPF, ISR…)?"),
            _withholding_choices,
            _show_withholding,
        ),
    )


def client_tax_values(client: Any) -> dict[str, str]:
    """The client's columns as the form keeps them."""
    withholding = "" if client.withholding is None else ("yes" if client.withholding else "no")
    return {"tax_category": client.tax_category or "-", "withholding": withholding or "-"}


def client_tax_changes(values: dict[str, Any]) -> dict[str, Any]:
    """The form's answers as client columns."""
    category = values.get("tax_category") or "-"
    withholding = values.get("withholding") or "-"
    return {
        "tax_category": "" if category == "-" else category,
        "withholding": None if withholding == "-" else withholding == "yes",
    }


def withholdings(_ctx: Context, text: str) -> list[dict[str, str]]:
    try:
        return parse_withholdings(text)
    except BillingError as error:
        raise refusal(error) from None


def show_withholdings(ctx: Context, value: list[dict[str, str]]) -> str:
    if not value:
        return ctx.t("None")
    return ", ".join(f"{entry['label']} {entry['rate']}%" for entry in value)


def business_tax_fields() -> tuple[Field, ...]:
    return (
        _buttons(
            "default_tax_category",
            N_("VAT treatment"),
            N_("How do you charge VAT by default?"),
            _business_categories,
            _show_category,
        ),
        Field(
            "withholdings",
            N_("Withholding taxes"),
            N_(
                "Which taxes do your company clients withhold from your invoices? Name and "
                "rate, separated by a semicolon; type none for none."
            ),
            withholdings,
            hint=N_("IRPF 15; or ISR 10; IVA 10.6667"),
            show=show_withholdings,
        ),
    )
