"""A verified button that names what another business owns, or an id no column can hold, is
answered "doesn't exist": nothing escapes Engine.handle, nothing of the other business changes.

Verified choices come from server-side tokens, so their values are the server's own; but a
notification about business A reaches an owner who has since switched to business B, and a
changed flow may offer stale ids. Every flow is started with every kind of foreign id.
"""

from __future__ import annotations

import pytest

from assent.settings import Settings
from flows.events import Event
from tests.chat import Chat
from tests.reliability.dialogs import other_business, snapshot
from tests.test_flow_onboarding import setup_business

HUGE = "9" * 5000
ODD_DIGITS = ("²", "①", "٣", HUGE, "99999999999999999999", "0")
PREFIXES = ("edit:", "client:", "accept:", "category:")


def _arguments(ids: dict[str, int]) -> list[str]:
    foreign = [
        "{invoice}", "{proposal}", "{client}", "edit:{invoice}", "client:{client}",
        "category:{category}",
        "accept:{inbound}", "decline:{inbound}", "ignore:{inbound}",
    ]  # fmt: skip
    odd = [*ODD_DIGITS]
    odd += [f"{prefix}{digits}" for digits in ("²", HUGE) for prefix in PREFIXES]
    return [pattern.format(**ids) for pattern in foreign] + odd


@pytest.fixture
async def chat(db: str) -> Chat:
    chat = await Chat.open(Settings())
    await setup_business(chat)
    return chat


async def test_every_flow_refuses_foreign_and_malformed_ids(chat: Chat) -> None:
    ids = await other_business()
    before = await snapshot(ids["business"])
    prefixes = ["invoice:send:", "invoice:edit:", "proposal:view:", "review:"]
    values = [f"go:{name}:" for name in chat.engine.flows if name != "onboarding"] + prefixes
    for value in values:
        for argument in _arguments(ids):
            replies = await chat.send(Event.chosen(value + argument, verified=True))
            assert replies, (value, argument)
    assert await snapshot(ids["business"]) == before


async def test_send_button_of_another_business_invoice_says_it_does_not_exist(chat: Chat) -> None:
    ids = await other_business()
    await chat.send(Event.chosen(f"invoice:send:{ids['invoice']}", verified=True))
    assert chat.text == "That document doesn't exist."


@pytest.mark.parametrize("typed", ["²", "①", "٣", HUGE, "0", "3"])
async def test_odd_digits_typed_at_a_button_question_are_asked_again(
    chat: Chat, typed: str
) -> None:
    """`isdigit()` is true for all of these; only "1" and "2" name the two buttons."""
    await chat.say("/newclient")
    await chat.say(typed)
    assert "Please pick one of the buttons (or type its number)." in chat.text
    await chat.say("2")
    assert "What is the client's name?" in chat.text
