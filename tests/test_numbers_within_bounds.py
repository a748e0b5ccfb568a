"""Numbers a person types stay within documented bounds (billing/totals.py): a tax rate and a
discount between 0 and 100 %, a quantity up to 10^9, a unit price up to 10^12, a line up to 10^15.
Beyond them the line is refused with its reason in the user's language, and nothing raises."""

from __future__ import annotations

import pytest

from assent.settings import Settings
from models import Document
from tests.chat import Chat
from tests.test_flow_onboarding import setup_business


@pytest.fixture
async def chat(db: str) -> Chat:
    chat = await Chat.open(Settings())
    await setup_business(chat)
    await chat.say("/newclient Jane Doe, jane@doe.example")
    await chat.press("Save")
    await chat.say("/newinvoice Jane")
    return chat


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Audit @ 100 vat1000", "A tax rate is between 0 and 100; 1000 is not."),
        ("Audit @ 100 -150%", "A discount is between 0 and 100 %; 150 is not."),
        ("Audit @ 1" + "0" * 30, "A unit price can be at most 1000000000000."),
        ("1" + "0" * 30 + " x Audit @ 1", "A quantity can be at most 1000000000."),
        ("1000000000 x Audit @ 10000000", "One line can come to at most 1000000000000000;"),
    ],
)
async def test_out_of_bounds_lines_are_refused_with_their_reason(
    chat: Chat, line: str, reason: str
) -> None:
    await chat.say(line)
    assert reason in chat.text
    await chat.say("Audit @ 100 vat21")  # the dialog goes on
    await _finish(chat)
    assert "Issued " in chat.text
    assert [d.total for d in await Document.all()] == [121]


async def test_the_largest_allowed_line_is_issued_and_stored_exactly(chat: Chat) -> None:
    await chat.say("1000000 x Dam @ 1000000000 vat100")
    await _finish(chat)
    document = await Document.get()
    assert (document.net, document.total) == (10**15, 2 * 10**15)


async def _finish(chat: Chat) -> None:
    """Done with lines, no notes, the usual dates, then Issue (as Chat.write_document ends)."""
    await chat.press("Done")
    await chat.press("Skip")
    await chat.press("Skip")
    if "Same as issue date" in chat.buttons():
        await chat.press("Same as issue date")
    await chat.press("Issue")
