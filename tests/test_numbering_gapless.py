"""Issued numbers have no gaps and no repeats, under concurrency and after failures."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest
from tortoise.transactions import in_transaction

from billing.documents.drafts import replace_lines
from billing.documents.errors import DocumentLocked, EmptyDocument, InvalidNumberFormat
from billing.documents.issue import issue
from billing.numbering import format_number, prepare_sequence, take_number, validate_format
from models import Document, DocumentKind, DocumentStatus, Sequence
from tests.factories import make_business, make_client, make_draft


def test_format_number_pads_and_fills_year() -> None:
    assert format_number("INV-{year}-{seq:04}", on_date=date(2026, 3, 1), seq=7) == "INV-2026-0007"
    assert format_number("{year}/{month}/{seq}", on_date=date(2026, 3, 1), seq=12) == "2026/03/12"


@pytest.mark.parametrize("fmt", ["INV-{year}", "INV-{seq:04}-{client}", "INV-{seq:zz}", "INV-{"])
def test_bad_formats_are_refused(fmt: str) -> None:
    with pytest.raises(InvalidNumberFormat):
        validate_format(fmt)


async def test_drafts_have_no_number_and_issue_takes_the_next(db: str) -> None:
    business = await make_business()
    client = await make_client(business)
    first, second = await make_draft(business, client), await make_draft(business, client)
    assert first.number is None
    issued = await issue(business, second.id, on_date=date(2026, 5, 4))
    assert issued.number == "INV-2026-0001"
    assert issued.status == DocumentStatus.ISSUED
    assert issued.due_date == date(2026, 6, 3)
    assert issued.client_snapshot["name"] == "Jane Doe"
    assert (await issue(business, first.id, on_date=date(2026, 5, 4))).number == "INV-2026-0002"


async def test_series_are_separate_per_kind_and_business_and_reset_yearly(db: str) -> None:
    acme, other = await make_business(), await make_business("Other Ltd")
    acme_client, other_client = await make_client(acme), await make_client(other)
    proposal = await make_draft(acme, acme_client, DocumentKind.PROPOSAL)
    assert (await issue(acme, proposal.id, on_date=date(2026, 1, 2))).number == "P-2026-0001"
    invoice = await make_draft(acme, acme_client)
    assert (await issue(acme, invoice.id, on_date=date(2026, 12, 31))).number == "INV-2026-0001"
    next_year = await make_draft(acme, acme_client)
    assert (await issue(acme, next_year.id, on_date=date(2027, 1, 1))).number == "INV-2027-0001"
    foreign = await make_draft(other, other_client)
    assert (await issue(other, foreign.id, on_date=date(2026, 12, 31))).number == "INV-2026-0001"


async def test_a_rolled_back_issue_consumes_no_number(db: str) -> None:
    business = await make_business()
    client = await make_client(business)
    on = date(2026, 2, 2)
    await prepare_sequence(business, DocumentKind.INVOICE, on)
    with pytest.raises(RuntimeError):
        async with in_transaction() as connection:
            number, _ = await take_number(business, DocumentKind.INVOICE, on, connection)
            assert number == "INV-2026-0001"
            raise RuntimeError("crash after taking the number")
    empty = await Document.create(business=business, client=client, kind="invoice", currency="EUR")
    with pytest.raises(EmptyDocument):
        await issue(business, empty.id, on_date=on)
    draft = await make_draft(business, client)
    assert (await issue(business, draft.id, on_date=on)).number == "INV-2026-0001"
    assert (await Sequence.get(business=business, series="invoice")).next_value == 2


async def test_issued_documents_are_immutable(db: str) -> None:
    business = await make_business()
    client = await make_client(business)
    draft = await make_draft(business, client)
    await issue(business, draft.id)
    with pytest.raises(DocumentLocked):
        await replace_lines(business, draft.id, [])
    with pytest.raises(DocumentLocked):
        await issue(business, draft.id)


@pytest.mark.parametrize("db_url", ["postgres"], indirect=True)
async def test_two_hundred_concurrent_issues_on_postgres_are_gapless(db: str) -> None:
    business = await make_business()
    client = await make_client(business)
    drafts = [await make_draft(business, client) for _ in range(200)]
    on = date(2026, 7, 1)
    results = await asyncio.gather(*(issue(business, d.id, on_date=on) for d in drafts))
    values = sorted(d.sequence_value for d in results)
    assert values == list(range(1, 201))
    numbers = {d.number for d in results}
    assert len(numbers) == 200
    stored = await Document.filter(business=business).values_list("sequence_value", flat=True)
    assert sorted(stored) == list(range(1, 201))
