"""First contact sets up a business; later users join only with a one-time invite code."""

from __future__ import annotations

import dataclasses

from assent.settings import Settings, replace
from models import Business, Membership, Role
from tests.chat import Chat


async def setup_business(chat: Chat) -> None:
    await chat.say("/start")
    assert "set up your business" in chat.text
    await chat.say("Acme Studio")
    await chat.say("Spain")
    await chat.press("Madrid")  # Spain has two clocks: the peninsula's and Canarias'
    await chat.press("EUR")
    await chat.press("English")
    await chat.say("Calle de Alcalá 42")
    await chat.say("28014")
    await chat.say("Madrid")
    await chat.say("/skip")
    await chat.say("B12345674")
    await chat.say("hello@acme.example")
    await chat.say("ES91 2100 0418 4502 0005 1332")
    await chat.say("/skip")  # tax rates: Spain's usual ones
    assert "Please check" in chat.text
    await chat.press("Save")


async def test_first_user_creates_the_business_and_owns_it(db: str) -> None:
    chat = await Chat.open(Settings())
    await setup_business(chat)
    assert "Acme Studio is ready" in chat.text
    business = await Business.get(name="Acme Studio")
    assert (business.country, business.currency, business.language) == ("ES", "EUR", "en")
    assert (business.street, business.postcode, business.city) == (
        "Calle de Alcalá 42",
        "28014",
        "Madrid",
    )
    # Typed without its prefix, the seller's NIF is stored as the VAT ID its invoices print.
    assert (business.tax_id, business.tax_id_kind) == ("ESB12345674", "vat")
    assert await Membership.exists(business=business, user=chat.user, role=Role.OWNER)


async def test_invalid_answers_get_an_error_and_the_same_question(db: str) -> None:
    chat = await Chat.open(Settings())
    await chat.say("/start")
    await chat.say("   ")
    assert "⚠️" in chat.text and "What is your business called?" in chat.text
    await chat.say("Acme")
    await chat.say("Atlantis")
    assert "I don't know that country" in chat.text
    await chat.say("MX")
    await chat.say("Atlantis")
    assert "I don't know that time zone" in chat.text
    await chat.say("america/mexico_city")
    await chat.say("dollars")
    assert "I don't know which currency" in chat.text
    await chat.say("MXN")
    await chat.press("Spanish")
    for _ in range(4):  # street, postcode, city, region
        await chat.say("/skip")
    await chat.say("NOT-AN-RFC")
    assert "valid tax ID for MX" in chat.text
    await chat.say("/skip")
    await chat.say("not an email")
    assert "doesn't look like an email" in chat.text


async def test_second_user_needs_an_invite_code(db: str) -> None:
    owner = await Chat.open(Settings())
    await setup_business(owner)
    await owner.say("/invite")
    code = owner.text.split("Acme Studio: ")[1].split()[0]
    colleague = await Chat.open(Settings(), name="carl")
    await colleague.say("/start")
    assert "invite code" in colleague.text
    await colleague.say("WRONG123")
    assert "not valid" in colleague.text
    await colleague.say(code.lower())
    assert "You joined Acme Studio" in colleague.text
    again = await Chat.open(Settings(), name="dora")
    await again.say(f"/start {code}")
    assert "You joined" not in again.text


async def test_open_registration_lets_anyone_create_a_separate_business(db: str) -> None:
    settings = replace(Settings(), bot={"open_registration": True})
    await setup_business(await Chat.open(settings))
    other = await Chat.open(settings, name="zoe")
    await setup_business(other)
    assert await Business.all().count() == 2
    assert dataclasses.is_dataclass(settings)
