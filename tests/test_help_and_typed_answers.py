"""/help never starts anything and asks the pending question again; typed numbers answer the
questions that also take free text, and stay answers where the answer is a number; setup says
what a legal invoice still needs and where to set it."""

from __future__ import annotations

from datetime import timedelta

from assent.settings import Settings
from billing.businesses.clock import today_for
from billing.i18n import day
from bot.console import format_replies
from models import Business, Client, DialogState
from tests.chat import Chat
from tests.test_flow_onboarding import setup_business


async def _flow(chat: Chat) -> str:
    row = await DialogState.get(channel=chat.channel, chat_id=chat.chat_id, user=chat.user)
    return row.flow


async def test_help_before_setup_is_help_and_setup_starts_only_on_start(db: str) -> None:
    chat = await Chat.open(Settings())
    await chat.say("/help")
    assert "/start" in chat.text and "What is your business called?" not in chat.text
    assert await _flow(chat) == ""
    await chat.say("/help")  # the second is the same: nothing was started
    assert "What is your business called?" not in chat.text
    await chat.say("/start")
    assert "What is your business called?" in chat.text


async def test_help_inside_a_question_repeats_it_with_its_buttons(db: str) -> None:
    chat = await Chat.open(Settings())
    await chat.say("/start")
    await chat.say("Acme Studio")
    await chat.say("Romania")
    assert "Your usual currency?" in chat.text
    await chat.say("/help")
    assert "We are filling in" in chat.replies[0].text
    assert "Your usual currency?" in chat.replies[-1].text
    assert chat.buttons()[:2] == ["RON", "EUR"]
    await chat.say("2")  # the repeated question's buttons count: [2] EUR
    assert "Default language for your documents?" in chat.text
    await chat.say("/back")
    assert "Now: EUR" in chat.text


async def test_setup_says_what_a_legal_invoice_still_needs_and_where(db: str) -> None:
    chat = await Chat.open(Settings())
    await chat.say("/start")
    for answer in ("Acme Studio", "Romania", "1", "1"):
        await chat.say(answer)
    while "Please check" not in chat.text:
        await chat.say("/skip")
    await chat.say("1")  # [1] Save
    assert "is ready" in chat.text
    assert "A legal invoice still needs:" in chat.text
    assert "your address — /settings → Business details" in chat.text
    assert "your tax ID — /settings → Business details" in chat.text
    assert "your bank details (IBAN), so clients can pay — /settings → Invoicing" in chat.text
    assert "your tax rates" not in chat.text  # Romania's usual rates apply
    assert "Settings" in chat.buttons()


async def test_a_complete_setup_needs_nothing_more(db: str) -> None:
    chat = await Chat.open(Settings())
    await setup_business(chat)
    assert "is ready" in chat.text and "still needs" not in chat.text
    business = await Business.get(name="Acme Studio")
    assert business.bank_details == "ES91 2100 0418 4502 0005 1332"
    assert business.timezone == "Europe/Madrid"


async def test_a_typed_number_picks_the_payment_method_not_the_text_1(db: str) -> None:
    chat = await Chat.open(Settings())
    await setup_business(chat)
    await chat.say("/newclient Jane Doe, jane@doe.example")
    await chat.say("Edit…")  # the label as shown, ellipsis included
    await chat.say("payment method")
    await chat.say("1")  # [1] Bank transfer
    assert "Payment method: Bank transfer" in chat.text
    await chat.say("save")
    assert (await Client.get(display_name="Jane Doe")).payment_method == "Bank transfer"


async def _at_the_date_question(start: str, *, done: str, skip: str) -> Chat:
    """A document for Jane with one line and no notes, up to its due date or validity."""
    chat = await Chat.open(Settings())
    await setup_business(chat)
    await chat.register_jane()
    for answer in (start, "Logo design @ 100", done, skip):
        await chat.say(answer)
    return chat


async def test_a_typed_number_is_a_day_count_where_the_question_takes_one(db: str) -> None:
    chat = await _at_the_date_question("/newinvoice Jane", done="1", skip="1")  # typed [1]s
    assert "Due date?" in chat.text
    # The console shows no number on that question's buttons, so "1" cannot look like one.
    assert "[Skip]" in format_replies(chat.replies) and "[1]" not in format_replies(chat.replies)
    await chat.say("1")  # one day, not the Skip button
    await chat.say("Same as issue date")
    business = await Business.get(name="Acme Studio")
    due = day(today_for(business) + timedelta(days=1), "en")
    assert f"Due {due}" in chat.text


async def test_the_current_language_typed_with_its_check_mark_is_that_button(db: str) -> None:
    chat = await Chat.open(Settings())
    await setup_business(chat)
    await chat.say("/settings")
    assert "✅ English" in chat.buttons()
    await chat.say("✅ english")  # as shown, any case
    assert "Language: English" in chat.text
    await chat.say("/settings")
    await chat.say("español")
    await chat.say("1")  # [1] Save
    assert "español" in chat.text
    await chat.user.refresh_from_db()
    assert chat.user.language == "es"


async def test_on_a_day_count_question_the_skip_label_still_skips(db: str) -> None:
    chat = await _at_the_date_question("/newproposal Jane", done="done", skip="skip")  # labels
    assert "Valid until?" in chat.text
    await chat.say("skip")  # the label: the usual validity, not a typed answer
    assert "Valid until" not in chat.text and "Issue" in chat.buttons()
