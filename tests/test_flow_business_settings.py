"""Owners change the business's settings by chat; staff only their language."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from assent.settings import Settings
from billing.documents.issue import issue
from flows.events import Event
from models import AcceptancePolicy, AuditLog, Business, Client, Document, OutboxEmail
from tests.chat import Chat
from tests.factories import make_client, make_draft
from tests.test_flow_onboarding import setup_business

YEAR = datetime.now(UTC).year


@pytest.fixture
async def chat(db: str) -> Chat:
    chat = await Chat.open(Settings())
    await setup_business(chat)
    return chat


async def edit(chat: Chat, section: str, field: str) -> None:
    await chat.say("/settings")
    await chat.press(section)
    assert "Please check" in chat.text
    await chat.press("Edit…")
    await chat.press(field)


async def test_staff_may_switch_their_language_but_not_the_business_settings(chat: Chat) -> None:
    await chat.say("/invite")
    code = chat.text.split("Acme Studio: ")[1].split()[0]
    staff = await Chat.open(Settings(), name="carl")
    await staff.say(f"/start {code}")
    await staff.say("/settings")
    assert "Only an owner can change the business settings." in staff.text
    assert "Invoicing" not in staff.buttons()
    for section in ("business_details", "invoicing", "acceptance", "custom_fields"):
        await staff.send(Event.chosen(f"go:{section}:", verified=True))
        assert "Only an owner can change the business settings" in staff.text
        assert "Please check" not in staff.text
    await staff.say("/settings")
    await staff.press("Español")
    await staff.press("Save")
    await staff.user.refresh_from_db()
    assert staff.user.language == "es"
    await chat.say("/settings")
    assert {"Business details", "Invoicing", "After acceptance"} <= set(chat.buttons())


async def test_business_details_open_on_the_current_values_and_save_audited(chat: Chat) -> None:
    await edit(chat, "Business details", "Phone")
    assert "Phone number?" in chat.text
    await chat.say("+34 600 000 009")
    assert "Acme Studio" in chat.text and "hello@acme.example" in chat.text
    await chat.press("Edit…")
    await chat.press("Street")
    await chat.say("Calle Mayor 1")
    await chat.press("Edit…")
    await chat.press("Postcode")
    await chat.say("28013")
    await chat.press("Save")
    assert "Saved: Street, Postcode, Phone." in chat.text and "Settings of Acme Studio" in chat.text
    business = await Business.get(name="Acme Studio")
    assert (business.phone, business.street, business.postcode, business.city) == (
        "+34600000009",
        "Calle Mayor 1",
        "28013",
        "Madrid",
    )
    entry = await AuditLog.get(action="business.update")
    assert entry.before == {"street": "Calle de Alcalá 42", "postcode": "28014", "phone": ""}
    assert entry.after == {"street": "Calle Mayor 1", "postcode": "28013", "phone": "+34600000009"}


async def test_a_move_to_another_country_asks_for_a_tax_id_of_that_country(chat: Chat) -> None:
    """The Spanish VAT ID cannot stay on a Mexican business: the RFC is asked for and labelled."""
    await edit(chat, "Business details", "Country")
    await chat.say("Mexico")
    await chat.press("Save")
    assert "That isn't a valid tax ID for MX" in chat.text and "tax ID" in chat.text
    await chat.say("GODE561231GR8")
    await chat.press("Save")
    business = await Business.get(name="Acme Studio")
    assert (business.country, business.tax_id, business.tax_id_kind) == (
        "MX",
        "GODE561231GR8",
        "mx_rfc",
    )


async def test_invalid_settings_get_the_error_and_the_same_question(chat: Chat) -> None:
    await edit(chat, "Invoicing", "Tax rates")
    for typed, error in (
        ("21, abc", "I couldn't read abc as a tax rate"),
        ("21, 150", "A tax rate is between 0 and 100; 150 is not."),
    ):
        await chat.say(typed)
        assert error in chat.text and "Which tax rates do you use?" in chat.text
    await chat.say("21, 10,5; 0")
    assert "Tax rates: 21%, 10.5%, 0%" in chat.text
    await chat.press("Edit…")
    await chat.press("Invoice numbers")
    for typed, error in (
        ("INV-{number}", "That format can't number documents: it needs {seq}"),
        ("INV-{seq:04}", "Numbering restarts every year, so the format needs {year}"),
    ):
        await chat.say(typed)
        assert error in chat.text and "How should invoice numbers look?" in chat.text
    await chat.say("F{year}/{seq:03}")
    await chat.press("Edit…")
    await chat.press("Brand colour")
    await chat.say("blue")
    assert "A colour is # and six hex digits" in chat.text and "#rrggbb?" in chat.text
    await chat.say("#C0392B")
    await chat.press("Edit…")
    await chat.press("Bank details")
    await chat.say("ES00 2100 0418 4502 0005 1332")
    assert "That IBAN is not valid" in chat.text and "Bank details printed" in chat.text
    await chat.say("IBAN: es9121000418450200051332\nCaixaBank")
    await chat.press("Edit…")
    await chat.press("Payment terms (days)")
    await chat.say("thirty")
    assert "Type a number of days from 0 to 365." in chat.text
    await chat.say("0")
    await chat.press("Save")
    business = await Business.get(name="Acme Studio")
    assert business.default_tax_rates == ["21", "10.5", "0"]
    assert business.invoice_number_format == "F{year}/{seq:03}"
    assert business.brand_colour == "#c0392b"
    assert business.bank_details == "IBAN: ES91 2100 0418 4502 0005 1332\nCaixaBank"
    assert business.payment_terms_days == 0


async def test_a_new_number_format_applies_from_the_next_invoice(chat: Chat) -> None:
    business = await Business.get(name="Acme Studio")
    client = await make_client(business)
    first = await issue(business, (await make_draft(business, client)).id)
    assert first.number == f"INV-{YEAR}-0001"
    await edit(chat, "Invoicing", "Invoice numbers")
    await chat.say("F{year}/{seq:03}")
    await chat.press("Save")
    assert "Documents already issued keep their numbers" in chat.text
    business = await Business.get(id=business.id)
    second = await issue(business, (await make_draft(business, client)).id)
    assert second.number == f"F{YEAR}/002"
    assert (await Document.get(id=first.id)).number == f"INV-{YEAR}-0001"


async def test_switching_the_yearly_restart_continues_the_count(chat: Chat) -> None:
    business = await Business.get(name="Acme Studio")
    client = await make_client(business)
    for _ in range(2):
        await issue(business, (await make_draft(business, client)).id)
    await edit(chat, "Invoicing", "Numbering restarts every year")
    await chat.press("No")
    await chat.press("Save")
    assert "Saved: Numbering restarts every year." in chat.text
    business = await Business.get(id=business.id)
    assert business.numbering_reset_yearly is False
    third = await issue(business, (await make_draft(business, client)).id)
    assert third.number == f"INV-{YEAR}-0003"
    await edit(chat, "Invoicing", "Numbering restarts every year")
    await chat.press("Yes")
    await chat.press("Save")
    business = await Business.get(id=business.id)
    fourth = await issue(business, (await make_draft(business, client)).id)
    assert fourth.number == f"INV-{YEAR}-0004"


async def test_acceptance_policy_is_explained_and_saved(chat: Chat) -> None:
    await edit(chat, "After acceptance", "When a client accepts")
    assert "• Issue and send it: it gets its number and goes to the client at once." in chat.text
    await chat.press("Issue and send it")
    assert "When a client accepts: Issue and send it" in chat.text
    await chat.press("Save")
    business = await Business.get(name="Acme Studio")
    assert business.acceptance_policy == AcceptancePolicy.ISSUE_AND_SEND


async def test_welcome_email_is_queued_only_when_enabled(chat: Chat) -> None:
    await chat.say("/newclient Jane Doe, jane@doe.example")
    await chat.press("Save")
    assert "welcome" not in chat.text
    await edit(chat, "After acceptance", "Welcome email to new clients")
    await chat.press("Yes")
    await chat.press("Save")
    await chat.say("/newclient Bob Brown, bob@brown.example")
    await chat.press("Save")
    assert "A welcome email to bob@brown.example is queued." in chat.text
    await chat.say("/newclient Carla Campos")
    await chat.press("Save")
    assert "Saved client Carla Campos." in chat.text and "welcome" not in chat.text
    email = await OutboxEmail.get()
    bob = await Client.get(display_name="Bob Brown")
    assert (email.purpose, email.key, email.recipients) == (
        "welcome",
        f"welcome:{bob.id}",
        ["bob@brown.example"],
    )
    assert "Acme Studio will email you proposals and invoices" in email.subject
