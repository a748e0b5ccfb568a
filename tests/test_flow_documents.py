"""Proposals and invoices by chat: lines with running totals, issue with a PDF, pay, credit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from assent.settings import Settings
from models import Business, Document, DocumentKind, DocumentStatus, Payment
from tests.chat import Chat
from tests.factories import make_business, make_client, make_draft
from tests.pdf_text import pdf_text
from tests.test_flow_onboarding import setup_business


@pytest.fixture
async def chat(db: str) -> Chat:
    chat = await Chat.open(Settings())
    await setup_business(chat)
    await chat.register_jane()
    return chat


async def test_invoice_by_chat_with_typed_lines_issue_and_pdf(chat: Chat) -> None:
    await chat.say("/newinvoice Jane")
    assert "New invoice for Jane Doe (EUR)" in chat.text
    await chat.say("3 x Logo design @ 250 vat21")
    assert "Net €750.00 + tax €157.50 = total €907.50" in chat.text
    await chat.say("2h x Consulting @ 80.50 -10% vat10")
    assert "2. Consulting — 2 × €80.50 −10% = €144.90 (tax 10%)" in chat.text
    await chat.say("Hosting")
    assert "couldn't read that line" in chat.text
    await chat.press("Done")
    await chat.say("Thanks for your business")
    await chat.say("45")
    assert "When did you deliver or do the work?" in chat.text
    for typed, error in (
        ("31/02/2026", "I couldn't read that."),
        ("28/02/2026 - 01/02/2026", "That period ends before it starts."),
    ):
        await chat.say(typed)
        assert error in chat.text and "When did you deliver" in chat.text
    await chat.say("01/02/2026 - 28/02/2026")
    assert "Net €894.90 + tax €171.99 = total €1,066.89" in chat.text
    assert "Supplied from Feb 1, 2026 to Feb 28, 2026" in chat.text
    await chat.press("Issue")
    assert "Issued INV-" in chat.text and "-0001" in chat.text
    pdfs = [reply.document for reply in chat.replies if reply.document]
    assert len(pdfs) == 1 and pdfs[0].filename.startswith("INV-") and pdfs[0].data[:4] == b"%PDF"
    printed = " ".join(pdf_text(pdfs[0].data).split())
    assert "Supply period Feb 1, 2026 to Feb 28, 2026" in printed
    invoice = await Document.get(kind=DocumentKind.INVOICE)
    assert invoice.total == Decimal("1066.89") and invoice.notes == "Thanks for your business"
    assert (invoice.due_date - invoice.issue_date).days == 45
    assert (invoice.supply_date, invoice.supply_end_date) == (date(2026, 2, 1), date(2026, 2, 28))


async def test_an_invoice_supplied_on_its_issue_date_prints_no_supply_date(chat: Chat) -> None:
    await chat.write_document("/newinvoice Jane", "Logo @ 100", "Issue")
    invoice = await Document.get(kind=DocumentKind.INVOICE)
    assert (invoice.supply_date, invoice.supply_end_date) == (None, None)
    text = pdf_text(next(reply.document for reply in chat.replies if reply.document).data)
    assert "Issue date" in text and "Date of supply" not in text and "Supply period" not in text


async def test_proposal_saved_as_draft_then_issued_from_its_card(chat: Chat) -> None:
    await chat.say("/newproposal")
    await chat.say("doe")
    await chat.say("Website @ 1.200")
    await chat.press("Done")
    await chat.press("Skip")
    await chat.press("Skip")
    await chat.press("Save draft")
    assert "Saved as a draft" in chat.text and "Proposal (draft)" in chat.text
    await chat.press("Issue")
    proposal = await Document.get(kind=DocumentKind.PROPOSAL)
    assert proposal.number and proposal.number.startswith("P-") and proposal.valid_until
    await chat.press("Accepted → invoice")
    assert f"You marked proposal {proposal.number} accepted by Jane Doe, by hand." in chat.text
    assert "Invoice (draft)" in chat.text
    invoice = await Document.get(kind=DocumentKind.INVOICE)
    assert invoice.converted_from_id == proposal.id and invoice.total == proposal.total
    await chat.say("/proposals")
    await chat.press(proposal.number)
    assert "Accepted → invoice" not in chat.buttons()
    assert await Document.filter(kind=DocumentKind.INVOICE).count() == 1


async def test_lines_can_be_removed_and_empty_documents_are_refused(chat: Chat) -> None:
    await chat.say("/newinvoice Jane")
    await chat.say("/skip")
    assert "Add at least one line first" in chat.text
    await chat.say("A @ 10")
    await chat.say("B @ 20")
    await chat.press("Change or remove a line")
    await chat.press("1. A")
    await chat.press("Remove it")
    assert "1. B" in chat.text and "A —" not in chat.text
    await chat.press("Change or remove a line")
    await chat.press("1. B")
    await chat.say("nonsense")
    assert "couldn't read that line" in chat.text
    await chat.say("2 x B2 @ 30 0%")
    assert "1. B2 — 2 × €30.00 = €60.00" in chat.text


async def test_payments_partial_then_full_and_overpayment_refused(chat: Chat) -> None:
    await chat.write_document("/newinvoice Jane", "Work @ 100 0%", "Issue")
    await chat.press("Record payment")
    await chat.say("150")
    assert "at most 100" in chat.text
    await chat.say("abc")
    assert "not an amount" in chat.text
    await chat.say("40")
    assert "partially paid" in chat.text
    await chat.press("Record payment")
    await chat.press("Full balance")
    assert "Status: paid" in chat.text
    assert sum(p.amount for p in await Payment.all()) == Decimal("100.00")


async def test_credit_note_negates_and_credits_the_invoice(chat: Chat) -> None:
    await chat.write_document("/newinvoice Jane", "Work @ 100", "Issue")
    await chat.press("Credit note")
    await chat.press("All of it")
    await chat.say("Wrong client")
    await chat.press("Issue")
    note = await Document.get(kind=DocumentKind.CREDIT_NOTE)
    assert note.number and note.number.startswith("CN-") and note.total == Decimal("-121.00")
    invoice = await Document.get(kind=DocumentKind.INVOICE)
    assert invoice.status == DocumentStatus.CREDITED


async def test_another_businesss_documents_cannot_be_opened(chat: Chat) -> None:
    other = await make_business("Other Ltd")
    foreign = await make_draft(other, await make_client(other))
    await chat.say("/invoices")
    from flows.events import Event

    await chat.send(Event.chosen(f"go:document:{foreign.id}"))
    assert "expired" in chat.text
    outcome = await chat.engine.flows["document"].start(
        await _context(chat), str(foreign.id), None, {}
    )
    assert "doesn't exist" in outcome.replies[0].text
    assert await Business.all().count() == 2


async def _context(chat: Chat):
    from flows.context import Context
    from flows.engine import business_of

    return Context(chat.user, await business_of(chat.user), "console", chat.chat_id,
                   chat.engine.settings)


async def test_drafts_can_be_edited_and_any_document_duplicated(chat: Chat) -> None:
    await chat.write_document("/newproposal Jane", "Website @ 1000 0%", "Save draft")
    await chat.press("Edit")
    assert "1. Website" in chat.text and "Issue" in chat.buttons()
    await chat.press("Add line")
    await chat.say("Hosting @ 100 0%")
    await chat.press("Done")
    await chat.press("Save draft")
    proposal = await Document.get(kind=DocumentKind.PROPOSAL)
    assert proposal.total == Decimal("1100.00")
    assert await Document.filter(kind=DocumentKind.PROPOSAL).count() == 1
    await chat.press("Issue")
    assert "Edit" not in chat.buttons()
    await chat.press("Duplicate")
    assert "Duplicated as a new draft" in chat.text and "Proposal (draft)" in chat.text
    copies = await Document.filter(kind=DocumentKind.PROPOSAL).order_by("id")
    assert len(copies) == 2 and copies[1].total == copies[0].total and copies[1].number is None


async def test_client_card_lists_its_documents(chat: Chat) -> None:
    await chat.write_document("/newinvoice Jane", "Work @ 50", "Save draft")
    await chat.say("/clients jane")
    await chat.press("Jane Doe")
    await chat.press("Documents")
    assert "1 documents" in chat.text and "Jane Doe" in chat.text


async def test_what_no_document_font_can_draw_is_refused_where_it_is_typed(chat: Chat) -> None:
    """An emoji would print as an empty box on the PDF: the owner is told at once, by name."""
    await chat.say("/newinvoice Jane")
    await chat.say("Rocket 🚀 launch @ 100")
    assert "Your documents can't show 🚀" in chat.text
    await chat.say("東京オフィスの設定 @ 100")
    assert "1. 東京オフィスの設定" in chat.text
    await chat.press("Done")
    await chat.say("Thanks 🚀")
    assert "Your documents can't show 🚀" in chat.text and "notes" in chat.text
    await chat.say("Thanks ❤️")  # drawn by DejaVu Sans, monochrome: accepted
    await chat.say("/cancel")
    await chat.say("/newclient")
    await chat.press("Company")
    await chat.say("Rocket 🚀 Co")
    assert "Your documents can't show 🚀" in chat.text and "client's name" in chat.text
