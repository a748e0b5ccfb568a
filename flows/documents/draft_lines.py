"""A draft's lines while they are typed: kept in the dialog state as strings, shown with totals."""

from __future__ import annotations

from decimal import Decimal

from billing.documents.drafts import DraftLine
from billing.i18n import money, percent, precise_number
from billing.tax_categories import STANDARD, suggested_category
from billing.totals import compute_totals
from flows.context import Context
from flows.flow import N_
from models import Business, Client, ClientKind

CATEGORY_NAMES = {
    "Z": N_("zero rated"),
    "E": N_("exempt"),
    "AE": N_("reverse charge"),
    "K": N_("intra-EU supply"),
    "G": N_("export"),
    "O": N_("out of scope"),
}


def line_help(ctx: Context) -> str:
    return ctx.t(
        "Type a line like: 3 x Logo design @ 250 vat21\n"
        "(quantity x description @ unit price, then optional -10% discount and tax rate).\n"
        "No VAT? Add rc (reverse charge), ic (intra-EU supply), export, exempt or oos "
        "(out of scope)."
    )


def client_category(business: Business, client: Client) -> str:
    """The category this client's lines get unless the owner types a rate or another one."""
    return suggested_category(
        seller_country=business.country,
        buyer_tax_id=client.tax_id,
        buyer_is_company=client.kind == ClientKind.COMPANY,
        configured=client.tax_category,
        business_default=business.default_tax_category,
    )


def category_notice(ctx: Context, category: str) -> str:
    """Said when the client is chosen, so a 0 % default never goes unnoticed."""
    if category == STANDARD:
        return ""
    return ctx.t(
        "Lines are {category} (0% VAT) for this client unless you type a rate, like vat21.",
        category=ctx.t(CATEGORY_NAMES[category]),
    )


def tax_text(ctx: Context, rate: Decimal, category: str) -> str:
    """"tax 21%", or "tax 0% reverse charge" when a 0 % line has a category to say why."""
    shown = f"{ctx.t('tax')} {percent(rate, ctx.language)}"
    return f"{shown} {ctx.t(CATEGORY_NAMES[category])}" if category in CATEGORY_NAMES else shown


def totals_text(ctx: Context, stored_lines: list[dict[str, str]], currency: str) -> str:
    """Each line with its net, then net + tax = total: shown after every line typed."""
    if not stored_lines:
        return ""
    inputs = [loaded(line).as_input() for line in stored_lines]
    lines = [loaded(line) for line in stored_lines]
    totals = compute_totals(inputs, currency, allow_negative=True)
    cur, lang = currency, ctx.language
    rows = [
        f"{n}. {line.description} — {precise_number(line.quantity, lang)} × "
        + money(line.unit_price, cur, lang)
        + (f" −{percent(line.discount_percent, lang)}" if line.discount_percent else "")
        + f" = {money(result.net, cur, lang)} ({tax_text(ctx, line.tax_rate, checked.category)})"
        for n, (line, checked, result) in enumerate(
            zip(lines, inputs, totals.lines, strict=True), start=1
        )
    ]
    rows.append(
        ctx.t(
            "Net {net} + tax {tax} = total {total}",
            net=money(totals.net, cur, lang),
            tax=money(totals.tax, cur, lang),
            total=money(totals.total, cur, lang),
        )
    )
    return "\n".join(rows)


def stored(line: DraftLine) -> dict[str, str]:
    return {
        "description": line.description,
        "quantity": str(line.quantity),
        "unit": line.unit,
        "unit_price": str(line.unit_price),
        "discount_percent": str(line.discount_percent),
        "tax_rate": str(line.tax_rate),
        "tax_category": line.tax_category or "",
    }


def loaded(line: dict[str, str]) -> DraftLine:
    return DraftLine(
        description=line["description"],
        quantity=Decimal(line["quantity"]),
        unit_price=Decimal(line["unit_price"]),
        unit=line["unit"],
        discount_percent=Decimal(line["discount_percent"]),
        tax_rate=Decimal(line["tax_rate"]),
        tax_category=line.get("tax_category") or None,
    )
