"""Editing a client: the registration form, opened on its summary with the current answers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tortoise.transactions import in_transaction

from billing.clients.errors import CurrencyLocked
from billing.clients.search import get_client
from billing.clients.update import update_client
from flows.clients.client_fields import ANSWERED_FIELDS
from flows.clients.new_client import NewClientFlow
from flows.context import Context
from flows.events import Event
from flows.fields import SUMMARY_STEP, Field
from flows.flow import N_, Outcome
from flows.ids import parse_id
from flows.replies import Choice, Reply
from flows.tax_fields import client_tax_changes, client_tax_fields, client_tax_values
from models import Category, Client, CustomFieldValue


async def current_values(client: Client) -> dict[str, Any]:
    await client.fetch_related("categories", "custom_values")
    values: dict[str, Any] = {key: getattr(client, key) or None for key in ANSWERED_FIELDS}
    values["kind"] = client.kind.value
    values["country"] = client.billing_country or None
    values["categories"] = [category.name for category in client.categories]
    values["shipping_same"] = "no" if client.shipping_street else "yes"
    values.update(client_tax_values(client))
    for value in client.custom_values:
        values[f"cf:{value.field_id}"] = value.value
    return values


class EditClientFlow(NewClientFlow):
    name = "edit_client"
    title = N_("Edit client")
    can_save_new = False

    async def start(
        self, ctx: Context, args: str, event: Event | None, carry: dict[str, Any]
    ) -> Outcome:
        client = await get_client(ctx.require_business(), parse_id(args) or 0)
        if client is None:
            return Outcome([Reply(ctx.t("That client doesn't exist (any more)."))])
        values = await current_values(client)
        state = {"values": values, "client_id": client.id, "step": SUMMARY_STEP, "quick": False}
        return await super().start(ctx, "", None, {"values": values, "state": state})

    async def fields(self, ctx: Context) -> Sequence[Field]:
        """The registration questions plus the client's VAT and withholding defaults."""
        return (*await super().fields(ctx), *client_tax_fields())

    async def duplicates(self, ctx: Context, values: dict[str, Any]) -> list[Choice]:
        return []  # editing the same client: it would only find itself

    async def commit(self, ctx: Context, values: dict[str, Any], state: dict[str, Any]) -> Outcome:
        business = ctx.require_business()
        changes = {key: values.get(key) for key in ANSWERED_FIELDS}
        changes["billing_country"] = values.get("country")
        if values.get("shipping_same") == "yes":
            changes.update(
                shipping_street=None,
                shipping_city=None,
                shipping_postcode=None,
                shipping_country=None,
            )
        changes = {key: ("" if value is None else value) for key, value in changes.items()}
        changes.update(client_tax_changes(values))
        try:
            async with in_transaction():
                client = await update_client(business, state["client_id"], changes, user=ctx.user)
                await _sync_categories(client, values.get("categories") or [])
                await _sync_custom_values(client, values)
        except CurrencyLocked as error:
            state["step"], state["editing"] = "currency", True
            text = ctx.t(
                "The currency stays {currency}: this client already has issued documents.",
                **error.params,
            )
            outcome = await self._show(ctx, await self.fields(ctx), state)
            outcome.replies.insert(0, Reply("⚠️ " + text))
            return outcome
        text = ctx.t("Saved changes to {name}.", name=client.display_name)
        return Outcome([Reply(text)], then=("client", str(client.id)))


async def _sync_categories(client: Client, names: list[str]) -> None:
    await client.categories.clear()
    for name in names:
        category, _ = await Category.get_or_create(business_id=client.business_id, name=name)
        await client.categories.add(category)


async def _sync_custom_values(client: Client, values: dict[str, Any]) -> None:
    for key, value in values.items():
        if not key.startswith("cf:"):
            continue
        await CustomFieldValue.update_or_create(
            defaults={"value": value or ""},
            business_id=client.business_id,
            client=client,
            field_id=int(key[3:]),
        )
