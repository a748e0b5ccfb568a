"""Creating and editing drafts: the only documents whose lines and amounts may change."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from billing.documents.errors import DocumentLocked, DocumentNotFound
from billing.totals import LineInput, check_storable, compute_totals
from billing.withholding import withholding_rates
from models import Business, Client, Document, DocumentKind, DocumentLine, DocumentStatus, User


@dataclass(frozen=True)
class DraftLine:
    """A line as entered: the totals module checks the numbers, this adds the words."""

    description: str
    quantity: Decimal
    unit_price: Decimal
    unit: str = ""
    discount_percent: Decimal = Decimal(0)
    tax_rate: Decimal = Decimal(0)
    # UNCL5305; None lets billing.totals decide from the rate (S above 0 %, Z at 0 %).
    tax_category: str | None = None

    def as_input(self) -> LineInput:
        """The numbers, checked as storable: every saved line passes here."""
        return check_storable(
            LineInput(
                self.quantity,
                self.unit_price,
                self.discount_percent,
                self.tax_rate,
                self.tax_category,
            )
        )


async def get_document(business: Business, document_id: int) -> Document:
    """The tenant check every action starts with: another business's id is simply not found."""
    document = await Document.get_or_none(id=document_id, business=business)
    if document is None:
        raise DocumentNotFound(document_id=document_id)
    return document


async def create_draft(
    business: Business,
    client: Client,
    kind: DocumentKind,
    lines: Sequence[DraftLine],
    *,
    user: User | None = None,
    notes: str = "",
    terms: str = "",
    due_date: date | None = None,
    valid_until: date | None = None,
    supply_date: date | None = None,
    supply_end_date: date | None = None,
    client_reference: str = "",
) -> Document:
    if client.business_id != business.id:
        raise DocumentNotFound(client_id=client.id)
    async with in_transaction() as connection:
        document = Document(  # inserted by write_lines, with its totals
            business=business,
            client=client,
            kind=kind,
            currency=client.currency or business.currency,
            language=client.language or business.language,
            notes=notes,
            terms=terms,
            client_reference=client_reference,
            due_date=due_date,
            valid_until=valid_until,
            supply_date=supply_date,
            supply_end_date=supply_end_date,
            created_by=user,
        )
        await write_lines(document, lines, connection)
    return document


async def replace_lines(
    business: Business,
    document_id: int,
    lines: Sequence[DraftLine],
    *,
    notes: str | None = None,
    due_date: date | None = None,
    valid_until: date | None = None,
    supply: tuple[date | None, date | None] | None = None,
    client_reference: str | None = None,
) -> Document:
    """Swap a draft's lines (and notes/dates/reference when given) and recompute its totals.

    `supply` is (date, end of period) when given; (None, None) means the issue date.
    """
    async with in_transaction() as connection:
        document = await locked_draft(business, document_id, connection)
        await DocumentLine.filter(document=document).using_db(connection).delete()
        if notes is not None:
            document.notes = notes
        document.due_date = due_date or document.due_date
        document.valid_until = valid_until or document.valid_until
        if supply is not None:
            document.supply_date, document.supply_end_date = supply
        if client_reference is not None:
            document.client_reference = client_reference
        await document.save(
            using_db=connection,
            update_fields=[
                *("notes", "due_date", "valid_until", "supply_date", "supply_end_date"),
                "client_reference",
            ],
        )
        await write_lines(document, lines, connection)
    return document


async def draft_lines_of(
    document: Document | int, *, sign: int = 1, connection: BaseDBAsyncClient | None = None
) -> list[DraftLine]:
    """A document's (or document id's) lines as editable draft lines; sign=-1 negates them for
    a credit note."""
    document_id = document if isinstance(document, int) else document.id
    query = DocumentLine.filter(document_id=document_id).order_by("position")
    return [
        DraftLine(
            line.description,
            line.quantity * sign,
            line.unit_price,
            line.unit,
            line.discount_percent,
            line.tax_rate,
            line.tax_category,
        )
        for line in await (query.using_db(connection) if connection else query)
    ]


async def duplicate(business: Business, document_id: int, *, user: User | None = None) -> Document:
    """A new draft of the same kind for the same client with the same lines and notes."""
    source = await get_document(business, document_id)
    client = await Client.get(id=source.client_id, business=business)
    lines = await draft_lines_of(source)
    return await create_draft(
        business, client, source.kind, lines, user=user, notes=source.notes, terms=source.terms
    )


async def locked_draft(
    business: Business, document_id: int, connection: BaseDBAsyncClient
) -> Document:
    """The draft, row-locked for the caller's transaction; anything issued is refused."""
    document = (
        await Document.filter(id=document_id, business=business)
        .using_db(connection)
        .select_for_update()
        .first()
    )
    if document is None:
        raise DocumentNotFound(document_id=document_id)
    if document.status != DocumentStatus.DRAFT:
        raise DocumentLocked(number=document.number, status=document.status.value)
    return document


async def write_lines(
    document: Document, lines: Sequence[DraftLine], connection: BaseDBAsyncClient, *,
    parties: tuple[Business, Client] | None = None,
) -> None:
    """Store the lines (one INSERT) and the totals they make; a document not saved yet is
    inserted with its totals (one statement fewer). `parties` is the document's business and
    client when the caller has them already (they decide the withholdings)."""
    inputs = [line.as_input() for line in lines]
    if parties is None:
        business = await Business.get(id=document.business_id).using_db(connection)
        client = await Client.get(id=document.client_id).using_db(connection)
    else:
        business, client = parties
    withholding = (
        [] if document.kind == DocumentKind.PROPOSAL else withholding_rates(business, client)
    )
    totals = compute_totals(
        inputs,
        document.currency,
        allow_negative=document.kind == DocumentKind.CREDIT_NOTE,
        withholding_rates=withholding,
    )
    document.net, document.tax, document.total = totals.net, totals.tax, totals.total
    document.tax_breakdown = [
        {"category": t.category, "rate": str(t.rate), "taxable": str(t.taxable), "tax": str(t.tax)}
        for t in totals.taxes
    ]
    document.withholdings = [
        {"label": w.label, "rate": str(w.rate), "base": str(w.base), "amount": str(w.amount)}
        for w in totals.withholdings
    ]
    document.withheld = totals.withheld
    if document._saved_in_db:
        await document.save(using_db=connection, update_fields=[
            "net", "tax", "total", "tax_breakdown", "withholdings", "withheld", "updated_at"
        ])
    else:
        await document.save(using_db=connection, force_create=True)
    rows = zip(lines, inputs, totals.lines, strict=True)
    await DocumentLine.bulk_create(
        [
            DocumentLine(
                business_id=document.business_id,
                document=document,
                position=position,
                description=line.description,
                quantity=line.quantity,
                unit=line.unit,
                unit_price=line.unit_price,
                discount_percent=line.discount_percent,
                tax_rate=line.tax_rate,
                tax_category=checked.category,
                net=result.net,
            )
            for position, (line, checked, result) in enumerate(rows, start=1)
        ],
        using_db=connection,
    )
