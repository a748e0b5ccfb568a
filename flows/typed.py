"""Typed answers to buttons, read once for every dialog: a button's number or its label.

The console prints buttons as `[1] Save  [2] Edit…` and Telegram users type what they read, so a
typed "2", "edit…" or "✅ Español" must do what pressing that button does — on every question,
including those that also take free text (currency, language, payment method). The engine keeps
each turn's buttons (labels and values) in the dialog state and turns a matching text into a
press before any flow sees it.

One exception is decided per question, not guessed: where the typed answer may itself be a
number (a quantity, a price, a day count, a tax rate), a reply sets `NUMBER_ANSWERS` and a typed
"1" stays the answer 1; its labels still match.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from flows.events import Event, EventKind
from flows.ids import parse_position
from flows.replies import Choice, Reply

# Reply.extra key: this question's typed answer may be a number, so digits are not button
# numbers. The console reads the same key (bot/console.py) before it maps a typed number.
NUMBER_ANSWERS = "free_text"


def label_key(text: str) -> str:
    """A label as a typed answer is compared: any case, without the decoration a renderer puts
    in front (✅, 📎, •) and without a trailing ellipsis ("Edit…" typed as "edit")."""
    text = unicodedata.normalize("NFKC", text).strip()
    start = 0
    while start < len(text) and unicodedata.category(text[start])[0] not in "LN":
        start += 1
    return text[start:].removesuffix("…").removesuffix("...").strip().casefold()


def remember(state: dict[str, Any], replies: list[Reply], *, waiting: bool) -> None:
    """Keep this turn's buttons (`offered` values, their labels), what typed digits mean and,
    while a dialog `waiting` for an answer, its question (what /help shows again)."""
    choices = [choice for reply in replies for choice in reply.choices]
    state["offered"] = [choice.value for choice in choices]
    state["labels"] = [choice.label for choice in choices]
    state["numbers"] = not any(reply.extra.get(NUMBER_ANSWERS) for reply in replies)
    asking = [reply for reply in replies if reply.text and not reply.document]
    if waiting and asking:
        question = asking[-1]
        state["question"] = {
            "text": question.text,
            "choices": [[c.label, c.value] for c in question.choices],
            "columns": question.columns,
            "extra": question.extra,
        }
    else:
        state.pop("question", None)


def pending_question(state: dict[str, Any]) -> Reply | None:
    """The question the dialog waits on, exactly as it was last shown."""
    question = state.get("question")
    if not question:
        return None
    return Reply(
        question["text"],
        tuple(Choice(label, value) for label, value in question["choices"]),
        columns=question["columns"],
        extra=dict(question.get("extra", {})),
    )


def as_press(event: Event, state: dict[str, Any]) -> Event:
    """A text naming one of the buttons just offered (by number or label) becomes that press."""
    if event.kind != EventKind.TEXT or not event.text:
        return event
    values: list[str] = state.get("offered", [])
    labels: list[str] = state.get("labels", [])
    if not values or len(labels) != len(values):
        return event
    wanted = label_key(event.text)
    matches = {
        value for label, value in zip(labels, values, strict=True) if label_key(label) == wanted
    }
    if wanted and len(matches) == 1:  # a label first: options "3", "2", "1" mean themselves
        return _press(matches.pop(), state)
    typed = event.text.strip()
    position = parse_position(typed, len(values)) if state.get("numbers", True) else None
    if position is not None and typed == str(position + 1):  # "01" is not how [1] reads
        return _press(values[position], state)
    return event


def _press(value: str, state: dict[str, Any]) -> Event:
    # The value was offered on this very turn, so it is as good as a server-side button token.
    return Event.chosen(value, verified=True, offer=str(state.get("offer", "")))
