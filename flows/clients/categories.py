"""/categories: create, rename and delete the labels clients are grouped by."""

from __future__ import annotations

from typing import Any

from billing.clients.categories import (
    create_category,
    delete_category,
    list_categories,
    rename_category,
)
from billing.clients.errors import CategoryExists
from flows import validators as v
from flows.context import Context
from flows.errors import Invalid
from flows.events import Event, EventKind
from flows.fields import Field
from flows.flow import N_, Outcome
from flows.ids import parse_id
from flows.replies import Choice, Reply
from models import Category

NEW, LIST = "k:new", "k:list"

# Typed category names meet the column's limit like a form's answers do.
CATEGORY_NAME = Field(
    "name", N_("Name"), N_("Name of the new category?"), v.name, stored_in=(Category, "name")
)


class CategoriesFlow:
    name = "categories"

    async def start(
        self, ctx: Context, args: str, event: Event | None, carry: dict[str, Any]
    ) -> Outcome:
        return await self._list(ctx)

    def help(self, ctx: Context, state: dict[str, Any]) -> str:
        return ctx.t("Tap a category to rename or delete it, or New category to add one.")

    async def handle(self, ctx: Context, state: dict[str, Any], event: Event) -> Outcome:
        business = ctx.require_business()
        choice = event.choice if event.kind == EventKind.CHOICE else ""
        step = state.get("step", "")
        if step in ("new", "rename") and event.kind == EventKind.TEXT:
            try:
                name = v.name(ctx, event.text)
                CATEGORY_NAME.check_length(name)
                if step == "new":
                    await create_category(business, name)
                else:
                    await rename_category(business, state["category_id"], name)
            except Invalid as error:
                return Outcome([Reply("⚠️ " + ctx.t(error.key, **error.params))], state)
            except CategoryExists:
                text = ctx.t("There is already a category called {name}.", name=name)
                return Outcome([Reply("⚠️ " + text)], state)
            outcome = await self._list(ctx)
            outcome.replies.insert(0, Reply(ctx.t("Saved category {name}.", name=name)))
            return outcome
        if choice == NEW:
            return Outcome([Reply(ctx.t("Name of the new category?"))], {"step": "new"})
        if choice == LIST or not choice:
            return await self._list(ctx)
        action, _, raw_id = choice.removeprefix("k:").partition(":")
        category = await Category.get_or_none(id=parse_id(raw_id) or 0, business=business)
        if category is None:
            return await self._list(ctx)
        if action == "open":
            count = await category.clients.all().count()
            text = ctx.tn(
                "{name}: {count} client.", "{name}: {count} clients.", count,
                name=category.name, count=count,
            )
            choices = (
                Choice(ctx.t("Show clients"), f"go:clients:category:{category.id}"),
                Choice(ctx.t("Rename"), f"k:rename:{category.id}"),
                Choice(ctx.t("Delete"), f"k:delete:{category.id}"),
                Choice(ctx.t("Back"), LIST),
            )
            return Outcome([Reply(text, choices, edit=True)], {})
        if action == "rename":
            text = ctx.t("New name for {name}?", name=category.name)
            return Outcome([Reply(text)], {"step": "rename", "category_id": category.id})
        if action == "delete":
            count = await category.clients.all().count()
            if count:
                text = ctx.tn(
                    "{count} client is in {name}. Delete it anyway? The client stays.",
                    "{count} clients are in {name}. Delete it anyway? The clients stay.",
                    count,
                    count=count,
                    name=category.name,
                )
                choices = (
                    Choice(ctx.t("Yes, delete"), f"k:really:{category.id}"),
                    Choice(ctx.t("No"), LIST),
                )
                return Outcome([Reply(text, choices)], {})
            action = "really"
        if action == "really":
            await delete_category(business, category.id)
            outcome = await self._list(ctx)
            outcome.replies.insert(0, Reply(ctx.t("Deleted category {name}.", name=category.name)))
            return outcome
        return await self._list(ctx)

    async def _list(self, ctx: Context) -> Outcome:
        rows = await list_categories(ctx.require_business())
        if rows:
            lines = [ctx.t("Categories:")] + [f"• {c.name} ({count})" for c, count in rows]
        else:
            lines = [ctx.t("No categories yet.")]
        choices = [Choice(f"{c.name} ({count})", f"k:open:{c.id}") for c, count in rows]
        choices.append(Choice(ctx.t("New category"), NEW))
        return Outcome([Reply("\n".join(lines), tuple(choices), edit=True)], {})
