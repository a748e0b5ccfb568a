"""Advances a stored dialog by exactly one user event and returns what to say.

The state lives in DialogState. Each event runs in one transaction that locks the state row and
bumps its version, so two events for the same chat (two workers, a double tap) never both apply
to the same version; a loser is re-run on the fresh state. Whatever a flow writes (a new client)
commits together with the new dialog state, or not at all.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
from collections.abc import Callable, Mapping
from contextlib import AbstractAsyncContextManager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise.transactions import in_transaction

from assent.settings import BotSettings
from billing.errors import BillingError
from billing.i18n import chat_text
from flows.context import Context
from flows.documents.pdfs import attach_pdfs
from flows.errors import ConcurrentUpdate
from flows.events import Event, EventKind
from flows.flow import N_, Flow, Outcome
from flows.pictures import read_picture
from flows.ports import TextRecognizer
from flows.refusals import error_text
from flows.replies import Reply
from flows.state_rows import acting_for, open_step
from flows.typed import as_press, pending_question, remember
from models import Business, DialogState, Membership, User

log = logging.getLogger(__name__)

ONBOARDING = "onboarding"
HOME = "home"
CONTACT_FLOW = "new_client"
RETRIES = 3
Slow = Callable[[], AbstractAsyncContextManager[object]]


def _not_shown() -> AbstractAsyncContextManager[object]:
    return contextlib.nullcontext()


class Engine:
    """Routes events to flows; `commands` maps what `/name` starts (newclient → new_client)."""

    def __init__(
        self, flows: Mapping[str, Flow], commands: Mapping[str, str], settings: BotSettings,
        recognizer: TextRecognizer | None = None,
    ) -> None:
        self.flows = flows
        self.commands = commands
        self.settings = settings
        self.recognizer = recognizer  # reads photographed business cards; None: not read

    async def handle(
        self, channel: str, chat_id: str, user: User, event: Event, slow: Slow = _not_shown
    ) -> list[Reply]:
        """The replies to one event. `user` is kept as stored (language, current business), so
        a caller may read it afterwards; `slow()` wraps work that takes seconds (reading a
        picture, rendering PDFs), for a channel to show that it is busy ("typing…")."""
        if self.recognizer is not None and event.kind == EventKind.FILE:
            # Slow: read before, not inside, the dialog's transaction.
            business = await business_of(user)
            async with slow():
                event = await read_picture(
                    self.recognizer, channel, chat_id, user, event, business
                )
        for _ in range(RETRIES):
            try:
                replies, business = await self._handle_once(channel, chat_id, user, event)
                if not any(r.pdf_of is not None or r.certificate_of is not None for r in replies):
                    return replies
                async with slow():
                    return await attach_pdfs(replies, business)
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
    ) -> tuple[list[Reply], Business | None]:
        """One try in one transaction: lock (or make) the state row, re-read the user with the
        business they act for, run the flow, store the new state."""
        async with in_transaction():
            row, business = await open_step(channel, chat_id, user)
            if business is None:
                business = await other_business(user)
            ctx = Context(user, business, channel, chat_id, self.settings)
            prefix: list[Reply] = []
            if row.flow and self._expired(row):
                prefix.append(
                    Reply(ctx.t("Your unfinished conversation expired, so I started over."))
                )
                row.flow, row.data = "", {}
            outcome, flow_name = await self._dispatch(ctx, row, event)
            outcome, flow_name = await self._follow(ctx, outcome, flow_name)
            offer = await self._save(row, ctx, flow_name, outcome)
        replies = [replace(r, offer=offer) if r.choices else r for r in prefix + outcome.replies]
        return replies, ctx.business

    def _expired(self, row: DialogState) -> bool:
        ttl = timedelta(minutes=self.settings.dialog_ttl_minutes)
        return row.updated_at < datetime.now(UTC) - ttl

    async def _dispatch(self, ctx: Context, row: DialogState, event: Event) -> tuple[Outcome, str]:
        active = self.flows.get(row.flow) if row.flow else None
        state: dict[str, Any] = row.data or {}
        event = as_press(event, state)
        command = event.command if event.kind == EventKind.COMMAND else ""
        if command == "help":
            return _help(ctx, active, state), row.flow if active else ""
        if ctx.business is None:
            # Nothing else makes sense before the user belongs to a business.
            if active is not None and row.flow == ONBOARDING and command not in ("start", "cancel"):
                return await active.handle(ctx, state, event), row.flow
            return await self._start(ctx, ONBOARDING, event.args, event)
        if command == "cancel":
            if active is None:
                return Outcome([Reply(ctx.t("There is nothing to cancel."))]), ""
            return Outcome([Reply(ctx.t("Cancelled. Nothing was saved."))]), ""
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
        if event.kind == EventKind.CONTACT or event.picture_read:
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
            ctx.business = await business_of(ctx.user)  # re-reads the user too
            following, flow_name = await self._start(ctx, name, args, None, outcome.carry)
            following.replies[:0] = outcome.replies
            outcome = following
        return outcome, flow_name if outcome.state is not None else ""

    async def _save(self, row: DialogState, ctx: Context, flow_name: str, outcome: Outcome) -> str:
        """Store the new state; returns the id of this turn's buttons (see `_still_offered`)."""
        state = dict(outcome.state) if outcome.state is not None else {}
        remember(state, outcome.replies, waiting=outcome.state is not None)
        if outcome.state is None:
            # Idle chats still honour the menu buttons they were just shown.
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


def _help(ctx: Context, active: Flow | None, state: dict[str, Any]) -> Outcome:
    """/help never starts or changes anything: inside a dialog it explains the step and asks the
    pending question again, buttons included; outside, it lists what Assent does."""
    if active is None:
        return Outcome([Reply(general_help(ctx) if ctx.business else setup_help(ctx))])
    replies = [Reply(active.help(ctx, state))]
    question = pending_question(state)
    if question is not None:
        replies.append(question)
    return Outcome(replies, state=state)


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


async def business_of(user: User) -> Business | None:
    """The business the user acts for, re-checked against memberships on every event: one
    query reads the user's row afresh (`user` is updated in place) with the business it
    currently acts for, if it still holds a membership there."""
    business = await acting_for(user)
    return business if business is not None else await other_business(user)


async def other_business(user: User) -> Business | None:
    """For a user whose current business is none of theirs (never chosen, or left): the first
    they still belong to becomes current; None for a user without any."""
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


def setup_help(ctx: Context) -> str:
    """Help before the user belongs to a business: how to get one, without starting anything."""
    return ctx.t(
        "I am Assent: I write your proposals and invoices, email them and read your clients' "
        "replies. Send /start to set up your business, or /start followed by the invite code "
        "an owner gave you to join theirs."
    )


def general_help(ctx: Context) -> str:
    lines = [ctx.t("What I can do:")]
    lines += [f"/{command} — {ctx.t(text)}" for command, text in HELP_LINES]
    lines.append(ctx.t("Inside a question: /back goes to the previous one, /skip leaves it empty."))
    return chat_text("\n".join(lines), ctx.language)  # Arabic lines open with a Latin /command
