"""Dialog state in the database: concurrent events never lose an answer, old dialogs expire."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from assent.settings import Settings
from models import DialogState
from tests.chat import Chat
from tests.test_flow_onboarding import setup_business


async def at_categories(chat: Chat) -> None:
    await chat.say("/newclient")
    await chat.press("Person")
    await chat.say("Jane Doe")
    for _ in range(11):
        await chat.say("/skip")
    assert "Categories for this client?" in chat.text


async def test_concurrent_events_of_one_chat_all_apply_in_some_order(db: str) -> None:
    chat = await Chat.open(Settings())
    await setup_business(chat)
    await at_categories(chat)
    before = (await DialogState.get(chat_id=chat.chat_id)).version
    names = [f"Group {n}" for n in range(8)]
    await asyncio.gather(*(chat.say(name) for name in names))
    state = await DialogState.get(chat_id=chat.chat_id)
    assert sorted(state.data["values"]["categories"]) == names
    assert state.version == before + len(names)


async def test_an_abandoned_dialog_expires_and_starts_over(db: str) -> None:
    chat = await Chat.open(Settings())
    await setup_business(chat)
    await chat.say("/newclient")
    await chat.press("Company")
    old = datetime.now(UTC) - timedelta(minutes=Settings().bot.dialog_ttl_minutes + 1)
    await DialogState.filter(chat_id=chat.chat_id).update(updated_at=old)
    await chat.say("Acme Ltd")
    assert "expired, so I started over" in chat.text
    state = await DialogState.get(chat_id=chat.chat_id)
    assert "values" not in state.data  # the half-filled client is gone, not saved
