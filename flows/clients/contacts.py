"""Adding a contact person, a private note or other spellings of the name to a client.

Other spellings ("محمد الأحمد" for Mohammed Al-Ahmad) let a reply signed that way count as the
client's signature: transliteration between scripts is not reliable enough to guess.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from billing.clients.contacts import CONTACT_FIELDS, get_contact, update_contact
from billing.clients.errors import ClientNotFound
from billing.clients.search import get_client
from billing.clients.update import add_contact, update_client
from flows import validators as v
from flows.clients.gone import CONTACT_GONE, gone
from flows.context import Context
from flows.events import Event
from flows.fields import SUMMARY_STEP, Field
from flows.flow import N_, Outcome
from flows.form import FormFlow
from flows.ids import parse_id
from flows.replies import Reply
from models import Contact

_SPELLINGS = Field(
    "name_spellings",
    N_("Other spellings"),
    N_("Other ways they write their name, e.g. in another script (separate them with ;)?"),
    v.name_spellings,
    stored_in=(Contact, "name_spellings"),
)


class _ClientSubForm(FormFlow):
    """A small form about one client: remembers which, and returns to its card."""

    async def start(
        self, ctx: Context, args: str, event: Event | None, carry: dict[str, Any]
    ) -> Outcome:
        client = await get_client(ctx.require_business(), parse_id(args) or 0)
        if client is None:
            return gone(ctx)
        return await super().start(
            ctx, "", None, {"state": {"client_id": client.id, "quick": False}}
        )


class AddContactFlow(_ClientSubForm):
    name = "add_contact"
    title = N_("New contact person")

    async def fields(self, ctx: Context) -> Sequence[Field]:
        return (
            Field(
                "name",
                N_("Name"),
                N_("The contact person's name?"),
                v.name,
                required=True,
                stored_in=(Contact, "name"),
            ),
            Field("email", N_("Email"), N_("Their email?"), v.email, stored_in=(Contact, "email")),
            Field("phone", N_("Phone"), N_("Their phone?"), v.phone, stored_in=(Contact, "phone")),
            Field(
                "role",
                N_("Role"),
                N_("Their role (e.g. Accounts payable)?"),
                v.short_text,
                stored_in=(Contact, "role"),
            ),
            _SPELLINGS,
        )

    async def commit(self, ctx: Context, values: dict[str, Any], state: dict[str, Any]) -> Outcome:
        business = ctx.require_business()
        client = await get_client(business, state["client_id"])
        if client is None:
            return gone(ctx)
        keys = ("name", "email", "phone", "role", "name_spellings")
        contact = {key: values.get(key) or "" for key in keys}
        await add_contact(business, client, contact, user=ctx.user)
        text = ctx.t("Added {name} to {client}.", name=contact["name"], client=client.display_name)
        return Outcome([Reply(text)], then=("client", str(client.id)))


class EditContactFlow(AddContactFlow):
    """The same questions, opened on the summary with the contact's current answers."""

    name = "edit_contact"
    title = N_("Edit contact person")

    async def start(
        self, ctx: Context, args: str, event: Event | None, carry: dict[str, Any]
    ) -> Outcome:
        contact = await get_contact(ctx.require_business(), parse_id(args) or 0)
        if contact is None:
            return gone(ctx, CONTACT_GONE)
        values = {key: getattr(contact, key) or None for key in CONTACT_FIELDS}
        state = {"values": values, "contact_id": contact.id, "client_id": contact.client_id,
                 "step": SUMMARY_STEP, "quick": False}
        return await FormFlow.start(self, ctx, "", None, {"values": values, "state": state})

    async def commit(self, ctx: Context, values: dict[str, Any], state: dict[str, Any]) -> Outcome:
        changes = {key: values.get(key) or "" for key in CONTACT_FIELDS}
        try:
            contact = await update_contact(
                ctx.require_business(), state["contact_id"], changes, user=ctx.user
            )
        except ClientNotFound:
            return gone(ctx, CONTACT_GONE)
        text = ctx.t("Saved changes to {name}.", name=contact.name)
        return Outcome([Reply(text)], then=("contacts", str(contact.client_id)))


class ClientNoteFlow(_ClientSubForm):
    name = "client_note"
    title = N_("Private note")

    async def fields(self, ctx: Context) -> Sequence[Field]:
        return (Field("note", N_("Note"), N_("Type the note."), v.long_text, required=True),)

    async def commit(self, ctx: Context, values: dict[str, Any], state: dict[str, Any]) -> Outcome:
        business = ctx.require_business()
        client = await get_client(business, state["client_id"])
        if client is None:
            return gone(ctx)
        stamp = datetime.now(UTC).date().isoformat()
        notes = "\n".join(part for part in (client.notes, f"[{stamp}] {values['note']}") if part)
        await update_client(business, client.id, {"notes": notes}, user=ctx.user)
        return Outcome([Reply(ctx.t("Note added."))], then=("client", str(client.id)))


class NameSpellingsFlow(_ClientSubForm):
    """The client's own name as they may sign it otherwise; replaces the stored list."""

    name = "client_spellings"
    title = N_("Other spellings of the name")

    async def fields(self, ctx: Context) -> Sequence[Field]:
        return (replace(_SPELLINGS, required=True),)

    async def commit(self, ctx: Context, values: dict[str, Any], state: dict[str, Any]) -> Outcome:
        business = ctx.require_business()
        client = await get_client(business, state["client_id"])
        if client is None:
            return gone(ctx)
        spellings = values["name_spellings"]
        await update_client(business, client.id, {"name_spellings": spellings}, user=ctx.user)
        text = ctx.t("A reply signed {spellings} now counts as signed by {name}.",
                     spellings=spellings, name=client.display_name)
        return Outcome([Reply(text)], then=("client", str(client.id)))
