"""A client's contact people: pick one to correct it or to make it the main contact.

The main contact (★) gets the emails along with the client's own address; registering makes the
first person main, and here the owner changes that when, say, the accounts person changes.
"""

from __future__ import annotations

from typing import Any

from billing.clients.contacts import get_contact, make_main_contact
from billing.clients.search import get_client
from flows.clients.gone import gone
from flows.context import Context
from flows.events import Event, EventKind
from flows.flow import Outcome
from flows.ids import parse_id
from flows.replies import Choice, Reply
from models import Client, Contact

PICK, MAIN, BACK = "ct:pick:", "ct:main:", "ct:back"


class ContactsFlow:
    name = "contacts"

    async def start(
        self, ctx: Context, args: str, event: Event | None, carry: dict[str, Any]
    ) -> Outcome:
        client = await get_client(ctx.require_business(), parse_id(args) or 0)
        if client is None:
            return gone(ctx)
        return await self._list(ctx, client, [])

    def help(self, ctx: Context, state: dict[str, Any]) -> str:
        return ctx.t("Tap a contact person to edit them or make them the main contact.")

    async def handle(self, ctx: Context, state: dict[str, Any], event: Event) -> Outcome:
        business = ctx.require_business()
        client = await get_client(business, state["client_id"])
        if client is None:
            return gone(ctx)
        choice = event.choice if event.kind == EventKind.CHOICE else ""
        picked = parse_id(choice.removeprefix(PICK).removeprefix(MAIN))
        contact = await get_contact(business, picked or 0) if picked else None
        if contact is None or contact.client_id != client.id:
            return await self._list(ctx, client, [])
        if choice.startswith(MAIN):
            await make_main_contact(business, contact.id, user=ctx.user)
            text = ctx.t("{name} is now the main contact.", name=contact.name)
            return await self._list(ctx, client, [Reply(text)])
        return self._one(ctx, client, contact)

    async def _list(self, ctx: Context, client: Client, before: list[Reply]) -> Outcome:
        contacts = await Contact.filter(client=client).order_by("-is_primary", "id")
        lines = [ctx.t("Contact people of {client}:", client=client.display_name)]
        lines += [describe(contact) for contact in contacts]
        if not contacts:
            lines.append(ctx.t("None yet."))
        # Plain names, so that typing one in the console presses it; the text marks the main one.
        choices = [Choice(contact.name, f"{PICK}{contact.id}") for contact in contacts]
        choices += [
            Choice(ctx.t("Add contact"), f"go:add_contact:{client.id}"),
            Choice(ctx.t("Back to the client"), f"go:client:{client.id}"),
        ]
        reply = Reply("\n".join(lines), tuple(choices), columns=1, edit=True)
        return Outcome([*before, reply], {"client_id": client.id})

    def _one(self, ctx: Context, client: Client, contact: Contact) -> Outcome:
        lines = [describe(contact)]
        if contact.is_primary:
            lines.append(ctx.t("This is the main contact."))
        choices = [Choice(ctx.t("Edit"), f"go:edit_contact:{contact.id}")]
        if not contact.is_primary:
            choices.append(Choice(ctx.t("Make main contact"), f"{MAIN}{contact.id}"))
        choices.append(Choice(ctx.t("Back"), BACK))
        reply = Reply("\n".join(lines), tuple(choices), columns=1, edit=True)
        return Outcome([reply], {"client_id": client.id})


def describe(contact: Contact) -> str:
    """`★ Pat Partner — pat@x.example · +34 600 · Accounts`: the line the client card shows too."""
    parts = " · ".join(p for p in (contact.email, contact.phone, contact.role) if p)
    star = "★ " if contact.is_primary else ""
    return f"{star}{contact.name}" + (f" — {parts}" if parts else "")
