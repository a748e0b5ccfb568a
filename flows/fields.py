"""A form's questions as data, and how each one is shown: prompt, summary line, buttons.

flows/form.py moves through the questions; this module only says what each step looks like,
so the state machine and the wording can be read (and changed) apart.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from tortoise.models import Model

from flows.context import Context
from flows.errors import Invalid
from flows.events import ContactCard
from flows.flow import N_
from flows.ids import parse_position
from flows.replies import Choice, Reply

Values = dict[str, Any]
SKIP, DONE, SAVE, SAVE_NEW, EDIT, SUMMARY, CONFIRM, THATS_ALL = (
    "f:skip",
    "f:done",
    "f:save",
    "f:save_new",
    "f:edit",
    "f:summary",
    "f:confirm",
    "f:thats_all",  # leave this and every later optional question empty: on to the summary
)
SUMMARY_STEP, EDIT_STEP, DUPLICATE_STEP = "_summary", "_edit", "_duplicate"


@dataclass(frozen=True)
class Field:
    name: str
    label: str  # msgid, shown on the summary card
    prompt: str  # msgid
    parse: Callable[[Context, str], Any] | None = None
    required: bool = False
    when: Callable[[Values], bool] | None = None
    choices: Callable[[Context, Values], Awaitable[list[Choice]]] | None = None
    free_text: bool = True  # with choices: may the user also type an answer?
    multiple: bool = False  # several choices, finished with Done
    hint: str = ""  # msgid: an example of a good answer
    show: Callable[[Context, Any], str] | None = None
    # The model column the answer is saved in: its max_length is the answer's limit.
    stored_in: tuple[type[Model], str] | None = None

    def applies(self, values: Values) -> bool:
        return self.when is None or self.when(values)

    @property
    def max_length(self) -> int | None:
        """What the column holds, read from the model so the two can never disagree."""
        if self.stored_in is None:
            return None
        model, column = self.stored_in
        return getattr(model._meta.fields_map[column], "max_length", None)

    def check_length(self, value: Any) -> None:
        """Refuse an answer (or any item of a list answer) longer than the column."""
        limit = self.max_length
        items = value if isinstance(value, list) else [value]
        if limit and any(isinstance(item, str) and len(item) > limit for item in items):
            raise Invalid(N_("That is too long ({max} characters at most)."), max=limit)


async def yes_no(ctx: Context, _values: Values) -> list[Choice]:
    return [Choice(ctx.t("Yes"), "yes"), Choice(ctx.t("No"), "no")]


def show_yes_no(ctx: Context, value: str) -> str:
    return ctx.t("Yes") if value == "yes" else ctx.t("No")


def yes_no_field(name: str, label: str, prompt: str, **options: Any) -> Field:
    """A question answered with Yes or No buttons only; the answer is stored as "yes"/"no"."""
    return Field(name, label, prompt, choices=yes_no, free_text=False, show=show_yes_no, **options)


async def prompt(ctx: Context, field: Field, state: Values) -> Reply:
    """The question, its hint or current answer, and its buttons."""
    values: Values = state["values"]
    lines = [ctx.t(field.prompt)]
    if field.hint:
        lines.append(ctx.t("For example: {example}", example=ctx.t(field.hint)))
    current = values.get(field.name)
    if field.multiple:
        lines.append(ctx.t("Tap to select or unselect, then Done. Type a name to add a new one."))
    elif current not in (None, "", []):
        shown = display(ctx, field, current)
        lines.append(ctx.t("Now: {value} — send a new answer or /skip to keep it.", value=shown))
    elif not field.required:
        lines.append(ctx.t("(optional — /skip)"))
    choices: list[Choice] = list(await field.choices(ctx, values)) if field.choices else []
    if field.multiple:
        chosen = set(current or [])
        choices = [Choice(("✅ " if c.value in chosen else "") + c.label, c.value) for c in choices]
        choices.append(Choice(ctx.t("Done"), DONE))
    elif not field.required:
        choices.append(Choice(ctx.t("Skip"), SKIP))
    if not field.required:
        choices.append(Choice(ctx.t("That's all"), THATS_ALL))
    typed = field.free_text and not field.multiple  # a typed "1" is an answer, not button 1
    return Reply(
        "\n".join(lines),
        tuple(choices),
        columns=3 if len(choices) > 4 else 2,
        extra={"free_text": "1"} if typed else {},
    )


def summary(ctx: Context, fields: Sequence[Field], state: Values, *, can_save_new: bool) -> Reply:
    """Every answer given, then Save (and Save & new) or Edit."""
    values: Values = state["values"]
    lines = [ctx.t("Please check:")]
    for field in fields:
        if field.applies(values) and values.get(field.name) not in (None, "", []):
            lines.append(f"• {ctx.t(field.label)}: {display(ctx, field, values[field.name])}")
    choices = [Choice(ctx.t("Save"), SAVE)]
    if can_save_new:
        choices.append(Choice(ctx.t("Save & new"), SAVE_NEW))
    choices.append(Choice(ctx.t("Edit…"), EDIT))
    return Reply("\n".join(lines), tuple(choices), columns=3, edit=True)


def edit_choices(ctx: Context, fields: Sequence[Field], state: Values) -> tuple[Choice, ...]:
    values: Values = state["values"]
    editable = [f for f in fields if f.applies(values)]
    return (
        *(Choice(ctx.t(f.label), f"f:field:{f.name}") for f in editable),
        Choice(ctx.t("Back to summary"), SUMMARY),
    )


def display(ctx: Context, field: Field, value: Any) -> str:
    if field.show is not None:
        return field.show(ctx, value)
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def match_choice(text: str, offered: Sequence[Choice]) -> str | None:
    """Typed answers to buttons: the label (any case) or its number as the console prints it."""
    wanted = text.strip().casefold()
    position = parse_position(wanted, len(offered))
    if position is not None:
        return offered[position].value
    for choice in offered:
        label = choice.label.removeprefix("✅ ").casefold()
        if wanted in (label, choice.value.casefold()):
            return choice.value
    return None


def from_contact(field: Field, card: ContactCard) -> Any:
    if field.name == "phone" and card.phone:
        return card.phone
    raise Invalid(N_("Please answer with text."))
