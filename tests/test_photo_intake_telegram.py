"""A client from a photographed business card, through the real PTB Application against the fake
Bot API, with the real Tesseract: photo → summary card → Save; a picture with no card on it gets
a plain answer and the form; a picture sent to another dialog is not read as a card."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from models import Client
from tests.fakes.telegram_api import FakeTelegram
from tests.test_bot_scenarios import OLIVIA, bot, fake, onboard, said, settings  # noqa: F401

CARD = Path(__file__).parent / "fixtures" / "cards" / "own-es-centered.jpg"


def _blank_photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (800, 500), (90, 120, 160)).save(out, "JPEG")
    return out.getvalue()


async def test_a_card_photo_registers_a_client_in_two_messages(
    bot: None, fake: FakeTelegram  # noqa: F811
) -> None:
    olivia = fake.user(OLIVIA, "Olivia")
    await onboard(fake, olivia, "Acme Studio")
    await olivia.send_photo(CARD.read_bytes())
    summary = await said(fake, olivia, "Please check:", "lucia.fernandez@olivarverde.es",
                         timeout=60)
    assert "Olivar Verde S.L." in summary.text
    assert "+34 612 34 56 78" in summary.text or "+34612345678" in summary.text
    await olivia.press("Save", summary)
    await said(fake, olivia, "Saved client Olivar Verde S.L.")
    client = await Client.get(display_name="Olivar Verde S.L.")
    assert (client.email, client.phone, client.billing_postcode, client.billing_city) == (
        "lucia.fernandez@olivarverde.es", "+34612345678", "28009", "Madrid"
    )


async def test_a_photo_without_a_card_says_so_and_opens_the_form(
    bot: None, fake: FakeTelegram  # noqa: F811
) -> None:
    olivia = fake.user(OLIVIA, "Olivia")
    await onboard(fake, olivia, "Acme Studio")
    await olivia.send_photo(_blank_photo())
    await said(fake, olivia, "person or a company?", timeout=60)
    texts = [message.text or "" for message in fake.messages(OLIVIA)]
    assert any("could not read a client's details in that picture" in t for t in texts)
    assert await Client.all().count() == 0
