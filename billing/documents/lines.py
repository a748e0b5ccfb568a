"""Reading a line typed in one go: `3 x Logo design @ 250 vat21`, `2h Consulting @ 80,50 -10%`.

Grammar (spaces optional around symbols): [QUANTITY [UNIT] x] DESCRIPTION @ PRICE [-DISCOUNT%]
[TAX] [CATEGORY], where TAX is `vat21`, `iva 21`, `tax 7.5`, `21%` or `0%` and CATEGORY one word
for a 0 % VAT category (UNCL5305), in English or Spanish:

    rc, reverse, isp, inversion   → AE reverse charge (inversión del sujeto pasivo)
    ic, intra                     → K  intra-EU supply (entrega intracomunitaria)
    export, exportacion           → G  export outside the EU
    exempt, exento, exenta        → E  exempt
    oos, ns, nosujeto             → O  out of scope (no sujeto)
    zero, cero                    → Z  zero rated

A category word means 0 %; with a rate above 0 the line is refused (billing.totals rule 8).
Without a tax the line takes the client's default category (reverse charge for an EU company
with a VAT ID of another member state, see billing.tax_categories), or the business's first
default rate; without a quantity, 1. Numbers follow the user's language (1.234,56 in Spanish)
through billing.money.parse_amount.
"""

from __future__ import annotations

import re
from decimal import Decimal

from billing.documents.drafts import DraftLine
from billing.errors import BillingError, InvalidAmount
from billing.money import parse_amount, parse_percent
from billing.tax_categories import STANDARD

LINE = re.compile(
    r"""^\s*
    (?:(?P<qty>[\d.,]+)\s*(?P<unit>[^\W\d_]{1,12})?\s*[x×*]\s+)?  # 3 x / 3h x / 2 hours x
    (?P<desc>.+?)\s*@\s*
    (?P<price>[^\s%]+)
    (?P<rest>.*)$""",
    re.VERBOSE | re.IGNORECASE,
)
DISCOUNT = re.compile(r"(?:^|\s)-\s*(?P<value>[\d.,]+)\s*%")
TAX = re.compile(
    r"(?:^|\s)(?:(?:vat|iva|tva|mwst|ust|iva|tax|gst|igv)\s*(?P<named>[\d.,]+)\s*%?|(?P<bare>[\d.,]+)\s*%)"
)


CATEGORY_WORDS = {
    **dict.fromkeys(("rc", "reverse", "isp", "inversion", "inversión"), "AE"),
    **dict.fromkeys(("ic", "intra"), "K"),
    **dict.fromkeys(("export", "exportacion", "exportación"), "G"),
    **dict.fromkeys(("exempt", "exento", "exenta"), "E"),
    **dict.fromkeys(("oos", "ns", "nosujeto"), "O"),
    **dict.fromkeys(("zero", "cero"), "Z"),
}
CATEGORY = re.compile(
    r"(?:^|\s)(?P<word>" + "|".join(sorted(CATEGORY_WORDS, key=len, reverse=True)) + r")(?=\s|$)",
    re.IGNORECASE,
)


class LineNotUnderstood(BillingError, ValueError):
    """A typed line lacks the `description @ price` core or has unreadable numbers."""

    key = "line_not_understood"


def parse_line(
    text: str, language: str, default_tax: Decimal, default_category: str = STANDARD
) -> DraftLine:
    """The typed line; `default_category` is the client's (a non-S one means 0 % by default)."""
    match = LINE.match(text)
    if match is None:
        raise LineNotUnderstood(text=text)
    rest = match["rest"]
    try:
        quantity = parse_amount(match["qty"], language) if match["qty"] else Decimal(1)
        price = parse_amount(match["price"], language)
        discount = Decimal(0)
        if found := DISCOUNT.search(rest):
            discount = parse_percent(found["value"])
            rest = rest[: found.start()] + rest[found.end() :]
        category: str | None = None
        if found := CATEGORY.search(rest):
            category = CATEGORY_WORDS[found["word"].lower()]
            rest = rest[: found.start()] + rest[found.end() :]
        tax = None
        if found := TAX.search(rest):
            tax = parse_percent(found["named"] or found["bare"])
            rest = rest[: found.start()] + rest[found.end() :]
    except InvalidAmount:
        raise LineNotUnderstood(text=text) from None
    if rest.strip():
        raise LineNotUnderstood(text=text)
    description = match["desc"].strip()
    if not description:
        raise LineNotUnderstood(text=text)
    if tax is None and category is None and default_category != STANDARD:
        category = default_category
    if tax is None:
        tax = Decimal(0) if category else default_tax
    return DraftLine(
        description=description,
        quantity=quantity,
        unit_price=price,
        unit=match["unit"] or "",
        discount_percent=discount,
        tax_rate=tax,
        tax_category=category,
    )
