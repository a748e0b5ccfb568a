"""A client's profile card: everything known about them, their balance, and what to do next."""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path
from typing import Any

from babel import Locale

from billing.clients.balances import client_balance
from billing.clients.search import get_client
from billing.clients.update import update_client
from billing.i18n import money
from flows.clients.contact_list import describe
from flows.clients.gone import gone
from flows.context import Context
from flows.events import Event, EventKind
from flows.flow import Outcome
from flows.ids import parse_id
from flows.replies import Attachment as ReplyFile
from flows.replies import Choice, Reply
from models import Attachment, Client

ATTACH, ARCHIVE, ARCHIVE_YES, BACK = "c:attach", "c:archive", "c:archive_yes", "c:back"
SEND_FILE = "c:file:"  # a stored file, sent into the chat again
MAX_FILE_BYTES = 20 * 1024 * 1024


class ClientCardFlow:
    name = "client"

    def __init__(self, storage_path: str) -> None:
        self.storage = Path(storage_path)

    async def start(
        self, ctx: Context, args: str, event: Event | None, carry: dict[str, Any]
    ) -> Outcome:
        client = await get_client(ctx.require_business(), parse_id(args) or 0)
        if client is None:
            return gone(ctx)
        return await self._card(ctx, client)

    async def handle(self, ctx: Context, state: dict[str, Any], event: Event) -> Outcome:
        business = ctx.require_business()
        client = await get_client(business, state["client_id"])
        if client is None:
            return gone(ctx)
        if state.get("step") == "attach":
            return await self._on_attach(ctx, client, state, event)
        choice = event.choice if event.kind == EventKind.CHOICE else ""
        if choice == ATTACH:
            state["step"] = "attach"
            text = ctx.t("Send the file (a document or photo, up to 20 MB), or /cancel.")
            return Outcome([Reply(text)], state)
        if choice == ARCHIVE and not client.archived:
            text = ctx.t(
                "Archive {name}? Archived clients are hidden from lists.", name=client.display_name
            )
            choices = (Choice(ctx.t("Yes, archive"), ARCHIVE_YES), Choice(ctx.t("No"), BACK))
            return Outcome([Reply(text, choices)], state)
        if choice.startswith(SEND_FILE):
            return await self._send_file(ctx, client, parse_id(choice[len(SEND_FILE) :]) or 0)
        if choice in (ARCHIVE, ARCHIVE_YES):
            client = await update_client(
                business, client.id, {"archived": not client.archived}, user=ctx.user
            )
        if event.kind == EventKind.TEXT and event.text:
            return Outcome([], then=("clients", event.text))
        return await self._card(ctx, client)

    def help(self, ctx: Context, state: dict[str, Any]) -> str:
        return ctx.t("This is a client's card. Use the buttons, or type a name to search.")

    async def _on_attach(
        self, ctx: Context, client: Client, state: dict[str, Any], event: Event
    ) -> Outcome:
        if event.kind != EventKind.FILE or event.file is None:
            return Outcome([Reply(ctx.t("Please send a file, or /cancel."))], state)
        upload = event.file
        if len(upload.data) > MAX_FILE_BYTES:
            return Outcome([Reply(ctx.t("That file is larger than 20 MB."))], state)
        digest = hashlib.sha256(upload.data).hexdigest()
        target = self.storage / str(client.business_id) / digest[:2] / digest
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            target.write_bytes(upload.data)
        await Attachment.create(
            business_id=client.business_id,
            client=client,
            original_name=upload.filename[:255] or "file",
            mime_type=upload.mime_type or "application/octet-stream",
            size=len(upload.data),
            sha256=digest,
            storage_path=str(target),
        )
        state.pop("step", None)
        outcome = await self._card(ctx, client)
        outcome.replies.insert(0, Reply(ctx.t("Attached {file}.", file=upload.filename)))
        return outcome

    async def _send_file(self, ctx: Context, client: Client, attachment_id: int) -> Outcome:
        """The stored file as it was attached, with the card again below it."""
        stored = await Attachment.get_or_none(
            id=attachment_id, client=client, business_id=client.business_id
        )
        outcome = await self._card(ctx, client)
        if stored is None:
            return outcome
        try:
            data = stored.content or await asyncio.to_thread(Path(stored.storage_path).read_bytes)
        except OSError:
            text = ctx.t("The file {file} is missing from storage.", file=stored.original_name)
            outcome.replies.insert(0, Reply("⚠️ " + text))
            return outcome
        file = ReplyFile(stored.original_name, stored.mime_type, bytes(data))
        outcome.replies.insert(0, Reply(stored.original_name, document=file))
        return outcome

    async def _card(self, ctx: Context, client: Client) -> Outcome:
        await client.fetch_related("contacts", "categories", "custom_values__field", "attachments")
        balance = await client_balance(client)
        lines = [
            f"👤 {client.display_name}" + (f" ({ctx.t('archived')})" if client.archived else "")
        ]
        if client.legal_name and client.legal_name != client.display_name:
            lines.append(client.legal_name)
        billing = (client.billing_street, client.billing_postcode, client.billing_city)
        shipping = (client.shipping_street, client.shipping_postcode, client.shipping_city)
        details = (
            (ctx.t("Email"), client.email),
            (ctx.t("Phone"), client.phone),
            (ctx.t("Address"), _address(ctx, billing, client.billing_country)),
            (ctx.t("Shipping address"), _address(ctx, shipping, client.shipping_country)),
            (ctx.t("Tax ID"), client.tax_id),
            (ctx.t("Business line"), client.business_line),
            (ctx.t("Payment method"), client.payment_method),
            (ctx.t("Currency"), client.currency),
            (ctx.t("Document language"), client.language),
            (ctx.t("Categories"), ", ".join(c.name for c in client.categories)),
        )
        lines += [f"{label}: {value}" for label, value in details if value]
        lines += [f"{value.field.name}: {value.value}" for value in client.custom_values]
        contacts = sorted(client.contacts, key=lambda contact: (not contact.is_primary, contact.id))
        lines += [f"{ctx.t('Contact')}: {describe(contact)}" for contact in contacts]
        if client.attachments:
            lines.append(
                ctx.t(
                    "Files: {names}", names=", ".join(a.original_name for a in client.attachments)
                )
            )
        lines.append(
            ctx.t(
                "Invoiced {invoiced} · paid {paid} · outstanding {outstanding}",
                invoiced=money(balance.invoiced, balance.currency, ctx.language),
                paid=money(balance.paid, balance.currency, ctx.language),
                outstanding=money(balance.outstanding, balance.currency, ctx.language),
            )
        )
        if client.notes:
            lines.append(f"📝 {client.notes}")
        archive_label = ctx.t("Unarchive") if client.archived else ctx.t("Archive")
        choices = (
            Choice(ctx.t("New proposal"), f"go:new_proposal:client:{client.id}"),
            Choice(ctx.t("New invoice"), f"go:new_invoice:client:{client.id}"),
            Choice(ctx.t("Documents"), f"go:documents:client:{client.id}"),
            Choice(ctx.t("Edit"), f"go:edit_client:{client.id}"),
            Choice(ctx.t("Add contact"), f"go:add_contact:{client.id}"),
            *([Choice(ctx.t("Contacts"), f"go:contacts:{client.id}")] if contacts else []),
            Choice(ctx.t("Add note"), f"go:client_note:{client.id}"),
            Choice(ctx.t("Name spellings"), f"go:client_spellings:{client.id}"),
            Choice(ctx.t("Attach file"), ATTACH),
            *(Choice(f"📎 {a.original_name}", f"{SEND_FILE}{a.id}") for a in client.attachments),
            Choice(archive_label, ARCHIVE),
            Choice(ctx.t("All clients"), "go:clients:"),
        )
        return Outcome(
            [Reply("\n".join(lines), choices, columns=2, edit=True)], {"client_id": client.id}
        )


def _address(ctx: Context, parts: tuple[str, ...], country_code: str) -> str:
    country = Locale.parse(ctx.language).territories.get(country_code, "")
    return ", ".join(part for part in (*parts, country) if part)
