"""NUL and other C0 controls are removed where text enters (typed, shared, uploaded, emailed), so
SQLite and PostgreSQL store the same thing; PostgreSQL used to fail the event (or leave the email
failed forever) on a NUL that SQLite kept. A search of 50,000 characters is capped, not fatal."""

from __future__ import annotations

from itertools import count

import pytest

from assent.settings import Settings
from mail.inbound.process import process_inbound
from mail.inbound.storing import record
from models import Attachment, Client, InboundMessage, InboundStatus
from tests.chat import Chat
from tests.inbound_support import inbound_settings, reply, sent_proposal, signed_acceptance
from tests.test_flow_onboarding import setup_business

UIDS = count(1)


@pytest.fixture
async def chat(db: str) -> Chat:
    chat = await Chat.open(Settings())
    await setup_business(chat)
    return chat


async def test_typed_and_shared_text_is_stored_without_controls(chat: Chat) -> None:
    await chat.say("/newclient Ja\x00ne\x07 Doe, jane@doe.example")
    await chat.press("Save")
    await chat.share_contact("+34 600 000 002", "T\x00om", "Jo\x1bnes")
    await chat.press("Save")
    await chat.say("/clients Ja\x00ne")
    assert "Jane Doe" in chat.text
    names = await Client.all().order_by("id").values_list("display_name", flat=True)
    assert names == ["Jane Doe", "Tom Jones"]


async def test_an_uploaded_filename_is_stored_without_controls(chat: Chat) -> None:
    await chat.say("/newclient Jane Doe, jane@doe.example")
    await chat.press("Save")
    await chat.press("Open card")
    await chat.press("Attach file")
    await chat.upload("con\x00tract\n.pdf", b"%PDF-1.7 contract")
    assert await Attachment.get().values_list("original_name", flat=True) == "contract.pdf"


async def test_a_fifty_thousand_character_search_is_capped(chat: Chat) -> None:
    await chat.say("/newclient Jane Doe, jane@doe.example")
    await chat.press("Save")
    await chat.say("/clients")
    await chat.say("%_" * 25_000)
    assert chat.replies and "Something went wrong" not in chat.text
    await chat.say("Jane")
    assert "Jane Doe" in chat.text


async def test_an_email_subject_and_message_id_with_nul_are_stored_and_read(db: str) -> None:
    settings = inbound_settings(db)
    sent = await sent_proposal(settings)
    raw = signed_acceptance(sent, subject="Re: your\x00 proposal\x01")
    raw = raw.replace(b"Message-ID: <", b"In-Reply-To: <x\x00@y>\r\nMessage-ID: <nul\x00")
    row = await record(raw, mailbox="test@imap/INBOX", uidvalidity=7, uid=next(UIDS))
    row = await process_inbound(row.id, settings)
    assert row.status == InboundStatus.PROCESSED, row.error
    stored = await InboundMessage.get(id=row.id)
    assert stored.subject == "Re: your proposal" and "\x00" not in stored.message_id
    other = reply(sent.reply_to, "Thanks!\x00 We will look at it.", subject="Hi\x00")
    row = await record(other, mailbox="test@imap/INBOX", uidvalidity=7, uid=next(UIDS))
    assert (await process_inbound(row.id, settings)).status != InboundStatus.FAILED
