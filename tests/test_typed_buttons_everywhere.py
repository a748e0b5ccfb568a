"""Every question that shows buttons takes a typed button number or label as that press.

The console prints buttons as `[1] Save  [2] Edit…` and people type what they read; the scripted
tests used to press buttons by value, so numbers were never typed where a question also takes
free text (currency, language, payment method: "1" was refused or saved as the payment method
"1"). Here the dialogs are walked from every command: at each question with buttons, pressing
button i, typing "i" and typing its label (as shown, ✅ included) must lead to the same replies
and the same dialog state. Each trial runs in a transaction that is rolled back, so a Save
pressed in one trial leaves nothing for the next.

Questions whose typed answer may itself be a number keep "1" as that answer; they are listed in
NUMBER_QUESTIONS with the reason, so a new one is a decision, not an accident.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from tortoise.transactions import in_transaction

from assent.settings import Settings
from flows.events import Event
from flows.registry import COMMANDS
from models import DialogState
from tests.chat import Chat
from tests.test_flow_onboarding import setup_business

pytestmark = pytest.mark.timeout(900)

# (flow, step) → why a typed number is the answer there, not a button.
NUMBER_QUESTIONS = {
    ("invoicing", "payment_terms_days"): "a number of days",
    ("invoicing", "proposal_validity_days"): "a number of days",
    ("invoicing", "default_tax_rates"): "tax rates are numbers",
    ("new_invoice", "date"): "due date: a date or a number of days",
    ("new_proposal", "date"): "valid until: a date or a number of days",
    ("new_invoice", "reference"): "a purchase order is often a bare number",
    ("document", "payment"): "the amount paid",
}
SETTINGS_SECTIONS = ("business_details", "invoicing", "acceptance", "custom_fields", "language")
MAX_DEPTH = 3


class Rollback(Exception):
    """Ends a trial: everything it wrote is undone."""


def _seen(replies: list[Any]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((r.text, tuple(c.label for c in r.choices)) for r in replies)


def _comparable(data: dict[str, Any]) -> str:
    """The dialog state without its random turn id, and with row ids blurred: PostgreSQL does
    not roll sequences back, so a record made in one trial gets a new id in the next."""
    kept = {key: value for key, value in data.items() if key != "offer"}
    return re.sub(r"\d+", "#", json.dumps(kept, sort_keys=True))


class Walker:
    def __init__(self, chat: Chat) -> None:
        self.chat = chat
        self.visited: set[tuple[str, str, tuple[str, ...]]] = set()
        self.numeric: set[tuple[str, str]] = set()
        self.checked = 0

    async def row(self) -> DialogState:
        return await DialogState.get(
            channel=self.chat.channel, chat_id=self.chat.chat_id, user=self.chat.user
        )

    async def trial(self, event: Event) -> tuple[Any, ...]:
        """The replies and dialog state one event leads to, then undone."""
        kept = self.chat.replies
        result: tuple[Any, ...] = ()
        try:
            async with in_transaction():
                replies = await self.chat.send(event)
                row = await self.row()
                result = (_seen(replies), row.flow, _comparable(row.data or {}))
                raise Rollback
        except Rollback:
            pass
        self.chat.replies = kept
        return result

    async def check(self, row: DialogState) -> None:
        data = row.data or {}
        values, labels = data.get("offered", []), data.get("labels", [])
        assert len(values) == len(labels), (row.flow, data)
        step = str(data.get("step", ""))
        if not data.get("numbers", True):
            self.numeric.add((row.flow, step))
        for number, (value, label) in enumerate(zip(values, labels, strict=True), start=1):
            pressed = await self.trial(Event.chosen(value, offer=data.get("offer", "")))
            by_label = await self.trial(Event.from_text(label))
            assert by_label == pressed, (row.flow, step, label)
            if data.get("numbers", True):
                by_number = await self.trial(Event.from_text(str(number)))
                assert by_number == pressed, (row.flow, step, number, label)
            self.checked += 1

    async def walk(self, depth: int) -> None:
        row = await self.row()
        data = row.data or {}
        key = (row.flow, str(data.get("step", "")), tuple(data.get("labels", [])))
        if not data.get("offered") or key in self.visited:
            return
        self.visited.add(key)
        await self.check(row)
        if depth == 0:
            return
        kept = self.chat.replies
        for value in data["offered"]:
            try:
                async with in_transaction():
                    await self.chat.send(Event.chosen(value, offer=data.get("offer", "")))
                    await self.walk(depth - 1)
                    raise Rollback
            except Rollback:
                pass
            self.chat.replies = kept


async def test_every_question_with_buttons_takes_their_numbers_and_labels(db: str) -> None:
    chat = await Chat.open(Settings())
    await setup_business(chat)
    await chat.register_jane()
    await chat.write_document("/newinvoice Jane", "Logo design @ 100", "Issue")
    await chat.write_document("/newproposal Jane", "Logo design @ 100", "Issue")
    walker = Walker(chat)
    entries = [f"/{command}" for command in COMMANDS if command != "start"]
    # A quick add opens the client form at its summary: Edit… reaches every question (kind,
    # payment method, currency, language, categories…), as the settings sections do theirs.
    entries.append("/newclient Tom Roe, tom@roe.example")
    for entry in [*entries, *(f"go:{section}:" for section in SETTINGS_SECTIONS)]:
        await chat.say("/cancel")
        if entry.startswith("go:"):
            await chat.send(Event.chosen(entry, verified=True))
        else:
            await chat.say(entry)
        await walker.walk(MAX_DEPTH)
    assert walker.checked > 100  # the walk really went through the dialogs
    assert walker.numeric <= set(NUMBER_QUESTIONS), walker.numeric - set(NUMBER_QUESTIONS)
    steps = {step for _flow, step, _labels in walker.visited}
    assert {"payment_method", "currency", "language", "timezone", "payment_means"} <= steps


async def test_every_setup_question_with_buttons_takes_their_numbers_and_labels(db: str) -> None:
    """Setup's own questions (country's clock, currency, language), reached from its summary."""
    chat = await Chat.open(Settings(), name="nadia")
    await chat.say("/start")
    for answer in ("Taller Lupita", "Mexico", "1", "1", "1"):  # clock, currency, language by number
        await chat.say(answer)
    while "Please check" not in chat.text:
        await chat.say("/skip")
    walker = Walker(chat)
    await walker.walk(2)
    steps = {step for flow, step, _labels in walker.visited if flow == "onboarding"}
    assert {"timezone", "currency", "language"} <= steps
