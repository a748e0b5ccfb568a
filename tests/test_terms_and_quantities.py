"""The payment terms printed are the ones that computed the due date, and a converted
proposal's quantities read as typed ("2", not "2.000000") when its invoice draft is edited."""

from __future__ import annotations

from datetime import timedelta

import pytest

from assent.settings import Settings
from billing.documents.issued_file import document_pdf
from models import Client, Document, DocumentKind
from tests.chat import Chat
from tests.pdf_text import pdf_text
from tests.test_flow_onboarding import setup_business


@pytest.fixture
async def chat(db: str) -> Chat:
    chat = await Chat.open(Settings())
    await setup_business(chat)
    await chat.register_jane()
    await Client.all().update(language="es")
    return chat


@pytest.mark.parametrize(("days", "printed"), [(15, "Pago a 15 días"), (1, "Pago a 1 día")])
async def test_an_invoice_due_in_15_days_says_15_days_whatever_the_default(
    chat: Chat, days: int, printed: str
) -> None:
    await chat.say("/newinvoice Jane")
    await chat.say("Work @ 1000 vat21")
    await chat.press("Done")
    await chat.press("Skip")
    await chat.say(str(days))
    await chat.supply_date_as_issued()
    await chat.press("Issue")
    invoice = await Document.get(kind=DocumentKind.INVOICE)
    assert invoice.due_date - invoice.issue_date == timedelta(days=days)
    text = " ".join(pdf_text(await document_pdf(invoice)).split())
    assert printed in text and "30 días" not in text and "1 días" not in text


async def test_a_converted_proposals_quantities_read_as_typed(chat: Chat) -> None:
    await chat.write_document("/newproposal Jane", "2 x Website @ 500", "Issue")
    await chat.press("Accepted → invoice")
    await chat.press("Edit")
    assert "1. Website — 2 × €500.00" in chat.text
    assert "2.000000" not in chat.text
