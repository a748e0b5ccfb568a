"""Issuing refuses an invoice that lacks what Art. 226 requires, naming what to add — or, in
Spain and up to 400 EUR, issues it as a simplified invoice in its own series."""

from __future__ import annotations

import pytest

from assent.settings import Settings
from billing.businesses.settings import update_business
from billing.documents.issue import issue
from billing.documents.issue_checks import IssueDataMissing
from billing.documents.issued_file import document_pdf
from models import Business, Client, Document, DocumentKind, DocumentStatus
from tests.chat import Chat
from tests.factories import make_business, make_client, make_draft
from tests.pdf_text import pdf_text
from tests.test_flow_onboarding import setup_business


@pytest.fixture
async def chat(db: str) -> Chat:
    chat = await Chat.open(Settings())
    await setup_business(chat)
    await chat.register_jane(address=False)
    return chat


async def test_no_buyer_address_is_refused_in_chat_and_the_draft_kept(chat: Chat) -> None:
    await chat.write_document("/newinvoice Jane", "Website @ 1200", "Issue")
    assert "must show the buyer's name and address" in chat.text
    assert "Add Jane Doe's billing address" in chat.text and "Saved as a draft" in chat.text
    invoice = await Document.get(kind=DocumentKind.INVOICE)
    assert invoice.status == DocumentStatus.DRAFT and invoice.number is None
    await Client.filter(display_name="Jane Doe").update(
        billing_street="Calle Mayor 5", billing_city="Madrid", billing_country="ES"
    )
    await chat.press("Issue")
    invoice = await Document.get(kind=DocumentKind.INVOICE)
    assert invoice.number and invoice.number.startswith("INV-") and not invoice.simplified


async def test_the_refusal_is_in_spanish_for_a_spanish_owner(chat: Chat) -> None:
    chat.user.language = "es"
    await chat.user.save()
    await chat.say("/newinvoice Jane")
    await chat.say("Web @ 1200")
    await chat.press("Listo")
    await chat.press("Omitir")
    await chat.press("Omitir")
    await chat.supply_date_as_issued()
    await chat.press("Emitir")
    assert "Añade la dirección de facturación de Jane Doe" in chat.text


async def test_up_to_400_eur_the_invoice_is_simplified_in_its_own_series(chat: Chat) -> None:
    await chat.write_document("/newinvoice Jane", "Repair @ 300 vat21", "Issue")  # 363 EUR
    simplified = await Document.get(kind=DocumentKind.INVOICE)
    assert simplified.simplified and simplified.number.startswith("FS-")
    assert simplified.number.endswith("-0001")
    assert "SIMPLIFIED INVOICE" in " ".join(pdf_text(await document_pdf(simplified)).split())
    await Client.filter(display_name="Jane Doe").update(
        billing_street="C/ 1", billing_city="Vigo", billing_country="ES"
    )
    await chat.write_document("/newinvoice Jane", "Repair @ 300 vat21", "Issue")
    full = await Document.filter(kind=DocumentKind.INVOICE, simplified=False).get()
    assert full.number.startswith("INV-") and full.number.endswith("-0001")  # its own series


async def test_a_seller_without_vat_id_is_told_where_to_add_it(db: str) -> None:
    business = await make_business(tax_id="")
    draft = await make_draft(business, await make_client(business))
    with pytest.raises(IssueDataMissing) as refused:
        await issue(business, draft.id)
    assert refused.value.key == "issue_needs_seller_tax_id"
    assert (await Document.get(id=draft.id)).number is None
    await update_business(business, {"tax_id": "ESB12345674"}, None)
    assert (await issue(await Business.get(id=business.id), draft.id)).number


async def test_reverse_charge_needs_the_buyers_vat_id_even_when_small(chat: Chat) -> None:
    await Client.filter(display_name="Jane Doe").update(
        billing_street="Calle Mayor 5", billing_city="Madrid"
    )
    await chat.write_document("/newinvoice Jane", "Audit @ 100 rc", "Issue")
    assert "must show the buyer's VAT ID" in chat.text and "Add Jane Doe's VAT ID" in chat.text
    assert (await Document.get(kind=DocumentKind.INVOICE)).number is None


async def test_proposals_are_not_invoices_and_issue_without_buyer_details(chat: Chat) -> None:
    await chat.write_document("/newproposal Jane", "Website @ 5000", "Issue")
    assert (await Document.get(kind=DocumentKind.PROPOSAL)).number.startswith("P-")
