"""Credit notes by chat: all, some lines or an amount, with a reason, the corrected invoice and
its date printed, no payment block, and money already paid recorded as refund or client credit."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assent.settings import Settings
from billing.businesses.settings import update_business
from billing.clients.balances import client_balance
from billing.documents.balance import balance_due
from billing.documents.issued_file import document_pdf
from billing.i18n import day
from models import Business, Client, Document, DocumentKind, DocumentStatus
from tests.chat import Chat
from tests.pdf_text import pdf_text
from tests.test_flow_onboarding import setup_business


@pytest.fixture
async def chat(db: str) -> Chat:
    chat = await Chat.open(Settings())
    await setup_business(chat)
    await update_business(
        await Business.get(name="Acme Studio"), {"bank_details": "ES91 2100 0418 4502 0005 1332"},
        None,
    )
    await chat.register_jane()
    return chat


async def _invoice(chat: Chat, *lines: str) -> Document:
    await chat.say("/newinvoice Jane")
    for line in lines:
        await chat.say(line)
    await chat.press("Done")
    await chat.press("Skip")
    await chat.press("Skip")
    await chat.press("Issue")
    return await Document.get(kind=DocumentKind.INVOICE)


async def test_a_paid_invoice_credited_in_full_keeps_the_payment_as_client_credit(
    chat: Chat,
) -> None:
    invoice = await _invoice(chat, "Work @ 1000 vat21")
    await chat.press("Record payment")
    await chat.say("500")
    await chat.press("Credit note")
    assert "What does it credit?" in chat.text
    await chat.press("All of it")
    await chat.say("Project cancelled by the client")
    assert "already paid €500.00" in chat.text
    await chat.press("Keep it as their credit")
    await chat.press("Issue")
    assert "kept as the client's credit: €500.00" in chat.text
    note = await Document.get(kind=DocumentKind.CREDIT_NOTE)
    invoice = await Document.get(id=invoice.id)
    assert note.total == Decimal("-1210.00") and note.refund_amount == Decimal("500.00")
    assert note.refund_kind == "client_credit"
    assert invoice.status == DocumentStatus.CREDITED and balance_due(invoice) == 0
    balance = await client_balance(await Client.get(id=invoice.client_id))
    assert balance.outstanding == Decimal("-500.00")  # we owe Jane 500

    text = " ".join(pdf_text(await document_pdf(note)).split())
    corrected = day(invoice.issue_date, "en")
    assert f"This credit note corrects invoice {invoice.number} of {corrected}." in text
    assert "Reason: Project cancelled by the client" in text
    assert "IBAN" not in text and "Payment within" not in text


async def test_some_lines_credited_lower_what_is_owed_and_the_invoice_stays_open(
    chat: Chat,
) -> None:
    invoice = await _invoice(chat, "Design @ 400 vat21", "Hosting @ 100 vat21")
    await chat.press("Credit note")
    await chat.press("Some lines")
    await chat.say("7")
    await chat.say("Hosting not delivered")
    assert "The invoice has lines 1 to 2." in chat.text
    await chat.press("Some lines")
    await chat.say("2")
    await chat.say("Hosting not delivered")
    await chat.press("Issue")
    note = await Document.get(kind=DocumentKind.CREDIT_NOTE)
    invoice = await Document.get(id=invoice.id)
    assert note.total == Decimal("-121.00") and note.refund_amount == 0
    assert invoice.status != DocumentStatus.CREDITED
    assert balance_due(invoice) == Decimal("484.00")
    await chat.say("/invoices")
    await chat.press(invoice.number)
    assert "outstanding €484.00" in chat.text


async def test_an_amount_is_credited_at_the_invoices_rate_and_over_crediting_is_refused(
    chat: Chat,
) -> None:
    invoice = await _invoice(chat, "Design @ 400 vat21")
    await chat.press("Credit note")
    await chat.press("An amount")
    await chat.say("100")
    await chat.say("Discount agreed after delivery")
    await chat.press("Issue")
    note = await Document.get(kind=DocumentKind.CREDIT_NOTE)
    assert note.total == Decimal("-121.00")
    assert f"Adjustment to invoice {invoice.number}" in pdf_text(await document_pdf(note))
    await chat.say("/invoices")
    await chat.press(invoice.number)
    await chat.press("Credit note")
    await chat.press("All of it")
    await chat.say("Cancelled")
    await chat.press("Issue")
    assert "more than is left to credit on this invoice (363.00)" in chat.text
    assert await Document.filter(kind=DocumentKind.CREDIT_NOTE, number__isnull=True).count() == 1
