"""Owners using Assent from Telegram end to end: the product's flows, the real PTB bot and the fake
Bot API: onboarding, invites, registering clients every way, attaching files, a bot restart in
the middle of a dialog, and fifty owners at once."""

from __future__ import annotations

import asyncio
import hashlib
import re
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from telegram.ext import Application

from assent.settings import Settings
from assent.wiring import build_engine
from bot.app import build_application
from models import Attachment, Business, Client, Membership, Role, User
from tests.bot_support import settings_for
from tests.factories import make_business, make_owner
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_objects import BotMessage
from tests.fakes.telegram_ptb import polling
from tests.fakes.telegram_users import FakeUser

OLIVIA, SAM = 1001, 1002
CROWD = 50


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as server:
        yield server


@pytest.fixture
def settings(fake: FakeTelegram, tmp_path: Path) -> Settings:
    return settings_for(fake, str(tmp_path / "files"))


def _application(settings: Settings) -> Application:
    return build_application(settings, build_engine(settings))


@pytest.fixture
async def bot(db: str, settings: Settings) -> AsyncIterator[None]:
    async with polling(_application(settings)):
        yield


async def said(fake: FakeTelegram, user: FakeUser, *parts: str, timeout: float = 5) -> BotMessage:
    """The latest message the user sees, once it contains every part (edits included)."""

    def showing() -> BotMessage | None:
        last = fake.last_message(user.id)
        text = (last.text or last.caption or "") if last else ""
        return last if last and all(part in text for part in parts) else None

    return await fake.wait_for(showing, timeout)


async def onboard(fake: FakeTelegram, owner: FakeUser, name: str) -> None:
    steps = [
        ("/start", "business called?"),
        (name, "which country"),
        ("Spain", "time zone"),
        ("!Madrid", "currency"),
        ("!EUR", "documents?"),
        ("!English", "street and number"),
        ("/skip", "Postcode"),
        ("/skip", "City"),
        ("/skip", "Region"),
        ("/skip", "tax ID"),
        ("/skip", "email address"),
        ("/skip", "Bank details"),
        ("/skip", "tax rates"),
        ("/skip", "Please check:"),
        ("!Save", "is ready"),
    ]
    for answer, expected in steps:
        if answer.startswith("!"):
            await owner.press(answer[1:])
        else:
            await owner.send_text(answer)
        await said(fake, owner, expected)


async def test_onboarding_then_a_colleague_joins_with_an_invite(
    bot: None, fake: FakeTelegram
) -> None:
    olivia = fake.user(OLIVIA, "Olivia", language_code="en-GB")
    await onboard(fake, olivia, "Acme <Studio> & Co")
    business = await Business.get()
    assert (business.name, business.country) == ("Acme <Studio> & Co", "ES")
    ready = await said(fake, olivia, "Acme <Studio> & Co is ready")
    assert ready.entities == []

    await olivia.send_text("/invite")
    invite = await said(fake, olivia, "Invite code")
    code = re.search(r"Invite code for .*: (\w+)", invite.text)[1]
    sam = fake.user(SAM, "Sam", language_code="es")  # Spanish: the texts differ, not the steps
    await sam.send_text("/start")
    await fake.wait_for_messages(SAM, 1)
    await sam.send_text(code)
    await said(fake, sam, "Acme <Studio> & Co")
    sam_user = await User.get(telegram_id=SAM)
    assert sam_user.language == "es"
    membership = await Membership.get(user=sam_user)
    assert (membership.business_id, membership.role) == (business.id, Role.STAFF)


ANSWERS = {  # a prompt's words → the answer a person gives ("!" presses that button)
    "person or a company": "!Company",
    "client's name": "<b>Tom & Jerry</b>",
    "registered legal name": "Tom and Jerry Limited",
    "Email address for proposals": "tom@example.com",
    "Phone number": "+34 600 000 001",
    "usually pay": "!Bank transfer",
    "Categories for this client": "!Done",
    "contact person there": "Jerry Mouse",
    "ship to the billing address": "!Yes",
}


async def _fill_form(fake: FakeTelegram, owner: FakeUser) -> BotMessage:
    """Answer every question as ANSWERS says, skipping optional ones, until the summary."""
    for _ in range(40):
        prompt = fake.last_message(owner.id)
        if prompt.text.startswith("Please check:"):
            return prompt
        answer = next((a for words, a in ANSWERS.items() if words in prompt.text), None)
        if answer is None:
            assert "optional" in prompt.text, f"no answer for required question {prompt.text!r}"
            answer = "!Skip"
        advanced = _advanced(fake, owner, prompt)
        if answer.startswith("!"):
            await owner.press(answer[1:], prompt)
        else:
            await owner.send_text(answer)
        await fake.wait_for(advanced)
    raise AssertionError("the form never reached its summary")


def _advanced(fake: FakeTelegram, owner: FakeUser, prompt: BotMessage) -> Callable[[], bool]:
    """Whether the bot answered: with a new message, or by replacing the pressed one."""
    shown, edits = len(fake.transcript(owner.id)), len(prompt.versions)
    return lambda: len(fake.transcript(owner.id)) > shown or len(prompt.versions) > edits


async def test_registering_a_client_with_buttons_edits_and_markup_in_the_name(
    bot: None, fake: FakeTelegram
) -> None:
    olivia = fake.user(OLIVIA, "Olivia")
    await onboard(fake, olivia, "Acme Studio")
    await olivia.send_text("/newclient")
    await said(fake, olivia, "person or a company")
    summary = await _fill_form(fake, olivia)
    assert "• Name: <b>Tom & Jerry</b>" in summary.text and summary.entities == []

    await olivia.press("Edit…", summary)
    picker = await said(fake, olivia, "Which answer do you want to change?")
    await olivia.press("Back to summary", picker)  # the picker turns back into the summary
    await fake.wait_for(lambda: picker.text.startswith("Please check:"))
    await olivia.press("Edit…", picker)
    await olivia.press("Email", await said(fake, olivia, "Which answer"))
    await said(fake, olivia, "Now: tom@example.com")
    await olivia.send_text("jerry@example.com")
    await olivia.press("Save", await said(fake, olivia, "Please check:", "jerry@example.com"))
    saved = await said(fake, olivia, "Saved client <b>Tom & Jerry</b>.")

    client = await Client.get()
    assert client.display_name == "<b>Tom & Jerry</b>"
    assert client.legal_name == "Tom and Jerry Limited"
    assert (client.email, client.phone) == ("jerry@example.com", "+34600000001")
    assert client.payment_method == "Bank transfer"
    await olivia.press("Open card", saved)  # the card replaces the "Saved" message
    await fake.wait_for(lambda: saved.text.startswith("👤 <b>Tom & Jerry</b>"))
    assert saved.entities == [] and "Contact: ★ Jerry Mouse" in saved.text


async def test_quick_add_and_a_shared_contact_register_clients(
    bot: None, fake: FakeTelegram
) -> None:
    olivia = fake.user(OLIVIA, "Olivia")
    await onboard(fake, olivia, "Acme Studio")
    await olivia.send_text("/newclient Jane Doe, jane@doe.com, +34 600 000 000")
    await olivia.press("Save", await said(fake, olivia, "Please check:", "jane@doe.com"))
    await said(fake, olivia, "Saved client Jane Doe.")

    await olivia.send_contact("+34 600 000 002", "Tom", "Jones")  # a forwarded contact card
    await olivia.press("Save", await said(fake, olivia, "Please check:", "Tom Jones"))
    await said(fake, olivia, "Saved client Tom Jones.")
    clients = await Client.all().order_by("id").values_list("display_name", "email", "phone")
    assert clients == [
        ("Jane Doe", "jane@doe.com", "+34600000000"),
        ("Tom Jones", "", "+34600000002"),
    ]


async def test_a_file_sent_after_attach_file_is_kept_with_the_client(
    bot: None, fake: FakeTelegram, settings: Settings
) -> None:
    olivia = fake.user(OLIVIA, "Olivia")
    await onboard(fake, olivia, "Acme Studio")
    await olivia.send_text("/newclient Jane Doe, jane@doe.com")
    await olivia.press("Save", await said(fake, olivia, "Please check:"))
    await olivia.press("Open card", await said(fake, olivia, "Saved client"))
    card = await said(fake, olivia, "👤 Jane Doe")
    await olivia.press("Attach file", card)
    await said(fake, olivia, "Send the file")
    contract = b"%PDF-1.7 signed contract"
    await olivia.send_document(contract, "contract.pdf", "application/pdf")
    await said(fake, olivia, "Files: contract.pdf")

    stored = await Attachment.get()
    assert (stored.original_name, stored.mime_type) == ("contract.pdf", "application/pdf")
    assert stored.sha256 == hashlib.sha256(contract).hexdigest()
    assert (Path(settings.storage.path) / stored.storage_path).read_bytes() == contract


async def test_a_restarted_bot_resumes_the_dialog_and_honours_old_buttons(
    db: str, fake: FakeTelegram, settings: Settings
) -> None:
    olivia = fake.user(OLIVIA, "Olivia")
    async with polling(_application(settings)):
        await onboard(fake, olivia, "Acme Studio")
        await olivia.send_text("/newclient")
        await olivia.press("Person", await said(fake, olivia, "person or a company"))
        await said(fake, olivia, "client's name")
        await olivia.send_text("Jane Doe")
        email_prompt = await said(fake, olivia, "Email address")

    async with polling(_application(settings)):  # a new process: nothing kept in memory
        await olivia.press("Skip", email_prompt)
        await said(fake, olivia, "Phone number")
        await olivia.send_text("/back")
        await said(fake, olivia, "Email address")
        await olivia.send_text("jane@doe.com")
        await said(fake, olivia, "Phone number")
    assert (await User.get(telegram_id=OLIVIA)).current_business_id is not None
    assert await Client.exists() is False


async def test_fifty_owners_register_clients_at_once(
    db: str, fake: FakeTelegram, settings: Settings
) -> None:
    """Each owner types three answers in a burst; swapping any two would fail validation, so
    a finished client proves the chat's order was kept."""
    owners = []
    for i in range(CROWD):
        await make_owner(await make_business(f"Business {i}"), telegram_id=5000 + i)
        owners.append(fake.user(5000 + i, f"Owner {i}"))

    async def register(i: int, owner: FakeUser) -> None:
        for text in (f"/newclient c{i}@example.com", "1", f"Client {i}"):
            await owner.send_text(text)
        summary = await said(fake, owner, "Please check:", f"Client {i}", timeout=30)
        await owner.press("Save", summary)
        await said(fake, owner, f"Saved client Client {i}.", timeout=30)

    async with polling(_application(settings)):
        await asyncio.gather(*(register(i, owner) for i, owner in enumerate(owners)))
    clients = await Client.all().values_list("business__name", "display_name", "email")
    assert sorted(clients) == sorted(
        (f"Business {i}", f"Client {i}", f"c{i}@example.com") for i in range(CROWD)
    )
    for i, owner in enumerate(owners):
        texts = [m.text.split("\n")[0] for m in fake.transcript(owner.id)]
        assert texts[0] == "New client" and texts[-1] == f"Saved client Client {i}."
        assert not any(text.startswith("⚠️") for text in texts), texts


async def test_an_acceptance_notice_brings_the_invoice_pdf_and_its_send_button_works(
    bot: None, fake: FakeTelegram, settings: Settings
) -> None:
    from datetime import UTC, datetime

    from billing.documents.convert import Evidence, accept_proposal
    from billing.documents.issue import issue
    from bot.notifications import NotificationSender
    from models import AcceptanceMethod, Document, DocumentKind, OutboxEmail
    from tests.factories import make_client, make_draft

    olivia = fake.user(OLIVIA, "Olivia")
    await onboard(fake, olivia, "Acme Studio")
    await Business.filter(name="Acme Studio").update(tax_id="ESB12345674")  # onboarding skipped it
    business = await Business.get(name="Acme Studio")
    client = await make_client(business)
    proposal = await issue(business, (await make_draft(business, client, DocumentKind.PROPOSAL)).id)
    evidence = Evidence(
        method=AcceptanceMethod.EMAIL_REPLY,
        signer_name="Jane Doe",
        sender_address="jane@doe.example",
        accepted_at=datetime.now(UTC),
    )
    conversion = await accept_proposal(business, proposal.id, evidence)
    telegram_bot = _application(settings).bot
    await telegram_bot.initialize()
    sender = NotificationSender(telegram_bot, Path(settings.storage.path))
    assert await sender.deliver_due() == 1
    notice = await said(fake, olivia, "Jane Doe accepted proposal")
    assert notice.document is not None and notice.document.file_name.endswith(".pdf")

    def queued() -> int:
        return sum("Queued the email to" in (m.text or "") for m in fake.transcript(OLIVIA))

    await olivia.press("Send", notice)
    await fake.wait_for(lambda: queued() == 1)
    await olivia.press("Send", notice)  # a second tap on the same notice queues nothing more
    await fake.wait_for(lambda: queued() == 2)  # counted once the second tap was handled
    invoice = await Document.get(id=conversion.invoice.id)
    assert invoice.number is not None
    assert await OutboxEmail.filter(document=invoice).count() == 1
    await telegram_bot.shutdown()
