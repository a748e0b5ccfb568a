"""Reading a line typed in one go: `3 x Logo design @ 250 vat21`, `2h Consulting @ 80,50 -10%`.

Grammar (spaces optional around symbols): [QUANTITY [UNIT] x] DESCRIPTION @ PRICE [-DISCOUNT%]
[TAX], where TAX is `vat21`, `iva 21`, `tax 7.5`, `21%` or `0%`. Without a tax the business's
first default rate applies; without a quantity, 1. Numbers follow the user's language (1.234,56
in Spanish) through billing.money.parse_amount.
"""

from __future__ import annotations

import re
from decimal import Decimal

from billing.documents.drafts import DraftLine
from billing.errors import BillingError, InvalidAmount
from billing.money import parse_amount, parse_percent

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


class LineNotUnderstood(BillingError, ValueError):
    """A typed line lacks the `description @ price` core or has unreadable numbers."""

    key = "line_not_understood"


def parse_line(text: str, language: str, default_tax: Decimal) -> DraftLine:
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
        tax = default_tax
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
    return DraftLine(
        description=description,
        quantity=quantity,
        unit_price=price,
        unit=match["unit"] or "",
        discount_percent=discount,
        tax_rate=tax,
    )
