"""Gapless document numbers, taken only inside the transaction that issues the document.

Tax rules in most countries want invoice numbers without gaps or repeats. So a draft has no
number; `take_number` runs in the issuing transaction, locks the Sequence row (SELECT … FOR
UPDATE on PostgreSQL; on SQLite the single writer serializes transactions), and increments it.
If the transaction rolls back, the increment rolls back with it and no number is lost.
"""

from __future__ import annotations

import string
from datetime import date

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from billing.documents.errors import InvalidNumberFormat
from models import Business, DocumentKind, Sequence

PLACEHOLDERS = {"year", "month", "seq"}


def validate_format(fmt: str) -> None:
    """Refuse formats that could repeat a number: {seq} is mandatory, unknown fields are typos."""
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(fmt) if name is not None}
        format_number(fmt, on_date=date(2000, 1, 1), seq=1)
    except (ValueError, KeyError, IndexError):
        raise InvalidNumberFormat(fmt=fmt) from None
    if "seq" not in fields or not fields <= PLACEHOLDERS:
        raise InvalidNumberFormat(fmt=fmt)


def format_number(fmt: str, *, on_date: date, seq: int) -> str:
    return fmt.format(year=on_date.year, month=f"{on_date.month:02d}", seq=seq)


SIMPLIFIED_SERIES = "invoice_simplified"


def series_of(kind: DocumentKind, *, simplified: bool = False) -> str:
    """Simplified invoices count in their own series (Spain: RD 1619/2012 art. 14)."""
    return SIMPLIFIED_SERIES if simplified and kind == DocumentKind.INVOICE else kind.value


def number_format(business: Business, kind: DocumentKind, *, simplified: bool = False) -> str:
    if series_of(kind, simplified=simplified) == SIMPLIFIED_SERIES:
        return business.simplified_number_format
    return {
        DocumentKind.INVOICE: business.invoice_number_format,
        DocumentKind.PROPOSAL: business.proposal_number_format,
        DocumentKind.CREDIT_NOTE: business.credit_note_number_format,
    }[kind]


def period_for(business: Business, on_date: date) -> str:
    return str(on_date.year) if business.numbering_reset_yearly else "all"


async def _ensure_row(business: Business, series: str, period: str) -> None:
    """Create the counter outside the issuing transaction: two first issues must not collide."""
    if await Sequence.filter(business=business, series=series, period=period).exists():
        return
    try:
        async with in_transaction():
            await Sequence.create(business=business, series=series, period=period, next_value=1)
    except IntegrityError:
        pass  # a concurrent issue created it first; that row is the one to lock


async def prepare_sequence(
    business: Business, kind: DocumentKind, on_date: date, *, simplified: bool = False
) -> None:
    series = series_of(kind, simplified=simplified)
    await _ensure_row(business, series, period_for(business, on_date))


async def take_number(
    business: Business,
    kind: DocumentKind,
    on_date: date,
    connection: BaseDBAsyncClient,
    *,
    simplified: bool = False,
) -> tuple[str, int]:
    """Next number of the series; call `prepare_sequence` before opening `connection`."""
    period = period_for(business, on_date)
    series = series_of(kind, simplified=simplified)
    row = (
        await Sequence.filter(business=business, series=series, period=period)
        .using_db(connection)
        .select_for_update()
        .get()
    )
    value = row.next_value
    row.next_value = value + 1
    await row.save(using_db=connection, update_fields=["next_value"])
    fmt = number_format(business, kind, simplified=simplified)
    return format_number(fmt, on_date=on_date, seq=value), value
