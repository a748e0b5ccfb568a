"""Advances a stored dialog by exactly one user event and returns what to say.

The state lives in DialogState. Each event runs in one transaction that locks the state row and
bumps its version, so two events for the same chat (two workers, a double tap) never both apply
to the same version; a loser is re-run on the fresh state. Whatever a flow writes (a new client)
commits together with the new dialog state, or not at all.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from assent.settings import BotSettings
from billing.errors import BillingError
from flows.context import Context
from flows.documents.pdfs import attach_pdfs
from flows.errors import ConcurrentUpdate
from flows.events import Event, EventKind
from flows.flow import N_, Flow, Outcome
from flows.refusals import error_text
from flows.replies import Reply
from models import Business, DialogState, Membership, User

log = logging.getLogger(__name__)

ONBOARDING = "onboarding"
HOME = "home"
CONTACT_FLOW = "new_client"
RETRIES = 3


class Engine:
    """Routes events to flows; `commands` maps what `/name` starts (newclient → new_client)."""

    def __init__(
        self, flows: Mapping[str, Flow], commands: Mapping[str, str], settings: BotSettings
    ) -> None:
        self.flows = flows
        self.commands = commands
        self.settings = settings

    async def handle(self, channel: str, chat_id: str, user: User, event: Event) -> list[Reply]:
        for _ in range(RETRIES):
            try:
                replies = await self._handle_once(channel, chat_id, user, event)
                return await attach_pdfs(replies, await business_of(user))
            except ConcurrentUpdate:
                log.info("dialog %s/%s changed underneath; re-running the event", channel, chat_id)
            except BillingError as error:
                # A rule refused what a flow did not check first (a button naming a document
                # this business does not have): the transaction rolled back, the dialog stands.
                log.info("dialog %s/%s: event refused (%s)", channel, chat_id, error.key)
                ctx = Context(user, None, channel, chat_id, self.settings)
                return [Reply("⚠️ " + error_text(ctx, error))]
        ctx = Context(user, None, channel, chat_id, self.settings)
        return [Reply(ctx.t("Too many messages at once. Please send that again."))]

    async def _handle_once(
        self, channel: str, chat_id: str, user: User, event: Event
    ) -> list[Reply]:
        await _ensure_state_row(channel, chat_id, user)
        async with in_transaction():
            row = (
                await DialogState.filter(channel=channel, chat_id=chat_id, user=user)
                .select_for_update()
                .get()
            )
            await user.refresh_from_db()
            ctx = Context(user, await business_of(user), channel, chat_id, self.settings)
            prefix: list[Reply] = []
            if row.flow and self._expired(row):
                prefix.append(
                    Reply(ctx.t("Your unfinished conversation expired, so I started over."))
                )
                row.flow, row.data = "", {}
            outcome, flow_name = await self._dispatch(ctx, row, event)
            outcome, flow_name = await self._follow(ctx, outcome, flow_name)
            offer = await self._save(row, ctx, flow_name, outcome)
        return [replace(r, offer=offer) if r.choices else r for r in prefix + outcome.replies]

    def _expired(self, row: DialogState) -> bool:
        ttl = timedelta(minutes=self.settings.dialog_ttl_minutes)
        return row.updated_at < datetime.now(UTC) - ttl

    async def _dispatch(self, ctx: Context, row: DialogState, event: Event) -> tuple[Outcome, str]:
        active = self.flows.get(row.flow) if row.flow else None
        state: dict[str, Any] = row.data or {}
        command = event.command if event.kind == EventKind.COMMAND else ""
        if ctx.business is None:
            # Nothing else makes sense before the user belongs to a business.
            if active is not None and row.flow == ONBOARDING and command not in ("start", "cancel"):
                if command == "help":
                    return Outcome([Reply(active.help(ctx, state))], state=state), row.flow
                return await active.handle(ctx, state, event), row.flow
            return await self._start(ctx, ONBOARDING, event.args, event)
        if command == "cancel":
            if active is None:
                return Outcome([Reply(ctx.t("There is nothing to cancel."))]), ""
            return Outcome([Reply(ctx.t("Cancelled. Nothing was saved."))]), ""
        if command == "help":
            text = active.help(ctx, state) if active else general_help(ctx)
            return Outcome([Reply(text)], state=state if active else None), row.flow
        if command in self.commands:
            return await self._start(ctx, self.commands[command], event.args, event)
        if event.kind == EventKind.CHOICE and event.verified:
            target = global_action(event.choice)
            if target is not None and target[0] in self.flows:
                return await self._start(ctx, target[0], target[1], None)
        if event.kind == EventKind.CHOICE and not _still_offered(event, state):
            notice = Reply(ctx.t("That button has expired. Here is where we are:"))
            if active is None:
                return Outcome([notice]), ""
            again = await active.handle(ctx, state, Event(EventKind.COMMAND, command="repeat"))
            return Outcome([notice, *again.replies], again.state, again.then, again.carry), row.flow
        target = global_action(event.choice) if event.kind == EventKind.CHOICE else None
        if target is not None and target[0] in self.flows:
            return await self._start(ctx, target[0], target[1], None)
        if active is not None and row.flow != HOME:
            return await active.handle(ctx, state, event), row.flow
        if event.kind == EventKind.CONTACT:
            return await self._start(ctx, CONTACT_FLOW, "", event)
        if command and command not in ("back", "skip"):
            text = ctx.t("I don't know the command /{command}.", command=command)
            return Outcome([Reply(text + "\n\n" + general_help(ctx))]), ""
        return await self._start(ctx, HOME, "", event)

    async def _start(
        self, ctx: Context, name: str, args: str, event: Event | None, carry: dict | None = None
    ) -> tuple[Outcome, str]:
        outcome = await self.flows[name].start(ctx, args, event, carry or {})
        return outcome, name

    async def _follow(self, ctx: Context, outcome: Outcome, flow_name: str) -> tuple[Outcome, str]:
        """Chain into the next flow a finished one asked for (Save & new, card actions)."""
        for _ in range(3):
            if outcome.state is not None or outcome.then is None:
                break
            name, args = outcome.then
            await ctx.user.refresh_from_db()
            ctx.business = await business_of(ctx.user)
            following, flow_name = await self._start(ctx, name, args, None, outcome.carry)
            following.replies[:0] = outcome.replies
            outcome = following
        return outcome, flow_name if outcome.state is not None else ""

    async def _save(self, row: DialogState, ctx: Context, flow_name: str, outcome: Outcome) -> str:
        """Store the new state; returns the id of this turn's buttons (see `_still_offered`)."""
        state = dict(outcome.state) if outcome.state is not None else {}
        if outcome.state is not None:
            state["offered"] = [c.value for reply in outcome.replies for c in reply.choices]
        else:
            # Idle chats still honour the menu buttons they were just shown.
            state = {"offered": [c.value for reply in outcome.replies for c in reply.choices]}
            flow_name = HOME if state["offered"] else ""
        state["offer"] = secrets.token_urlsafe(6) if state["offered"] else ""
        updated = await DialogState.filter(id=row.id, version=row.version).update(
            flow=flow_name,
            step=str(state.get("step", "")),
            data=state,
            version=row.version + 1,
            business_id=ctx.business.id if ctx.business else None,
            updated_at=datetime.now(UTC),
        )
        if updated != 1:
            raise ConcurrentUpdate()
        return str(state["offer"])


def _still_offered(event: Event, state: dict[str, Any]) -> bool:
    """A button counts only on the message of the dialog's latest turn: the same value ("Save")
    on an older message, even of another dialog, is stale. Channels that cannot say which
    message was pressed (offer "") are held to the values alone."""
    if event.choice not in state.get("offered", []):
        return False
    return not event.offer or event.offer == state.get("offer")


# Buttons that mean the same wherever they are pressed: in notifications and on cards.
ACTION_PREFIXES = {
    "invoice:send:": "send_invoice",
    "invoice:edit:": "document",
    "proposal:view:": "document",
    "review:": "review",
}


def global_action(value: str) -> tuple[str, str] | None:
    """`go:<flow>:<args>` or a notification action → (flow name, its arguments)."""
    if value.startswith("go:"):
        _, name, args = [*value.split(":", 2), ""][:3]
        return name, args
    for prefix, flow in ACTION_PREFIXES.items():
        if value.startswith(prefix):
            return flow, value.removeprefix(prefix if flow != "review" else "review:")
    return None


async def _ensure_state_row(channel: str, chat_id: str, user: User) -> None:
    if await DialogState.exists(channel=channel, chat_id=chat_id, user=user):
        return
    try:
        async with in_transaction():
            await DialogState.create(channel=channel, chat_id=chat_id, user=user)
    except IntegrityError:
        pass  # the same chat's other event created it a moment ago


async def business_of(user: User) -> Business | None:
    """The business the user acts for, re-checked against memberships on every event."""
    if user.current_business_id is not None and await Membership.exists(
        user=user, business_id=user.current_business_id
    ):
        return await Business.get(id=user.current_business_id)
    membership = await Membership.filter(user=user).order_by("id").first()
    if membership is None:
        return None
    user.current_business_id = membership.business_id
    await user.save(update_fields=["current_business_id"])
    return await Business.get(id=membership.business_id)


HELP_LINES = (
    ("newproposal", N_("write a proposal for a client")),
    ("newinvoice", N_("write an invoice")),
    ("invoices", N_("invoices by status: send, record payments, credit notes")),
    ("proposals", N_("proposals by status")),
    ("report", N_("revenue, what clients owe, aging, with a chart")),
    ("mail", N_("the latest client replies and what I did with each")),
    ("outbox", N_("emails that have not gone out yet, with Retry")),
    ("newclient", N_("register a client (or /newclient Name, email, phone)")),
    ("clients", N_("find, view and edit clients")),
    ("categories", N_("manage client categories")),
    ("invite", N_("make a one-time code for a colleague")),
    ("settings", N_("your language; for owners, the business settings")),
    ("cancel", N_("stop what we are doing; nothing is saved")),
    ("help", N_("explain the current step")),
)


def general_help(ctx: Context) -> str:
    lines = [ctx.t("What I can do:")]
    lines += [f"/{command} — {ctx.t(text)}" for command, text in HELP_LINES]
    lines.append(ctx.t("Inside a question: /back goes to the previous one, /skip leaves it empty."))
    return "\n".join(lines)
