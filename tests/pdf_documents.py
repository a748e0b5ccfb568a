"""Documents made through the real verbs on a real database, for the PDF tests to read back.

A business is set up (create_business, update_business, set_logo), clients registered
(register_client), drafts written (create_draft), proposals accepted (accept_proposal), invoices
issued (issue), paid (record_payment) and credited (draft_credit_note). What the tests render is
billing's own `document_view` of those rows: nothing here computes an amount or a label.

`issued(build, template)` runs an async `build(shop)` on a copy of the migrated SQLite template
in its own event loop and returns what it returns, so module-scoped fixtures can share the
documents (plain frozen views and PDF bytes) across the tests of a module.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from assent.db import close_database, open_database
from billing.businesses.logo import set_logo
from billing.businesses.settings import update_business
from billing.businesses.setup import create_business
from billing.clients.register import register_client
from billing.documents.convert import Evidence, accept_proposal
from billing.documents.credit import draft_credit_note
from billing.documents.drafts import DraftLine, create_draft, replace_lines
from billing.documents.issue import issue
from billing.documents.issued_file import document_pdf
from billing.documents.payments import record_payment
from billing.documents.view import document_view
from billing.pdf.view import DocumentView
from models import AcceptanceMethod, Business, Client, Document, DocumentKind, User

T = TypeVar("T")
ISSUE_DAY = date(2026, 3, 5)
ACCEPTED_AT = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)
SELLER = {
    "name": "Lumen Studio",
    "legal_name": "Lumen Studio S.L.",
    "street": "Calle de Alcalá 42, 3º",
    "postcode": "28014",
    "city": "Madrid",
    "country": "ES",
    "tax_id": "B12345674",
    "email": "billing@lumen.example",
    "phone": "+34 910 000 000",
    "currency": "EUR",
    "language": "en",
}
SETTINGS = {
    "bank_details": "IBAN ES91 2100 0418 4502 0005 1332\nBIC CAIXESBBXXX\nCaixaBank",
    "payment_terms_days": 30,
}
BUYER = {
    "display_name": "Acme Widgets GmbH",
    "email": "ap@acme.example",
    "billing_street": "Friedrichstraße 10",
    "billing_postcode": "10117",
    "billing_city": "Berlin",
    "billing_country": "DE",
    "tax_id": "DE136695976",
}
# What the owner types for a typical invoice: a discount and two tax rates.
LINES = tuple(
    DraftLine(text, Decimal(quantity), Decimal(price), unit, Decimal(discount), Decimal(rate))
    for text, quantity, price, unit, discount, rate in (
        ("Brand identity workshop", "1", "1234.56", "day", "0", "21"),
        ("Website design and build", "12.5", "80.00", "h", "10", "21"),
        ("Printed brochures, A5, two-sided", "500", "0.0125", "pcs", "0", "10"),
    )
)


@dataclass
class Shop:
    """One business with its owner, issuing documents the way the chat's verbs do."""

    business: Business
    owner: User

    @classmethod
    async def open(cls, **details: Any) -> Shop:
        owner = await User.create(name="Olivia Owner", console_name="olivia")
        business = await create_business(owner, {**SELLER, **details})
        await update_business(business, SETTINGS, owner)
        return cls(business, owner)

    async def setting(self, **changes: Any) -> None:
        await update_business(self.business, changes, self.owner)

    async def logo(self, data: bytes) -> None:
        await set_logo(self.business, data, "logo.png", self.owner)

    async def client(self, language: str = "en", **fields: Any) -> Client:
        return await register_client(
            self.business, {**BUYER, "language": language, **fields}, user=self.owner
        )

    async def draft(
        self,
        client: Client,
        lines: Sequence[DraftLine] = LINES,
        kind: DocumentKind = DocumentKind.INVOICE,
        **options: Any,
    ) -> Document:
        return await create_draft(self.business, client, kind, lines, user=self.owner, **options)

    async def issue(self, document: Document) -> Document:
        return await issue(self.business, document.id, user=self.owner, on_date=ISSUE_DAY)

    async def invoice(self, client: Client, lines: Sequence[DraftLine] = LINES, **options: Any):
        """An issued invoice, supplied a week before its issue unless the options say otherwise."""
        options.setdefault("supply_date", date(2026, 2, 27))
        return await self.issue(await self.draft(client, lines, **options))

    async def accepted_proposal(self, client: Client, **options: Any) -> tuple[Document, Document]:
        """An issued proposal accepted by email, and the invoice issued from it."""
        proposal = await self.issue(await self.draft(client, kind=DocumentKind.PROPOSAL, **options))
        evidence = Evidence(
            AcceptanceMethod.EMAIL_REPLY, signer_name="Jane Doe", accepted_at=ACCEPTED_AT
        )
        conversion = await accept_proposal(self.business, proposal.id, evidence)
        draft = await replace_lines(
            self.business, conversion.invoice.id, LINES, supply=(date(2026, 2, 27), None)
        )
        return proposal, await self.issue(draft)

    async def pay(self, invoice: Document, amount: str) -> None:
        await record_payment(
            self.business, invoice.id, Decimal(amount), paid_on=ISSUE_DAY, user=self.owner
        )

    async def credit(self, invoice: Document) -> Document:
        return await self.issue(await draft_credit_note(self.business, invoice.id, user=self.owner))


async def view_of(document: Document) -> DocumentView:
    return await document_view(await Document.get(id=document.id))


async def pdf_of(document: Document) -> bytes:
    return await document_pdf(await Document.get(id=document.id))


def issued(build: Callable[[Shop], Awaitable[T]], template: Path, **details: Any) -> T:
    """What `build` returns, run against a fresh migrated database in its own event loop."""

    async def run(url: str) -> T:
        await open_database(url)
        try:
            return await build(await Shop.open(**details))
        finally:
            await close_database()

    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "pdf.sqlite3"
        shutil.copyfile(template, target)
        return asyncio.run(run(f"sqlite://{target}"))
