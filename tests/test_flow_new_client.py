"""Registering clients by chat: every field, back/skip/cancel, edits, duplicates, quick add."""

from __future__ import annotations

import pytest

from assent.settings import Settings
from billing.clients.custom_fields import add_custom_field
from flows.engine import Engine
from models import Category, Client, Contact, CustomFieldType, CustomFieldValue, DialogState
from tests.chat import Chat
from tests.test_flow_onboarding import setup_business


@pytest.fixture
async def chat(db: str) -> Chat:
    chat = await Chat.open(Settings())
    await setup_business(chat)
    return chat


async def test_full_registration_of_a_company_with_every_field(chat: Chat) -> None:
    business = (await chat.user.memberships.all().prefetch_related("business"))[0].business
    await add_custom_field(business, "Account manager", CustomFieldType.TEXT)
    await chat.say("/newclient")
    await chat.press("Company")
    await chat.say("Tom & Jerry Ltd")
    await chat.say("Tom and Jerry Limited")
    await chat.say("Billing@TomJerry.example")
    await chat.say("600 123 456")
    await chat.say("Calle Mayor 1")
    await chat.say("Madrid")
    await chat.say("28001")
    await chat.say("españa")
    await chat.say("B-1234567-4")
    await chat.say("Cartoons")
    await chat.press("Bank transfer")
    await chat.press("EUR")
    await chat.press("Spanish")
    await chat.say("VIP")
    await chat.say("Studios")
    await chat.press("VIP")  # unselect again
    await chat.press("Done")
    await chat.say("Spike Bulldog")
    await chat.say("spike@tomjerry.example")
    await chat.say("/skip")
    await chat.press("No")
    await chat.say("Warehouse Road 5")
    await chat.say("Getafe")
    await chat.say("28901")
    await chat.say("ES")
    await chat.say("Ana")
    await chat.say("Pays late")
    assert "Please check" in chat.text and "Account manager: Ana" in chat.text
    await chat.press("Save")
    assert "Saved client Tom & Jerry Ltd." in chat.text
    client = await Client.get(display_name="Tom & Jerry Ltd")
    assert client.email == "Billing@tomjerry.example"
    assert client.phone == "+34600123456"
    assert client.tax_id == "B12345674" and client.billing_country == "ES"
    assert (client.currency, client.language, client.kind.value) == ("EUR", "es", "company")
    assert client.shipping_city == "Getafe" and client.notes == "Pays late"
    assert [c.name for c in await client.categories.all()] == ["Studios"]
    contact = await Contact.get(client=client)
    assert contact.is_primary and contact.email == "spike@tomjerry.example"
    assert (await CustomFieldValue.get(client=client)).value == "Ana"


async def test_back_keeps_the_answer_and_skip_leaves_optional_fields_empty(chat: Chat) -> None:
    await chat.say("/newclient")
    await chat.press("Person")
    await chat.say("Jane Doe")
    await chat.say("/back")
    assert "Now: Jane Doe" in chat.text
    await chat.say("/skip")  # keeps Jane Doe
    assert "Email address" in chat.text
    await chat.say("/back")
    await chat.say("/back")
    assert "person or a company" in chat.text
    await chat.say("/back")
    assert "first question" in chat.text
    await chat.press("Person")
    await chat.say("/skip")
    assert "Email address" in chat.text
    for _ in range(11):
        await chat.say("/skip")
    assert "Categories for this client?" in chat.text
    await chat.press("Done")
    await chat.press("Yes")
    await chat.say("/skip")
    await chat.press("Save")
    client = await Client.get(display_name="Jane Doe")
    assert client.email == "" and client.currency == "EUR"


async def test_required_fields_cannot_be_skipped(chat: Chat) -> None:
    await chat.say("/newclient")
    await chat.say("/skip")
    assert "This one is required" in chat.text
    await chat.say("Alien")
    assert "Please pick one of the buttons" in chat.text
    await chat.say("2")  # the console's numbered buttons: Company
    assert "client's name" in chat.text


async def test_cancel_saves_nothing_at_any_step(chat: Chat) -> None:
    for steps in range(4):
        await chat.say("/newclient Jane Doe")
        for answer in ["/skip"] * steps:
            await chat.say(answer)
        await chat.say("/cancel")
        assert "Nothing was saved" in chat.text
    assert await Client.all().count() == 0
    await chat.say("/cancel")
    assert "nothing to cancel" in chat.text


async def test_edit_from_summary_returns_to_summary(chat: Chat) -> None:
    await chat.say("/newclient Jane Doe, jane@doe.example")
    assert "Please check" in chat.text
    await chat.press("Edit…")
    await chat.press("Email")
    await chat.say("jane.doe@doe.example")
    assert "Please check" in chat.text and "jane.doe@doe.example" in chat.text
    await chat.press("Save")
    assert await Client.exists(email="jane.doe@doe.example")


async def test_quick_add_parses_and_asks_only_for_what_is_missing(chat: Chat) -> None:
    await chat.say("/newclient Jane Doe, jane@doe.com, +34 600 000 000")
    assert "Please check" in chat.text
    assert "+34600000000" in chat.text and "jane@doe.com" in chat.text
    await chat.press("Save")
    await chat.say("/newclient jane@x.example")
    assert "person or a company" in chat.text
    await chat.press("Person")
    assert "client's name" in chat.text
    await chat.say("Jane X")
    assert "Please check" in chat.text


async def test_possible_duplicate_is_shown_before_saving(chat: Chat) -> None:
    await chat.say("/newclient Jane Doe, jane@doe.com")
    await chat.press("Save")
    await chat.say("/newclient Jane  Doe, other@doe.com")
    await chat.press("Save")
    assert "looks like a client you already have" in chat.text
    assert "Open Jane Doe" in chat.buttons()
    await chat.press("Save anyway")
    assert await Client.filter(display_name__icontains="Jane").count() == 2


async def test_save_and_new_keeps_the_categories(chat: Chat) -> None:
    await chat.say("/newclient")
    await chat.press("Person")
    await chat.say("Ann One")
    for _ in range(11):
        await chat.say("/skip")
    await chat.say("Wholesale")
    await chat.press("Done")
    await chat.press("Yes")
    await chat.say("/skip")
    await chat.press("Save & new")
    assert "Saved client Ann One" in chat.text and "person or a company" in chat.text
    await chat.press("Person")
    await chat.say("Bob Two")
    for _ in range(11):
        await chat.say("/skip")
    await chat.press("Yes")
    await chat.say("/skip")
    assert "Categories: Wholesale" in chat.text
    await chat.press("Save")
    category = await Category.get(name="Wholesale")
    assert await category.clients.all().count() == 2


async def test_shared_contact_starts_a_prefilled_client(chat: Chat) -> None:
    await chat.share_contact("+34 611 222 333", "Luis", "García")
    assert "Name: Luis García" in chat.text and "Phone: +34611222333" in chat.text
    await chat.press("Edit…")
    await chat.press("Email")
    await chat.say("luis@garcia.example")
    await chat.press("Save")
    client = await Client.get(display_name="Luis García")
    assert client.phone == "+34611222333" and client.email == "luis@garcia.example"


async def test_restart_mid_dialog_resumes_at_the_same_step(chat: Chat) -> None:
    await chat.say("/newclient")
    await chat.press("Company")
    await chat.say("Resume Ltd")
    fresh = Chat(
        Engine(chat.engine.flows, chat.engine.commands, chat.engine.settings),
        chat.user,
        chat_id=chat.chat_id,
    )
    await fresh.say("/help")
    assert "New client" in fresh.text
    await fresh.say("Resume Legal SL")
    assert "Email address" in fresh.text
    state = await DialogState.get(chat_id=chat.chat_id)
    assert state.data["values"]["legal_name"] == "Resume Legal SL"


async def test_stale_or_forged_buttons_change_nothing(chat: Chat) -> None:
    await chat.say("/newclient")
    from flows.events import Event

    await chat.send(Event.chosen("f:save"))
    assert "That button has expired" in chat.text and "person or a company" in chat.text
    await chat.send(Event.chosen("go:client:999"))
    assert await Client.all().count() == 0


async def test_unknown_commands_and_stray_text_get_help(chat: Chat) -> None:
    await chat.say("/frobnicate")
    assert "I don't know the command /frobnicate" in chat.text and "/newclient" in chat.text
