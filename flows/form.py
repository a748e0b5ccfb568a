"""Declarative forms: fields asked in order, a summary card, edit-any-field, then commit.

A form subclass declares its fields (data, not code paths) and three hooks: prefill (quick add,
shared contact), duplicates (shown before saving) and commit. Everything a user can do between
(back, skip, help, wrong answers, buttons from old messages) is handled here once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flows.context import Context
from flows.errors import Invalid
from flows.events import Event, EventKind
from flows.fields import (
    CONFIRM,
    DONE,
    DUPLICATE_STEP,
    EDIT,
    EDIT_STEP,
    SAVE,
    SAVE_NEW,
    SKIP,
    SUMMARY,
    SUMMARY_STEP,
    THATS_ALL,
    Field,
    Values,
    edit_choices,
    from_contact,
    match_choice,
    prompt,
    summary,
)
from flows.flow import N_, Outcome
from flows.replies import Choice, Reply


class FormFlow:
    """Subclasses set name/title and implement fields(), commit(); optionally prefill/duplicates."""

    name = ""
    title = ""
    can_save_new = False

    async def fields(self, ctx: Context) -> Sequence[Field]:
        raise NotImplementedError

    async def prefill(self, ctx: Context, args: str, event: Event | None, carry: Values) -> Values:
        return dict(carry.get("values", {}))

    async def duplicates(self, ctx: Context, values: Values) -> list[Choice]:
        """Existing records that look like this one, as buttons that open them."""
        return []

    async def commit(self, ctx: Context, values: Values, state: Values) -> Outcome:
        raise NotImplementedError

    def carry_for_next(self, values: Values) -> Values:
        return {}

    # The engine's entry points ---------------------------------------------------------------

    async def start(self, ctx: Context, args: str, event: Event | None, carry: Values) -> Outcome:
        values = await self.prefill(ctx, args, event, carry)
        fields = await self.fields(ctx)
        refused = _drop_overlong(fields, values)
        state: Values = {"values": values, "history": [], "quick": bool(values) and not carry}
        state.update(carry.get("state", {}))
        intro = [Reply(ctx.t(self.title))] if not state.get("step") else []
        intro += [
            Reply(
                "⚠️ "
                + ctx.t(
                    "{field}: too long ({max} characters at most), left out.",
                    field=ctx.t(field.label),
                    max=field.max_length,
                )
            )
            for field in refused
        ]
        if not state.get("step"):
            state["step"] = self._next(
                fields, values, None, quick=state["quick"], ask=state.get("ask", ())
            )
        outcome = await self._show(ctx, fields, state)
        outcome.replies[:0] = intro
        return outcome

    async def handle(self, ctx: Context, state: Values, event: Event) -> Outcome:
        fields = await self.fields(ctx)
        step = state.get("step", SUMMARY_STEP)
        if event.kind == EventKind.COMMAND and event.command == "repeat":
            return await self._show(ctx, fields, state)
        if step == SUMMARY_STEP:
            return await self._on_summary(ctx, fields, state, event)
        if step == EDIT_STEP:
            return await self._on_edit_pick(ctx, fields, state, event)
        if step == DUPLICATE_STEP:
            return await self._on_duplicate(ctx, fields, state, event)
        field = next((f for f in fields if f.name == step), None)
        if field is None:  # a field vanished (custom field deleted mid-dialog)
            state["step"] = SUMMARY_STEP
            return await self._show(ctx, fields, state)
        return await self._on_field(ctx, fields, field, state, event)

    def help(self, ctx: Context, state: Values) -> str:
        step = state.get("step", "")
        parts = [ctx.t("We are filling in: {title}.", title=ctx.t(self.title))]
        if step == SUMMARY_STEP:
            parts.append(ctx.t("Check the answers, then Save, or Edit any of them."))
        elif not step.startswith("_"):
            parts.append(
                ctx.t("Answer the question, or use /back, /skip (optional fields) or /cancel.")
            )
        return "\n".join(parts)

    # Steps ------------------------------------------------------------------------------------

    async def _on_field(
        self, ctx: Context, fields: Sequence[Field], field: Field, state: Values, event: Event
    ) -> Outcome:
        values: Values = state["values"]
        command = event.command if event.kind == EventKind.COMMAND else ""
        if command == "back":
            return await self._back(ctx, fields, state)
        if command == "skip" or (event.kind == EventKind.CHOICE and event.choice == SKIP):
            if field.required and values.get(field.name) in (None, "", []):
                return await self._reprompt(ctx, fields, state, ctx.t("This one is required."))
            values.setdefault(field.name, None)
            return await self._advance(ctx, fields, field, state)
        if event.kind == EventKind.CHOICE and event.choice == THATS_ALL and not field.required:
            # Only required answers still missing are asked from here on.
            values.setdefault(field.name, None)
            state["quick"], state["ask"] = True, []
            return await self._advance(ctx, fields, field, state)
        if command:
            text = ctx.t("Please answer the question first, or /cancel.")
            return await self._reprompt(ctx, fields, state, text)
        try:
            value = await self._read(ctx, field, values, event)
        except Invalid as error:
            return await self._reprompt(ctx, fields, state, ctx.t(error.key, **error.params))
        if field.multiple and value is not DONE:
            chosen = list(values.get(field.name) or [])
            if value in chosen:
                chosen.remove(value)
            else:
                chosen.append(value)
            values[field.name] = chosen
            return await self._show(ctx, fields, state)
        if value is not DONE:
            values[field.name] = value
        return await self._advance(ctx, fields, field, state)

    async def _read(self, ctx: Context, field: Field, values: Values, event: Event) -> Any:
        if event.kind == EventKind.CHOICE:
            if field.multiple and event.choice == DONE:
                return DONE
            offered = await field.choices(ctx, values) if field.choices else []
            if event.choice not in {choice.value for choice in offered}:
                raise Invalid(N_("That button does not belong to this question."))
            return event.choice
        if event.kind == EventKind.CONTACT and event.contact is not None:
            return from_contact(field, event.contact)
        if event.kind != EventKind.TEXT or not event.text:
            raise Invalid(N_("Please answer with text."))
        if field.choices and not field.free_text:
            offered = await field.choices(ctx, values)
            match = match_choice(event.text, offered)
            if match is None:
                raise Invalid(N_("Please pick one of the buttons (or type its number)."))
            return match
        ctx.answers = values
        value = field.parse(ctx, event.text) if field.parse else event.text.strip()
        field.check_length(value)
        return value

    async def _back(self, ctx: Context, fields: Sequence[Field], state: Values) -> Outcome:
        history: list[str] = state["history"]
        if not history:
            return await self._reprompt(ctx, fields, state, ctx.t("This is the first question."))
        state["step"] = history.pop()
        return await self._show(ctx, fields, state)

    async def _advance(
        self, ctx: Context, fields: Sequence[Field], field: Field, state: Values
    ) -> Outcome:
        if state.pop("editing", False):
            state["step"] = SUMMARY_STEP
        else:
            state["history"].append(field.name)
            asked = state.setdefault("asked", [])
            asked.append(field.name)
            state["step"] = self._next(
                fields,
                state["values"],
                field.name,
                quick=state["quick"],
                asked=asked,
                ask=state.get("ask", ()),
            )
        return await self._show(ctx, fields, state)

    @staticmethod
    def _next(
        fields: Sequence[Field],
        values: Values,
        after: str | None,
        *,
        quick: bool,
        asked: Sequence[str] = (),
        ask: Sequence[str] = (),
    ) -> str:
        """The next field to ask; quick add asks only for required answers still missing, and
        the fields in `ask` (an intake's doubtful values), each once.

        Answers prefilled from a contact card are not asked again, but a field the user already
        saw (and went back past) is, with its answer as the default.
        """
        names = [f.name for f in fields]
        start = names.index(after) + 1 if after in names else 0
        for field in fields[start:]:
            if not field.applies(values):
                continue
            missing = values.get(field.name) in (None, "", [])
            wanted = field.name in ask and field.name not in asked
            if quick and not ((field.required and missing) or wanted):
                continue
            if not wanted and field.name in values and not missing and field.name not in asked:
                continue
            return field.name
        return SUMMARY_STEP

    async def _on_summary(
        self, ctx: Context, fields: Sequence[Field], state: Values, event: Event
    ) -> Outcome:
        choice = event.choice if event.kind == EventKind.CHOICE else ""
        if event.kind == EventKind.COMMAND and event.command == "back" and state["history"]:
            state["step"] = state["history"].pop()
            return await self._show(ctx, fields, state)
        if choice == EDIT:
            state["step"] = EDIT_STEP
            return await self._show(ctx, fields, state)
        if choice in (SAVE, SAVE_NEW):
            state["save_new"] = choice == SAVE_NEW
            return await self._save(ctx, fields, state)
        return await self._reprompt(ctx, fields, state, ctx.t("Please use the buttons below."))

    async def _on_edit_pick(
        self, ctx: Context, fields: Sequence[Field], state: Values, event: Event
    ) -> Outcome:
        choice = event.choice if event.kind == EventKind.CHOICE else ""
        if event.kind == EventKind.TEXT:
            choice = match_choice(event.text, edit_choices(ctx, fields, state)) or ""
        if choice == SUMMARY or (event.kind == EventKind.COMMAND and event.command == "back"):
            state["step"] = SUMMARY_STEP
        elif choice.startswith("f:field:"):
            state["step"], state["editing"] = choice.removeprefix("f:field:"), True
        else:
            return await self._reprompt(ctx, fields, state, ctx.t("Please pick a field to edit."))
        return await self._show(ctx, fields, state)

    async def _on_duplicate(
        self, ctx: Context, fields: Sequence[Field], state: Values, event: Event
    ) -> Outcome:
        choice = event.choice if event.kind == EventKind.CHOICE else ""
        if choice == CONFIRM:
            state["duplicates_confirmed"] = True
            return await self._save(ctx, fields, state)
        if choice == EDIT:
            state["step"] = EDIT_STEP
            return await self._show(ctx, fields, state)
        return await self._reprompt(ctx, fields, state, ctx.t("Please use the buttons below."))

    async def _save(self, ctx: Context, fields: Sequence[Field], state: Values) -> Outcome:
        values: Values = state["values"]
        missing = [f for f in fields if f.applies(values) and f.required and not values.get(f.name)]
        if missing:
            state["step"], state["editing"] = missing[0].name, True
            outcome = await self._show(ctx, fields, state)
            outcome.replies.insert(0, Reply(ctx.t("Some required answers are missing.")))
            return outcome
        if not state.get("duplicates_confirmed"):
            similar = await self.duplicates(ctx, values)
            if similar:
                state["step"] = DUPLICATE_STEP
                text = ctx.t("This looks like a client you already have:")
                choices = (
                    *similar,
                    Choice(ctx.t("Save anyway"), CONFIRM),
                    Choice(ctx.t("Edit"), EDIT),
                )
                return Outcome([Reply(text, choices, columns=1)], state=state)
        outcome = await self.commit(ctx, values, state)
        if state.get("save_new") and outcome.state is None:
            outcome.then = (self.name, "")
            outcome.carry = {"values": self.carry_for_next(values)}
        return outcome

    # Rendering --------------------------------------------------------------------------------

    async def _reprompt(
        self, ctx: Context, fields: Sequence[Field], state: Values, error: str
    ) -> Outcome:
        outcome = await self._show(ctx, fields, state)
        outcome.replies.insert(0, Reply("⚠️ " + error))
        return outcome

    async def _show(self, ctx: Context, fields: Sequence[Field], state: Values) -> Outcome:
        step = state["step"]
        if step == SUMMARY_STEP:
            return Outcome(
                [summary(ctx, fields, state, can_save_new=self.can_save_new)], state=state
            )
        if step == EDIT_STEP:
            text = ctx.t("Which answer do you want to change?")
            return Outcome([Reply(text, edit_choices(ctx, fields, state), columns=2)], state)
        if step == DUPLICATE_STEP:
            return await self._save(ctx, fields, state)
        field = next(f for f in fields if f.name == step)
        return Outcome([await prompt(ctx, field, state)], state=state)


def _drop_overlong(fields: Sequence[Field], values: Values) -> list[Field]:
    """Prefilled answers (quick add, a shared contact) meet the same column limits as typed
    ones: an answer too long is removed, so the question is asked, and the user is told."""
    refused = []
    for field in fields:
        try:
            field.check_length(values.get(field.name))
        except Invalid:
            del values[field.name]
            refused.append(field)
    return refused
