"""A pressed button counts only when its token is known, unexpired, issued to the presser, and the
presser still belongs to the token's business; anything else says "expired" and changes nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.tokens import purge_expired
from models import Business, CallbackToken, DialogState, Membership, Role, User
from tests.bot_support import newcomer, probe_engine, push_message, running_bot, settings_for
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_objects import BotMessage
from tests.fakes.telegram_users import FakeUser

JANE, BOB = 1001, 1002
EXPIRED = "This button has expired."
HINT = "I can read text, contact cards, files and photos."


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as server:
        yield server


@pytest.fixture
async def jane_picking(db: str, fake: FakeTelegram) -> AsyncIterator[tuple[FakeUser, BotMessage]]:
    """Jane, owner of her business, looking at /pick's buttons."""
    async with running_bot(fake, probe_engine(settings_for(fake))):
        jane = await newcomer(fake, JANE)
        await jane.send_text("/pick")
        *_, prompt = await fake.wait_for_messages(JANE, 2)
        yield jane, prompt


async def _refused(fake: FakeTelegram, presser: FakeUser, query: dict) -> None:
    """The press was answered "expired" and nothing else happened: a message the adapter answers
    without the engine, processed strictly after the press, gets the first reply."""
    sent, shown = len(fake.calls), len(fake.transcript(presser.id))
    answer = await fake.wait_for(lambda: fake.callback_answer(query["id"]))
    assert answer["text"] == EXPIRED
    push_message(fake, presser, location={"latitude": 40.4, "longitude": -3.7})
    *_, hint = await fake.wait_for_messages(presser.id, shown + 1)
    assert hint.text == HINT
    made = [call.method for call in fake.calls[sent:] if call.method != "getUpdates"]
    assert made == ["answerCallbackQuery", "sendMessage"]


async def _dialog(user_id: int) -> tuple[int, dict]:
    state = await DialogState.get(user__telegram_id=user_id)
    return state.version, state.data


async def test_a_valid_press_runs_the_choice(
    jane_picking: tuple[FakeUser, BotMessage], fake: FakeTelegram
) -> None:
    jane, prompt = jane_picking
    before, _ = await _dialog(JANE)
    query = await jane.press("D")
    await fake.wait_for(lambda: prompt.text == "Picked so far: d")
    assert "text" not in fake.callback_answer(query["id"])
    assert (await _dialog(JANE))[0] == before + 1


async def test_forged_token_has_no_effect(
    jane_picking: tuple[FakeUser, BotMessage], fake: FakeTelegram
) -> None:
    jane, prompt = jane_picking
    before = await _dialog(JANE)
    # Any length Telegram lets through (1 to 64 bytes), past the 24-character column, any alphabet.
    for forged in ("d", "go:pick:", "AAAAAAAAAAAA", "A" * 25, "B" * 64, "ü" * 32, "t\x00ok"):
        await _refused(fake, jane, await jane.forge_callback(forged, prompt))
    assert await _dialog(JANE) == before
    assert prompt.text == "Pick some" and prompt.versions == []


async def test_stale_token_has_no_effect_and_is_swept(
    jane_picking: tuple[FakeUser, BotMessage], fake: FakeTelegram
) -> None:
    jane, _ = jane_picking
    before = await _dialog(JANE)
    past = datetime.now(UTC) - timedelta(seconds=1)
    await CallbackToken.all().update(expires_at=past)
    await _refused(fake, jane, await jane.press("D"))
    assert await _dialog(JANE) == before
    assert await purge_expired() == 4
    assert await CallbackToken.exists() is False


@pytest.mark.parametrize("colleague", [False, True], ids=["stranger", "colleague"])
async def test_another_users_token_has_no_effect_in_either_dialog(
    jane_picking: tuple[FakeUser, BotMessage], fake: FakeTelegram, colleague: bool
) -> None:
    """Whether or not Bob also works for Jane's business, her buttons are hers alone."""
    _, prompt = jane_picking
    bob = await newcomer(fake, BOB, "Bob")
    if colleague:
        jane = await User.get(telegram_id=JANE)
        bob_user = await User.get(telegram_id=BOB)
        await Membership.create(business_id=jane.current_business_id, user=bob_user)
    await bob.send_text("/pick")
    *_, bobs_prompt = await fake.wait_for_messages(BOB, 2)
    janes_token = prompt.buttons()[2]["callback_data"]
    before = await _dialog(JANE), await _dialog(BOB)
    await _refused(fake, bob, await bob.forge_callback(janes_token, bobs_prompt))
    assert (await _dialog(JANE), await _dialog(BOB)) == before


async def test_token_of_a_business_the_user_has_left_has_no_effect(
    jane_picking: tuple[FakeUser, BotMessage], fake: FakeTelegram
) -> None:
    jane, _ = jane_picking
    user = await User.get(telegram_id=JANE)
    old = user.current_business_id
    other = await Business.create(name="Other Ltd")
    await Membership.create(business=other, user=user, role=Role.STAFF)
    await Membership.filter(user=user, business_id=old).delete()
    before = await _dialog(JANE)
    await _refused(fake, jane, await jane.press("D"))
    assert await _dialog(JANE) == before


async def test_the_notice_speaks_the_users_language(db: str, fake: FakeTelegram) -> None:
    async with running_bot(fake, probe_engine(settings_for(fake))):
        ana = await newcomer(fake, 3, "Ana", language_code="es-ES")
        await ana.send_text("/pick")
        *_, prompt = await fake.wait_for_messages(3, 2)
        query = await ana.forge_callback("AAAAAAAAAAAA", prompt)
        answer = await fake.wait_for(lambda: fake.callback_answer(query["id"]))
    assert answer["text"] == "Este botón ha caducado."
