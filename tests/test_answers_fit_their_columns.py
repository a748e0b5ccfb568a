"""Every answer fits the column it is saved in, checked where it is asked: typed, pressed, in a
quick add or a shared contact. The limits come from the models, so Save never fails later on a
value the database cannot hold (PostgreSQL refuses it; SQLite would keep it silently)."""

from __future__ import annotations

import pytest

from assent.settings import Settings
from flows import validators as v
from flows.business.custom_fields import NEW_FIELD
from flows.business.sections import DETAILS
from flows.clients.categories import CATEGORY_NAME
from flows.clients.client_fields import BASE_FIELDS
from flows.clients.contacts import AddContactFlow
from flows.onboarding import FIELDS as SETUP_FIELDS
from models import Category, Client
from tests.chat import Chat
from tests.test_flow_onboarding import setup_business

FREE_TEXT = (v.short_text, v.name, v.email, v.phone, v.client_tax_id)


@pytest.fixture
async def chat(db: str) -> Chat:
    chat = await Chat.open(Settings())
    await setup_business(chat)
    return chat


async def test_every_typed_question_names_the_column_it_fills(chat: Chat) -> None:
    contact_fields = await AddContactFlow().fields(None)  # type: ignore[arg-type]
    fields = [*BASE_FIELDS, *SETUP_FIELDS, *DETAILS, *NEW_FIELD, *contact_fields, CATEGORY_NAME]
    unbounded = [f.name for f in fields if f.parse in FREE_TEXT and f.stored_in is None]
    assert unbounded == []
    assert {f.name: f.max_length for f in BASE_FIELDS if f.name.startswith("billing")} == {
        "billing_street": 200,
        "billing_city": 100,
        "billing_postcode": 20,
    }


async def test_answers_longer_than_their_columns_are_refused_and_asked_again(chat: Chat) -> None:
    await chat.say("/newclient")
    await chat.press("Person")
    for answer in ("Jane Doe", "/skip", "/skip", "/skip"):
        await chat.say(answer)
    for too_long, limit, fitting in [
        ("M" * 101, 100, "Madrid"),  # city
        ("2" * 21, 20, "28001"),  # postcode
    ]:
        await chat.say(too_long)
        assert f"That is too long ({limit} characters at most)." in chat.text
        await chat.say(fitting)
    for answer in ("Spain", "/skip", "/skip"):
        await chat.say(answer)
    await chat.say("P" * 33)  # payment method, typed instead of a button
    assert "That is too long (32 characters at most)." in chat.text
    await chat.say("Barter")
    await chat.press("EUR")
    await chat.press("English")
    await chat.say("C" * 101)  # a new category
    assert "That is too long (100 characters at most)." in chat.text
    await chat.press("Done")
    while "Please check:" not in chat.text:
        await chat.say("/skip")
    await chat.press("Save")
    client = await Client.get()
    assert (client.billing_city, client.billing_postcode, client.payment_method) == (
        "Madrid",
        "28001",
        "Barter",
    )


async def test_quick_add_and_a_shared_contact_meet_the_name_limit(chat: Chat) -> None:
    await chat.say(f"/newclient {'J' * 201}, jane@doe.example")
    if "person or a company" in chat.text:  # the over-long name was not taken: asked again
        await chat.press("Person")
    assert "What is the client's name?" in chat.text
    await chat.say("Jane Doe")
    await chat.press("Save")
    await chat.share_contact("+34 600 000 002", "T" * 150, "J" * 60)
    # The card's name is shown (shortened) and asked again, with the reason.
    assert "Name: I read “TTTT" in chat.text and "A name needs 1 to 200 characters." in chat.text
    assert "What is the client's name?" in chat.text
    await chat.say("Tom Jones")
    await chat.press("Save")
    names = await Client.all().order_by("id").values_list("display_name", flat=True)
    assert names == ["Jane Doe", "Tom Jones"]


async def test_a_category_name_longer_than_its_column_is_refused(chat: Chat) -> None:
    await chat.say("/categories")
    await chat.press("New category")
    await chat.say("K" * 101)
    assert "That is too long (100 characters at most)." in chat.text
    await chat.say("VIP")
    assert await Category.filter(name="VIP").exists()
