"""The business's own client questions as form fields, each read by its type."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from datetime import date
from typing import Any

from babel.dates import parse_date

from billing.clients.custom_fields import list_custom_fields
from billing.errors import InvalidAmount
from billing.money import parse_amount
from flows import validators as v
from flows.context import Context
from flows.errors import Invalid
from flows.fields import Field
from flows.flow import N_
from flows.replies import Choice
from models import Business, CustomField, CustomFieldType


def number(ctx: Context, text: str) -> str:
    """Typed as the user writes numbers (1.234,5 in Spanish); kept as a plain decimal."""
    try:
        return f"{parse_amount(text, ctx.language):f}"
    except InvalidAmount:
        raise Invalid(N_("That is not a number I can read.")) from None


def a_date(ctx: Context, text: str) -> str:
    """2026-12-31, or the user's own short form (31/12/2026 in Spanish); kept as 2026-12-31."""
    value = text.strip()
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    try:
        return parse_date(value, locale=ctx.language, format="short").isoformat()
    except (ValueError, IndexError):
        raise Invalid(N_("I couldn't read that date. Try it like 2026-12-31.")) from None


def _options(choices: Sequence[str]) -> Callable[[Context, Any], Awaitable[list[Choice]]]:
    async def offered(_ctx: Context, _values: Any) -> list[Choice]:
        return [Choice(option, option) for option in choices]

    return offered


PARSERS = {CustomFieldType.NUMBER: number, CustomFieldType.DATE: a_date}


def as_field(row: CustomField) -> Field:
    key = f"cf:{row.id}"
    if row.field_type == CustomFieldType.CHOICE:
        options = _options(row.choices)
        return Field(
            key, row.name, row.name, required=row.required, choices=options, free_text=False
        )
    parse = PARSERS.get(row.field_type, v.short_text)
    numeric = row.field_type == CustomFieldType.NUMBER
    return Field(key, row.name, row.name, parse, required=row.required, numeric=numeric)


class KeptFields:
    """Each business's custom fields as this process last read them, with the stamp they were
    read under (models/business.py). A step reads the business's current stamp anyway (the
    engine's first statement), so a list kept under another stamp is never used: a field added
    or deleted in any process, committed before this step began, is asked by it. A business
    without fields costs no query at all. At most `size` businesses are kept, the least
    recently asked going first."""

    def __init__(self, size: int = 1024) -> None:
        self.size = size
        self._kept: OrderedDict[int, tuple[str, tuple[Field, ...]]] = OrderedDict()

    async def fields(self, business: Business) -> tuple[Field, ...]:
        if not business.custom_fields_stamp:  # it has none
            return ()
        kept = self._kept.get(business.id)
        if kept is not None and kept[0] == business.custom_fields_stamp:
            self._kept.move_to_end(business.id)
            return kept[1]
        fields = tuple(as_field(row) for row in await list_custom_fields(business))
        self._kept[business.id] = (business.custom_fields_stamp, fields)
        self._kept.move_to_end(business.id)
        while len(self._kept) > self.size:
            self._kept.popitem(last=False)
        return fields


KEPT = KeptFields()


async def custom_fields(ctx: Context) -> list[Field]:
    """The business's own questions, asked after the built-in ones."""
    return list(await KEPT.fields(ctx.require_business()))
