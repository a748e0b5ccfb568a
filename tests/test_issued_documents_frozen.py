"""What was issued stays issued: later settings, client edits and payments never change the file.

Issued through the real chat, changed through the real verbs, read back by every reader (the
PDF in chat, `assent documents pdf`, the email the Send button queues): the same bytes, whose
sha256 was stored at issue.
"""

from __future__ import annotations

import asyncio
import email
import hashlib
from datetime import timedelta
from decimal import Decimal
from email import policy
from pathlib import Path

import pytest

from assent.settings import Settings
from billing.businesses.settings import update_business
from billing.documents.issue import issue
from billing.documents.issued_file import document_pdf, issued_pdf
from billing.documents.payments import record_payment
from billing.documents.view import document_view
from mail.outbound.compose import Parties, compose_reminder
from mail.outbound.mailer import OutboundMailer
from models import Business, Client, Document, DocumentKind, IssuedFile, OutboxEmail
from tests.chat import Chat
from tests.factories import make_business, make_client, make_draft
from tests.pdf_text import pdf_text
from tests.test_console_chat_script import assent
from tests.test_flow_onboarding import setup_business

FIRST_IBAN = "ES91 2100 0418 4502 0005 1332"
SECOND_IBAN = "DE89 3704 0044 0532 0130 00"


def _attached_pdf(row: OutboxEmail) -> bytes:
    message = email.message_from_bytes(row.raw_bytes, policy=policy.default)
    (attachment,) = list(message.iter_attachments())
    return attachment.get_content()


async def test_every_reader_gets_the_bytes_issued_whatever_changes_later(
    db: str, tmp_path: Path
) -> None:
    chat = await Chat.open(Settings())
    await setup_business(chat)
    business = await Business.get(name="Acme Studio")
    await update_business(business, {"bank_details": FIRST_IBAN}, None)
    await chat.register_jane()
    await chat.write_document("/newinvoice Jane", "3 x Logo design @ 250 vat21", "Issue")
    (issued,) = [reply.document.data for reply in chat.replies if reply.document]
    invoice = await Document.get(kind=DocumentKind.INVOICE)
    stored = await IssuedFile.get(document_id=invoice.id)
    assert stored.pdf == issued and stored.pdf_sha256 == hashlib.sha256(issued).hexdigest()
    assert "Payment within 30 days" in pdf_text(issued) and FIRST_IBAN in pdf_text(issued)

    changes = {
        "bank_details": SECOND_IBAN,
        "payment_terms_days": 15,
        "brand_colour": "#c0392b",
        "name": "Renamed Studio",
        "street": "Gran Vía 1",
        "postcode": "28013",
    }
    await update_business(business, changes, None)
    await record_payment(business, invoice.id, Decimal("500"), paid_on=invoice.issue_date)

    out = tmp_path / "export.pdf"
    result = await asyncio.to_thread(
        assent, db, "documents", "pdf", invoice.number, "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == issued
    row = await OutboundMailer(Settings()).send(business, invoice.id, user=None, send_number=0)
    assert _attached_pdf(row) == issued
    # The email and a later reminder quote the account the invoice names, not the new one.
    client = await Client.get(id=invoice.client_id)
    reminder = compose_reminder(
        await Document.get(id=invoice.id), Parties(business, client), smtp=Settings().smtp,
        mail=Settings().mail, today=invoice.due_date + timedelta(days=10),
    )  # fmt: skip
    for message in (email.message_from_bytes(row.raw_bytes, policy=policy.default), reminder):
        body = message.get_body(("plain",)).get_content()
        assert FIRST_IBAN in body and SECOND_IBAN not in body
    await chat.say("/invoices")
    await chat.press(invoice.number)
    await chat.press("Preview PDF")
    assert [reply.document.data for reply in chat.replies if reply.document] == [issued]


async def test_an_issued_view_never_rereads_the_live_business_or_client(db: str) -> None:
    business = await make_business(bank_details=FIRST_IBAN, street="Calle Mayor 1")
    client = await make_client(business, billing_street="Rue de Rivoli 1", billing_city="Paris")
    invoice = await issue(business, (await make_draft(business, client)).id)
    before = await document_view(invoice)

    await update_business(
        business, {"name": "New Name", "bank_details": SECOND_IBAN, "street": "Elsewhere 9"}, None
    )
    await Client.filter(id=client.id).update(display_name="Janet", billing_street="Other 2")
    await record_payment(business, invoice.id, Decimal("100"), paid_on=invoice.issue_date)
    invoice = await Document.get(id=invoice.id)

    after = await document_view(invoice)
    assert after == before
    assert after.seller.name == "Acme Studio" and after.buyer.name == "Jane Doe"
    assert after.bank is not None and after.bank.iban == FIRST_IBAN
    text = pdf_text(await document_pdf(invoice))
    assert FIRST_IBAN in text and SECOND_IBAN not in text and "Janet" not in text
    assert "Amount paid" not in text and "Balance due" not in text


async def test_a_lost_store_step_is_finished_once_by_racing_readers(db: str) -> None:
    business = await make_business()
    client = await make_client(business)
    invoice = await issue(business, (await make_draft(business, client)).id)
    first = await issued_pdf(invoice)
    await IssuedFile.filter(document_id=invoice.id).delete()  # as if issuing crashed before it

    await update_business(business, {"bank_details": SECOND_IBAN}, None)
    results = await asyncio.gather(issued_pdf(invoice), issued_pdf(invoice))
    stored = await IssuedFile.filter(document_id=invoice.id)
    assert len(stored) == 1 and results[0] == results[1] == stored[0].pdf
    assert pdf_text(stored[0].pdf) == pdf_text(first)  # rebuilt from the frozen view


async def test_drafts_render_live_and_are_never_stored(db: str) -> None:
    business = await make_business(bank_details=FIRST_IBAN)
    draft = await make_draft(business, await make_client(business))
    assert FIRST_IBAN in pdf_text(await document_pdf(draft))
    await update_business(business, {"bank_details": SECOND_IBAN}, None)
    assert SECOND_IBAN in pdf_text(await document_pdf(draft))
    assert not await IssuedFile.exists(document_id=draft.id)
    with pytest.raises(ValueError):
        await issued_pdf(draft)


async def test_documents_issued_before_frozen_views_are_frozen_on_first_read(db: str) -> None:
    business = await make_business(bank_details=FIRST_IBAN)
    invoice = await issue(business, (await make_draft(business, await make_client(business))).id)
    await IssuedFile.filter(document_id=invoice.id).delete()
    await Document.filter(id=invoice.id).update(frozen_view=None)
    legacy = await Document.get(id=invoice.id)
    first = await issued_pdf(legacy)
    assert (await Document.get(id=invoice.id)).frozen_view is not None
    await update_business(business, {"bank_details": SECOND_IBAN}, None)
    assert await issued_pdf(await Document.get(id=invoice.id)) == first
