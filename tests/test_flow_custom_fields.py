"""Owners define their own client fields; /newclient asks them and the card shows the answers."""

from __future__ import annotations

import pytest

from assent.settings import Settings
from billing.clients.custom_fields import add_custom_field
from models import Business, Client, CustomField, CustomFieldType, CustomFieldValue
from tests.chat import Chat
from tests.test_flow_onboarding import setup_business


@pytest.fixture
async def chat(db: str) -> Chat:
    chat = await Chat.open(Settings())
    await setup_business(chat)
    return chat


async def add_field(chat: Chat, name: str, kind: str, required: str, options: str = "") -> None:
    await chat.say("/settings")
    await chat.press("Custom client fields")
    await chat.press("New field")
    await chat.say(name)
    await chat.press(kind)
    if options:
        await chat.say(options)
    await chat.press(required)
    await chat.press("Save")


async def test_a_new_field_is_asked_in_newclient_and_shown_on_the_card(chat: Chat) -> None:
    await add_field(chat, "Account manager", "Text", "Yes")
    assert "Added the field Account manager" in chat.text
    assert "• Account manager (Text, required)" in chat.text
    await add_field(chat, "Sector", "Choice from a list", "No", "Retail, Wholesale, retail")
    assert "• Sector (Choice from a list, optional)" in chat.text
    sector = await CustomField.get(name="Sector")
    assert sector.choices == ["Retail", "Wholesale"]
    await chat.say("/newclient Jane Doe, jane@doe.example")
    assert "Account manager" in chat.text  # quick add still asks what is required
    await chat.say("Ana")
    assert "• Account manager: Ana" in chat.text
    await chat.press("Save")
    await chat.press("Open card")
    await chat.press("Edit")
    await chat.press("Edit…")
    await chat.press("Sector")
    await chat.say("Other")
    assert "Please pick one of the buttons" in chat.text
    await chat.press("Wholesale")
    await chat.press("Save")
    assert "Account manager: Ana" in chat.text and "Sector: Wholesale" in chat.text


async def test_answers_are_read_by_the_field_type(chat: Chat) -> None:
    business = await Business.get(name="Acme Studio")
    await add_custom_field(business, "Employees", CustomFieldType.NUMBER, required=True)
    await add_custom_field(business, "Contract start", CustomFieldType.DATE, required=True)
    await chat.say("/newclient Jane Doe, jane@doe.example")
    await chat.say("many")
    assert "That is not a number I can read." in chat.text and "Employees" in chat.text
    await chat.say("1,250")
    await chat.say("next spring")
    assert "I couldn't read that date" in chat.text and "Contract start" in chat.text
    await chat.say("3/1/2027")
    await chat.press("Save")
    values = await CustomFieldValue.all().order_by("field_id").values_list("value", flat=True)
    assert values == ["1250", "2027-03-01"]


async def test_a_name_is_used_once(chat: Chat) -> None:
    await add_field(chat, "Account manager", "Text", "No")
    await add_field(chat, "account manager", "Number", "No")
    assert "There is already a field called account manager." in chat.text
    assert "What should I ask about every client?" in chat.text
    await chat.say("Seats")
    await chat.press("Save")
    assert "Added the field Seats" in chat.text


async def test_delete_asks_first_and_takes_the_answers_with_it(chat: Chat) -> None:
    await add_field(chat, "Account manager", "Text", "Yes")
    await chat.say("/newclient Jane Doe, jane@doe.example")
    await chat.say("Ana")
    await chat.press("Save")
    await chat.say("/settings")
    await chat.press("Custom client fields")
    await chat.press("Account manager")
    await chat.press("Delete")
    assert "Account manager? The answer of 1 client to it is deleted too" in chat.text
    await chat.press("No")
    assert await CustomField.exists(name="Account manager")
    await chat.press("Account manager")
    await chat.press("Delete")
    await chat.press("Yes, delete")
    assert "Deleted the field Account manager." in chat.text
    assert "No custom client fields yet." in chat.text
    assert not await CustomField.exists() and not await CustomFieldValue.exists()
    assert await Client.exists(display_name="Jane Doe")
    await chat.say("/newclient Bob Brown")
    assert "Please check" in chat.text  # nothing more to ask
