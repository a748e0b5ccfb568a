"""A draft's lines while they are typed: kept in the dialog state as strings, shown with totals."""

from __future__ import annotations

from decimal import Decimal

from billing.documents.drafts import DraftLine
from billing.i18n import money, percent
from billing.totals import compute_totals
from flows.context import Context


def line_help(ctx: Context) -> str:
    return ctx.t(
        "Type a line like: 3 x Logo design @ 250 vat21\n"
        "(quantity x description @ unit price, then optional -10% discount and tax rate)."
    )


def totals_text(ctx: Context, stored_lines: list[dict[str, str]], currency: str) -> str:
    """Each line with its net, then net + tax = total: shown after every line typed."""
    if not stored_lines:
        return ""
    lines = [loaded(line) for line in stored_lines]
    totals = compute_totals([line.as_input() for line in lines], currency)
    cur, lang = currency, ctx.language
    rows = [
        f"{n}. {line.description} — {line.quantity} × {money(line.unit_price, cur, lang)}"
        + (f" −{percent(line.discount_percent, lang)}" if line.discount_percent else "")
        + f" = {money(result.net, cur, lang)} ({ctx.t('tax')} {percent(line.tax_rate, lang)})"
        for n, (line, result) in enumerate(zip(lines, totals.lines, strict=True), start=1)
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
    }


def loaded(line: dict[str, str]) -> DraftLine:
    return DraftLine(
        description=line["description"],
        quantity=Decimal(line["quantity"]),
        unit_price=Decimal(line["unit_price"]),
        unit=line["unit"],
        discount_percent=Decimal(line["discount_percent"]),
        tax_rate=Decimal(line["tax_rate"]),
    )
