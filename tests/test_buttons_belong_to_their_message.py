"""A button belongs to the message that offered it: the same [Save] on an older message, even of
another dialog, is stale and must not act on the dialog standing now. Forged callback_data of any
length or alphabet is "expired" and never reaches the database or the engine."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from assent.settings import Settings
from assent.wiring import build_engine
from bot.app import build_application
from models import Client, DialogState
from tests.bot_support import settings_for
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_objects import BotMessage
from tests.fakes.telegram_ptb import polling
from tests.fakes.telegram_users import FakeUser
from tests.test_bot_scenarios import said

OLIVIA = 1001
STALE = "That button has expired. Here is where we are:"


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as server:
        yield server


@pytest.fixture
async def olivia(db: str, fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[FakeUser]:
    settings: Settings = settings_for(fake, str(tmp_path / "files"))
    async with polling(build_application(settings, build_engine(settings))):
        yield fake.user(OLIVIA, "Olivia")


def _told_stale(fake: FakeTelegram) -> bool:
    return any(STALE in (m.text or "") for m in fake.transcript(OLIVIA))


async def _set_up(fake: FakeTelegram, owner: FakeUser) -> tuple[BotMessage, str]:
    """Business setup to its summary and Save; returns the summary and its Save button's data."""
    for answer, expected in [
        ("/start", "business called?"),
        ("Acme Studio", "which country"),
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
    ]:
        await (owner.press(answer[1:]) if answer.startswith("!") else owner.send_text(answer))
        shown = await said(fake, owner, expected)
    save = next(b["callback_data"] for b in shown.buttons() if b["text"] == "Save")
    await owner.press("Save", shown)
    await said(fake, owner, "is ready")
    return shown, save


async def test_save_on_the_old_setup_summary_does_not_save_a_new_client(
    olivia: FakeUser, fake: FakeTelegram
) -> None:
    setup_summary, old_save = await _set_up(fake, olivia)
    await olivia.send_text("/newclient Zed Stale, zed@stale.example")
    client_summary = await said(fake, olivia, "Please check:", "Zed Stale")
    await olivia.forge_callback(old_save, setup_summary)
    await fake.wait_for(lambda: _told_stale(fake))
    # The pressed message now shows the dialog as it stands; its fresh Save saves the client.
    await fake.wait_for(lambda: "Zed Stale" in setup_summary.text)
    assert await Client.exists() is False
    assert client_summary.text.startswith("Please check:")
    await olivia.press("Save", setup_summary)
    await said(fake, olivia, "Saved client Zed Stale.")
    assert await Client.filter(display_name="Zed Stale").count() == 1


async def test_a_button_of_an_earlier_question_is_stale_even_with_the_same_value(
    olivia: FakeUser, fake: FakeTelegram
) -> None:
    """Skip on the email question, pressed again once the phone question (also with Skip) shows."""
    await _set_up(fake, olivia)
    await olivia.send_text("/newclient")
    await olivia.press("Person", await said(fake, olivia, "person or a company"))
    await said(fake, olivia, "client's name")
    await olivia.send_text("Jane Doe")
    email_prompt = await said(fake, olivia, "Email address")
    skip = next(b["callback_data"] for b in email_prompt.buttons() if b["text"] == "Skip")
    await olivia.press("Skip", email_prompt)
    await said(fake, olivia, "Phone number")
    step = (await DialogState.get(user__telegram_id=OLIVIA)).step
    await olivia.forge_callback(skip, email_prompt)
    await fake.wait_for(lambda: _told_stale(fake))
    assert (await DialogState.get(user__telegram_id=OLIVIA)).step == step
