"""The owner downloads the signing certificate from the proposal's card in chat: the same
stored bytes the client's page serves, naming the signer, the hash and the way they signed."""

from __future__ import annotations

from models import Acceptance, Document, DocumentKind, OutboxEmail
from tests.chat import Chat
from tests.pdf_text import pdf_text
from tests.test_flow_onboarding import setup_business
from tests.web_support import (
    BASE_URL,
    acceptance_form,
    http_client,
    link_in,
    open_form,
    web_settings,
)


async def test_the_owners_card_offers_the_certificate_of_a_web_acceptance(db: str) -> None:
    settings = web_settings(db)
    chat = await Chat.open(settings)
    await setup_business(chat)
    await chat.say("/newclient Jane Doe, jane@doe.example")
    await chat.press("Save")
    await chat.write_document("/newproposal Jane", "Website @ 1000 vat21", "Issue")
    await chat.press("Send by email")
    proposal = await Document.get(kind=DocumentKind.PROPOSAL)
    email = await OutboxEmail.get(document_id=proposal.id)
    path = link_in(bytes(email.raw_bytes)).removeprefix(BASE_URL)
    assert "Signing certificate" not in chat.buttons()

    async with http_client(settings) as client:
        csrf = await open_form(client, path)
        signed = await client.post(f"{path}/accept", data=acceptance_form(csrf))
        downloaded = await client.get(f"{path}/certificate")
    assert signed.status_code == 200

    await chat.say("/documents")  # its only document opens as a card
    assert "Status: accepted" in chat.text
    await chat.press("Signing certificate")
    (attachment,) = [reply.document for reply in chat.replies if reply.document]
    acceptance = await Acceptance.get(proposal_id=proposal.id)
    assert attachment.data == downloaded.content == bytes(acceptance.certificate_pdf)
    assert attachment.filename == f"{proposal.number}-certificate.pdf"
    text = pdf_text(attachment.data)
    assert "Jane Doe" in text and "Signed on the proposal page" in text
    assert acceptance.document_sha256[:20] in text.replace("\n", "")
