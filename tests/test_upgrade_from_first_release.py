"""A database the first release (87a4bee) filled, upgraded with `assent migrate`, still works.

The fixtures in tests/fixtures/upgrade were made by the old code's own verbs (README.md there):
three businesses, their clients and documents in every state. Each leg starts from them (a copy
of the SQLite file; the pg_dump restored into a fresh PostgreSQL database), runs the real
`assent migrate`, then checks with today's code that every old document lists, opens in chat and
exports a PDF with the number and totals the old code printed, that numbering continues after the
old numbers without a gap, that a partly paid invoice keeps its balance and that the seller's
free-text address was split.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from assent.db import close_database, open_database
from assent.settings import Settings
from billing.documents.drafts import DraftLine, create_draft
from billing.documents.issue import issue
from billing.documents.payments import record_payment
from billing.i18n import money
from flows.context import Context
from flows.documents.listing import button_label
from models import Business, Client, Document, DocumentKind, DocumentStatus, IssuedFile, User
from tests.chat import Chat
from tests.cli_support import assent, cli_env
from tests.conftest import LEGS
from tests.services.postgres import PostgresCluster

FIXTURES = Path(__file__).parent / "fixtures" / "upgrade"
OLD = json.loads((FIXTURES / "old_documents.json").read_text())
pytestmark = pytest.mark.timeout(600)  # a real `assent` process per old document, shared machine


@pytest.fixture(params=LEGS)
def old_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database exactly as the first release left it, not yet migrated by this code."""
    if request.param == "sqlite":
        target = tmp_path / "first_release.sqlite3"
        shutil.copyfile(FIXTURES / "first_release.sqlite3", target)
        yield f"sqlite://{target}"
        return
    cluster: PostgresCluster = request.getfixturevalue("postgres_cluster")
    name = f"upgrade_{uuid.uuid4().hex[:12]}"
    yield cluster.restore(name, FIXTURES / "first_release.pgdump.sql")
    cluster.drop_database(name)


@pytest.fixture
async def upgraded(old_url: str) -> AsyncIterator[str]:
    """The old database after the real `assent migrate`, open in this process."""
    migrated = assent(cli_env(ASSENT_DATABASE_URL=old_url), "migrate")
    assert migrated.returncode == 0, migrated.stderr + migrated.stdout
    await open_database(old_url)
    try:
        yield old_url
    finally:
        await close_database()


def words(text: str) -> str:
    """Text with every run of spaces (no-break ones too) as one space, as pdftotext varies them."""
    return " ".join(text.split())


TOTAL = re.compile(r"\bTotal:? (-?)(?:[A-Z]{3}|\$|€)? ?(-?\d[\d.,]*\d)")


def totals_printed(text: str) -> set[Decimal]:
    """Every amount printed right after a "Total" label, read in either decimal style."""
    found = set()
    for sign, amount in TOTAL.findall(text):
        digits = re.sub(r"\D", "", amount)
        cents = len(amount) - max(amount.rfind(","), amount.rfind(".")) - 1
        value = Decimal(digits).scaleb(-cents if cents in (2, 3) else 0)
        found.add(-value if sign or amount.startswith("-") else value)
    return found


def pdf_text(path: Path) -> str:
    return words(
        subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout
    )


async def test_every_old_document_lists_opens_and_exports_with_its_old_number_and_totals(
    upgraded: str, tmp_path: Path
) -> None:
    env = cli_env(ASSENT_DATABASE_URL=upgraded)
    listed = assent(env, "documents", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = {row["number"]: row for row in json.loads(listed.stdout) if row["number"]}
    assert set(rows) == set(OLD)
    for number, old in OLD.items():
        row = rows[number]
        for name in ("kind", "status", "currency", "net", "tax", "total", "amount_paid"):
            assert row[name] == old[name], (number, name)
        out = tmp_path / f"{number}.pdf"
        exported = assent(env, "documents", "pdf", number, "--out", str(out))
        assert exported.returncode == 0, exported.stdout + exported.stderr
        text = pdf_text(out)
        document = await Document.get(number=number)
        total = Decimal(old["total"])
        assert number in text and total in totals_printed(text), (number, text)
        assert total in totals_printed(words(old["pdf_text"])), number
        # Frozen at upgrade: the export is the stored file, the same bytes every time.
        assert out.read_bytes() == (await IssuedFile.get(document_id=document.id)).pdf

    owner = await User.get(console_name="olivia")
    chat = await Chat.open(Settings(), name="olivia")
    for business in await Business.all():
        await User.filter(id=owner.id).update(current_business_id=business.id)
        chat.user = await User.get(id=owner.id)
        listing = []
        for command in ("/invoices", "/proposals"):
            await chat.say(command)
            listing += chat.buttons()
        for document in await Document.filter(business=business).prefetch_related("client"):
            ctx = Context(chat.user, business, "console", chat.chat_id, chat.engine.settings)
            label = button_label(ctx, document)
            if document.kind != DocumentKind.CREDIT_NOTE:  # those are listed on their client
                assert label in listing, (label, listing)
            await chat.say(f"/clients {document.client.display_name}")
            await chat.press(document.client.display_name)
            await chat.press("Documentos")
            assert label in chat.buttons(), (label, chat.text)
            await chat.press(label)
            if document.number:
                printed = words(money(document.total, document.currency, chat.user.language))
                assert document.number in chat.text and printed in words(chat.text), chat.text


async def test_numbering_continues_after_the_old_numbers_without_a_gap(upgraded: str) -> None:
    spain = await Business.get(name="Estudio Olivar")
    client = await Client.get(business=spain, display_name="Tejidos Lucía")
    line = DraftLine("Diseño", Decimal(1), Decimal(100), tax_rate=Decimal(21))
    issued = []
    for kind in (DocumentKind.INVOICE, DocumentKind.PROPOSAL, DocumentKind.INVOICE):
        draft = await create_draft(spain, client, kind, [line])
        issued.append((await issue(spain, draft.id, on_date=date(2026, 11, 2))).number)
    # The old draft invoice (made from the accepted proposal) issues too, next in the series.
    old_draft = await Document.get(business=spain, kind=DocumentKind.INVOICE, number=None,
                                   converted_from_id__isnull=False)
    issued.append((await issue(spain, old_draft.id, on_date=date(2026, 11, 3))).number)
    assert issued == ["F-2026-0005", "PR-2026-003", "F-2026-0006", "F-2026-0007"]
    mexico = await Business.get(name="Taller Reforma")
    buyer = await Client.get(business=mexico)
    draft = await create_draft(mexico, buyer, DocumentKind.INVOICE, [line])
    assert (await issue(mexico, draft.id, on_date=date(2027, 1, 5))).number == "A-00003"


async def test_a_partly_paid_invoice_keeps_its_balance_and_can_be_settled(upgraded: str) -> None:
    invoice = await Document.get(number="F-2026-0002")
    assert invoice.status == DocumentStatus.PARTIALLY_PAID
    assert invoice.amount_paid == Decimal(OLD["F-2026-0002"]["amount_paid"]) == Decimal(500)
    business = await Business.get(id=invoice.business_id)
    await record_payment(
        business, invoice.id, invoice.total - invoice.amount_paid, paid_on=date(2026, 11, 4)
    )
    assert (await Document.get(id=invoice.id)).status == DocumentStatus.PAID


async def test_the_sellers_free_text_address_was_split(upgraded: str) -> None:
    found = {b.name: (b.street, b.postcode, b.city, b.region) for b in await Business.all()}
    assert found == {
        "Estudio Olivar": ("Calle de Alcalá 42, 3º", "28014", "Madrid", ""),
        "Taller Reforma": ("Av. Reforma 222, Col. Juárez", "06600", "Ciudad de México", "CDMX"),
        "Atelier Lipscani": ("Str. Lipscani 5", "", "București", ""),
    }
