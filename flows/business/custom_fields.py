"""Custom client fields: the owner's own questions, listed, added and deleted by chat."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from billing.clients.custom_fields import (
    add_custom_field,
    answer_count,
    delete_custom_field,
    list_custom_fields,
)
from billing.errors import BillingError
from flows import validators as v
from flows.business import parsers as p
from flows.business.owner_form import OwnerForm, owner_refusal
from flows.context import Context
from flows.events import Event, EventKind
from flows.fields import Field, yes_no_field
from flows.flow import N_, Outcome
from flows.ids import parse_id
from flows.replies import Choice, Reply
from models import CustomField, CustomFieldType

LIST = "cf:list"
TYPE_NAMES = {
    CustomFieldType.TEXT.value: N_("Text"),
    CustomFieldType.NUMBER.value: N_("Number"),
    CustomFieldType.DATE.value: N_("Date"),
    CustomFieldType.CHOICE.value: N_("Choice from a list"),
}


def describe(ctx: Context, field: CustomField) -> str:
    """How a field reads in lists and on its own card: Account manager (Text, required)."""
    kind = ctx.t(TYPE_NAMES[field.field_type.value])
    required = ctx.t("required") if field.required else ctx.t("optional")
    return f"{field.name} ({kind}, {required})"


class CustomFieldsFlow:
    name = "custom_fields"

    async def start(
        self, ctx: Context, args: str, event: Event | None, carry: dict[str, Any]
    ) -> Outcome:
        return await owner_refusal(ctx) or await self._list(ctx)

    def help(self, ctx: Context, state: dict[str, Any]) -> str:
        return ctx.t("Tap a field to see or delete it, or New field to add one.")

    async def handle(self, ctx: Context, state: dict[str, Any], event: Event) -> Outcome:
        refused = await owner_refusal(ctx)
        if refused is not None:
            return refused
        choice = event.choice if event.kind == EventKind.CHOICE else ""
        action, _, raw_id = choice.removeprefix("cf:").partition(":")
        field = await CustomField.get_or_none(
            id=parse_id(raw_id) or 0, business=ctx.require_business()
        )
        if field is None:
            return await self._list(ctx)
        if action == "open":
            lines = [describe(ctx, field)]
            if field.choices:
                lines.append(ctx.t("Options: {options}", options=", ".join(field.choices)))
            choices = (
                Choice(ctx.t("Delete"), f"cf:delete:{field.id}"),
                Choice(ctx.t("Back"), LIST),
            )
            return Outcome([Reply("\n".join(lines), choices, edit=True)], {})
        if action == "delete":
            count = await answer_count(field)
            text = ctx.t("Delete the field {name}?", name=field.name)
            if count:
                text += " " + ctx.tn(
                    "The answer of {count} client to it is deleted too; the client stays.",
                    "The answers of {count} clients to it are deleted too; the clients stay.",
                    count,
                    count=count,
                )
            choices = (
                Choice(ctx.t("Yes, delete"), f"cf:really:{field.id}"),
                Choice(ctx.t("No"), LIST),
            )
            return Outcome([Reply(text, choices)], {})
        if action == "really":
            await delete_custom_field(ctx.require_business(), field.id, user=ctx.user)
            outcome = await self._list(ctx)
            outcome.replies.insert(0, Reply(ctx.t("Deleted the field {name}.", name=field.name)))
            return outcome
        return await self._list(ctx)

    async def _list(self, ctx: Context) -> Outcome:
        fields = await list_custom_fields(ctx.require_business())
        if fields:
            lines = [ctx.t("Custom client fields, asked when you register a client:")]
            lines += [f"• {describe(ctx, field)}" for field in fields]
        else:
            lines = [ctx.t("No custom client fields yet.")]
        choices = [Choice(field.name, f"cf:open:{field.id}") for field in fields]
        choices.append(Choice(ctx.t("New field"), "go:new_custom_field:"))
        choices.append(Choice(ctx.t("Back to settings"), "go:settings:"))
        return Outcome([Reply("\n".join(lines), tuple(choices), columns=1, edit=True)], {})


async def _types(ctx: Context, _values: dict[str, Any]) -> list[Choice]:
    return [Choice(ctx.t(label), value) for value, label in TYPE_NAMES.items()]


def _show_type(ctx: Context, value: str) -> str:
    return ctx.t(TYPE_NAMES[value])


NEW_FIELD: tuple[Field, ...] = (
    Field(
        "name",
        N_("Field name"),
        N_("What should I ask about every client? Type the field's name."),
        v.name,
        required=True,
        hint=N_("Account manager"),
        stored_in=(CustomField, "name"),
    ),
    Field(
        "field_type",
        N_("Type"),
        N_("What kind of answer does it take?"),
        required=True,
        choices=_types,
        free_text=False,
        show=_show_type,
    ),
    Field(
        "choices",
        N_("Options"),
        N_("The options to choose from, separated by commas?"),
        p.choices,
        required=True,
        when=lambda values: values.get("field_type") == CustomFieldType.CHOICE.value,
        hint=N_("Retail, Wholesale, Online"),
    ),
    yes_no_field(
        "required",
        N_("Required"),
        N_("Must every new client have an answer?"),
        required=True,
    ),
)


class NewCustomFieldFlow(OwnerForm):
    name = "new_custom_field"
    title = N_("New custom client field")

    async def fields(self, ctx: Context) -> Sequence[Field]:
        return NEW_FIELD

    async def commit(self, ctx: Context, values: dict[str, Any], state: dict[str, Any]) -> Outcome:
        field_type = CustomFieldType(values["field_type"])
        # Options typed before the type was changed away from "choice" are not the field's.
        options = values.get("choices") if field_type == CustomFieldType.CHOICE else None
        try:
            field = await add_custom_field(
                ctx.require_business(),
                values["name"],
                field_type,
                choices=options or [],
                required=values["required"] == "yes",
                user=ctx.user,
            )
        except BillingError as error:
            return await self.refused(ctx, state, error, "name")
        text = ctx.t(
            "Added the field {name}. I will ask it when you register a client.", name=field.name
        )
        return Outcome([Reply(text)], then=("custom_fields", ""))
