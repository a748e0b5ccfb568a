"""Reading settings an owner types: day counts, tax rates, number formats, bank details, colours.

The rules live in billing (billing.businesses.settings, billing.clients.custom_fields) so that
the chat and any other caller refuse the same values; here a refusal becomes the sentence the
owner reads and the question is asked again.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from stdnum import iban
from stdnum.exceptions import ValidationError

from billing.businesses.settings import (
    check_days,
    check_number_format,
    parse_brand_colour,
    parse_tax_rates,
)
from billing.clients.custom_fields import parse_choices
from billing.errors import BillingError
from flows import validators as v
from flows.context import Context
from flows.errors import Invalid
from flows.flow import N_
from flows.ids import parse_count
from flows.refusals import refusal

_IBAN_SHAPE = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}")
_IBAN_LABEL = re.compile(r"(\s*IBAN\s*:?\s*)?(.*)", re.IGNORECASE | re.DOTALL)


def days(_ctx: Context, text: str) -> int:
    value = text.strip()
    try:
        count = parse_count(value)
        return check_days("days", -1 if count is None else count)
    except BillingError as error:
        raise refusal(error) from None


def tax_rates(_ctx: Context, text: str) -> list[str]:
    try:
        return parse_tax_rates(text)
    except BillingError as error:
        raise refusal(error) from None


def brand_colour(_ctx: Context, text: str) -> str:
    try:
        return parse_brand_colour(text)
    except BillingError as error:
        raise refusal(error) from None


def number_format(field: str) -> Callable[[Context, str], str]:
    """A parser for one document kind's format, judged with the restart rule being answered."""

    def parse(ctx: Context, text: str) -> str:
        yearly = ctx.answers.get("numbering_reset_yearly", "yes") == "yes"
        try:
            return check_number_format(field, text, yearly=yearly)
        except BillingError as error:
            raise refusal(error) from None

    return parse


def choices(_ctx: Context, text: str) -> list[str]:
    try:
        return parse_choices(text)
    except BillingError as error:
        raise refusal(error) from None


def bank_details(ctx: Context, text: str) -> str:
    """Free text (bank name, BIC, IBAN…); a line that looks like an IBAN must be a valid one.

    A valid IBAN is stored in its printed form, in groups of four.
    """
    lines = []
    for line in v.long_text(ctx, text).splitlines():
        match = _IBAN_LABEL.fullmatch(line)
        label, candidate = (match.group(1) or "", match.group(2)) if match else ("", line)
        compact = re.sub(r"[\s.\-]", "", candidate).upper()
        if _IBAN_SHAPE.fullmatch(compact):
            try:
                line = label + iban.format(iban.validate(compact))
            except ValidationError:
                text = N_("That IBAN is not valid: check its digits. Other details are free text.")
                raise Invalid(text) from None
        lines.append(line)
    return "\n".join(lines)
