"""Where a photographed card is read, through the real engine, database and Tesseract: in the
middle of the new-client form too, and never when the photo is meant for something else."""

from __future__ import annotations

from pathlib import Path

import pytest

from assent.settings import Settings
from models import Business, Client
from tests.chat import Chat
from tests.test_flow_onboarding import setup_business

CARD = (Path(__file__).parent / "fixtures" / "cards" / "own-es-centered.jpg").read_bytes()


@pytest.fixture
async def chat(db: str) -> Chat:
    chat = await Chat.open(Settings())
    await setup_business(chat)
    return chat


async def test_a_card_photo_sent_during_the_form_fills_it_in(chat: Chat) -> None:
    await chat.say("/newclient")
    await chat.press("Company")
    await chat.upload("card.jpg", CARD, "image/jpeg")
    assert "Here is what I read from the picture." in chat.text
    assert "Please check:" in chat.text and "Postcode: 28009" in chat.text
    await chat.press("Save")
    assert await Client.exists(email="lucia.fernandez@olivarverde.es", billing_city="Madrid")


async def test_a_photo_sent_as_the_logo_is_not_read_as_a_card(chat: Chat) -> None:
    await chat.say("/settings")
    await chat.press("Logo")
    await chat.upload("card.jpg", CARD, "image/jpeg")
    assert "Saved: Logo." in chat.text
    assert "read from the picture" not in chat.text
    assert (await Business.get()).logo_attachment_id is not None
    assert not await Client.exists()
