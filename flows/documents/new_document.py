"""/newproposal and /newinvoice: client, lines typed in one go with running totals, then save.

Steps: client → lines (repeat; Done when finished) → notes → date → (invoices) date or period
of supply, "same as issue date" by default → summary (Save draft, Issue, Add line, Remove a
line). Lines are kept in the dialog state as strings so nothing is written to
the database until the owner saves.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from billing.clients.search import get_client, search_clients, shown_total
from billing.documents.drafts import (
    DraftLine,
    create_draft,
    draft_lines_of,
    get_document,
    replace_lines,
)
from billing.documents.errors import DocumentError
from billing.documents.issue import issue
from billing.documents.lines import LineNotUnderstood, parse_line
from billing.errors import BillingError, InvalidTaxCategory
from billing.taxes import default_rates
from billing.totals import compute_totals
from flows.context import Context
from flows.documents.dates import parse_date
from flows.documents.draft_lines import (
    category_notice,
    client_category,
    line_help,
    loaded,
    stored,
)
from flows.documents.draft_screen import (
    ADD,
    DONE,
    ISSUE,
    MAX_REFERENCE,
    REFERENCE,
    REMOVE,
    SAVE,
    SKIP,
    draft_screen,
)
from flows.documents.supply import stored_supply, supply_dates, take_supply
from flows.errors import Invalid
from flows.events import Event, EventKind
from flows.flow import N_, Outcome
from flows.ids import parse_id
from flows.refusals import error_text
from flows.replies import Choice, Reply
from flows.validators import printable
from models import Client, DocumentKind, DocumentStatus

MAX_LINES = 200


class NewDocumentFlow:
    """One class for both kinds: they differ only in their words and their date."""

    def __init__(self, kind: DocumentKind) -> None:
        self.kind = kind
        self.name = f"new_{kind.value}"

    def _title(self, ctx: Context) -> str:
        return ctx.t("New proposal") if self.kind == DocumentKind.PROPOSAL else ctx.t("New invoice")

    async def start(
        self, ctx: Context, args: str, event: Event | None, carry: dict[str, Any]
    ) -> Outcome:
        state: dict[str, Any] = {"step": "client", "lines": [], "notes": "", "date": None}
        if args.startswith("edit:") and parse_id(args[5:]):
            return await self._edit(ctx, state, parse_id(args[5:]) or 0)
        if args.startswith("client:") and parse_id(args[7:]):
            client = await get_client(ctx.require_business(), parse_id(args[7:]) or 0)
            if client is not None:
                return await self._chose_client(ctx, state, client)
        if args:
            return await self._search(ctx, state, args, intro=self._title(ctx))
        text = self._title(ctx) + "\n" + ctx.t("Which client? Type part of their name.")
        return Outcome([Reply(text)], state)

    async def _edit(self, ctx: Context, state: dict[str, Any], document_id: int) -> Outcome:
        """Reopen a draft at its summary: the same steps, saving replaces its lines."""
        try:
            document = await get_document(ctx.require_business(), document_id)
        except DocumentError:
            return Outcome([Reply(ctx.t("That document doesn't exist."))])
        if document.status != DocumentStatus.DRAFT or document.kind != self.kind:
            return Outcome([Reply(ctx.t("Only drafts can be edited; issued documents are final."))])
        chosen = document.valid_until if self.kind == DocumentKind.PROPOSAL else document.due_date
        state.update(
            step="summary",
            draft_id=document.id,
            client_id=document.client_id,
            notes=document.notes,
            reference=document.client_reference,
            date=chosen.isoformat() if chosen else "",
            supply=stored_supply(document.supply_date, document.supply_end_date),
            lines=[stored(line) for line in await draft_lines_of(document)],
        )
        return await self._show(ctx, state)

    def help(self, ctx: Context, state: dict[str, Any]) -> str:
        step = state.get("step")
        if step == "line":
            return line_help(ctx)
        if step == "client":
            return ctx.t("Type part of the client's name, email or tax ID, then tap the client.")
        return ctx.t("Use the buttons, /back to go back, or /cancel to stop without saving.")

    async def handle(self, ctx: Context, state: dict[str, Any], event: Event) -> Outcome:
        step = state["step"]
        choice = event.choice if event.kind == EventKind.CHOICE else ""
        command = event.command if event.kind == EventKind.COMMAND else ""
        if command == "repeat":
            return await self._show(ctx, state)
        if step == "client":
            if choice.startswith("d:client:"):
                client = await get_client(ctx.require_business(), int(choice[9:]))
                if client is not None:
                    return await self._chose_client(ctx, state, client)
            if event.kind == EventKind.TEXT and event.text:
                return await self._search(ctx, state, event.text)
            return await self._show(ctx, state, ctx.t("Type part of the client's name."))
        if step == "line":
            return await self._on_line(ctx, state, event, choice, command)
        if step == "remove":
            if choice.startswith("d:rm:") and int(choice[5:]) < len(state["lines"]):
                state.update(step="change", changing=int(choice[5:]))
                return await self._show(ctx, state)
            return await self._after_change(ctx, state)
        if step == "change":
            return await self._on_change(ctx, state, event, choice)
        if step == "notes":
            if command == "back":
                state["step"] = "line"
            elif choice == SKIP or command == "skip":
                state["step"] = "date"
            elif event.kind == EventKind.TEXT and event.text:
                try:
                    state["notes"], state["step"] = printable(event.text.strip()[:4000]), "date"
                except Invalid as error:
                    return await self._show(ctx, state, ctx.t(error.key, **error.params))
            return await self._show(ctx, state)
        if step == "date":
            return await self._on_date(ctx, state, event, choice, command)
        if step == "reference":
            return await self._on_reference(ctx, state, event, choice, command)
        if step == "supply":
            return await self._show(ctx, state, take_supply(ctx, state, event))
        return await self._on_summary(ctx, state, choice, command)

    # Steps ------------------------------------------------------------------------------------

    async def _search(
        self, ctx: Context, state: dict[str, Any], text: str, intro: str = ""
    ) -> Outcome:
        clients, total = await search_clients(ctx.require_business(), text, limit=8)
        prefix = f"{intro}\n" if intro else ""
        if not clients:
            reply = Reply(
                prefix + ctx.t("No client matches “{query}”. Try another name, or:", query=text),
                (Choice(ctx.t("New client"), "go:new_client:"),),
            )
            return Outcome([reply], state)
        if total == 1:  # one match: no need to make the owner tap it
            return await self._chose_client(ctx, state, clients[0])
        choices = tuple(Choice(c.display_name, f"d:client:{c.id}") for c in clients)
        more = (
            ctx.t(" (showing 8 of {total}: type more of the name)", total=shown_total(total))
            if total > 8
            else ""
        )
        return Outcome([Reply(prefix + ctx.t("Which one?") + more, choices, columns=1)], state)

    async def _chose_client(self, ctx: Context, state: dict[str, Any], client: Client) -> Outcome:
        state.update(client_id=client.id, step="line")
        text = ctx.t(
            "{title} for {name} ({currency}).",
            title=self._title(ctx),
            name=client.display_name,
            currency=client.currency,
        )
        notice = category_notice(ctx, client_category(ctx.require_business(), client))
        intro = Reply(text + ("\n" + notice if notice else ""))
        outcome = await self._show(ctx, state)
        outcome.replies.insert(0, intro)
        return outcome

    async def _on_line(
        self, ctx: Context, state: dict[str, Any], event: Event, choice: str, command: str
    ) -> Outcome:
        if choice == DONE or command == "skip":
            if not state["lines"]:
                return await self._show(ctx, state, ctx.t("Add at least one line first."))
            state["step"] = "notes" if state.get("date") is None else "summary"
            return await self._show(ctx, state)
        if choice == REMOVE or command == "back":
            if not state["lines"]:
                state["step"] = "client"
                return await self._show(ctx, state)
            state["step"] = "remove"
            return await self._show(ctx, state)
        if event.kind != EventKind.TEXT or not event.text:
            return await self._show(ctx, state, ctx.t("Type a line, or tap Done."))
        if len(state["lines"]) >= MAX_LINES:
            return await self._show(
                ctx, state, ctx.t("That is the most lines one document can have.")
            )
        line = await self._parse(ctx, state, event.text)
        if isinstance(line, str):
            return await self._show(ctx, state, line)
        state["lines"].append(stored(line))
        return await self._show(ctx, state)

    async def _parse(self, ctx: Context, state: dict[str, Any], text: str) -> DraftLine | str:
        """The typed line, checked against the client's currency now rather than at save; or
        what is wrong with it (unreadable, a bad category, characters the PDF can't draw)."""
        business = ctx.require_business()
        client = await self._client(ctx, state)
        rates = default_rates(business.country, business.default_tax_rates)
        try:
            category = client_category(business, client)
            line = parse_line(printable(text), ctx.language, rates[0], category)
            compute_totals([line.as_input()], client.currency)
        except Invalid as error:
            return ctx.t(error.key, **error.params)
        except InvalidTaxCategory as error:
            return error_text(ctx, error)
        except LineNotUnderstood:
            return ctx.t("I couldn't read that line.") + "\n" + line_help(ctx)
        except BillingError as error:
            return error_text(ctx, error) + "\n" + line_help(ctx)
        return line

    async def _on_change(
        self, ctx: Context, state: dict[str, Any], event: Event, choice: str
    ) -> Outcome:
        """One line picked: type its replacement, remove it, or keep it as it is."""
        index = state.pop("changing", None)
        if index is None or index >= len(state["lines"]):
            return await self._after_change(ctx, state)
        if choice == "d:delete":
            del state["lines"][index]
        elif event.kind == EventKind.TEXT and event.text:
            line = await self._parse(ctx, state, event.text)
            if isinstance(line, str):
                state["changing"] = index
                return await self._show(ctx, state, line)
            state["lines"][index] = stored(line)
        return await self._after_change(ctx, state)

    async def _after_change(self, ctx: Context, state: dict[str, Any]) -> Outcome:
        past_lines = state["lines"] and state.get("date") is not None
        state["step"] = "summary" if past_lines else "line"
        return await self._show(ctx, state)

    async def _on_date(
        self, ctx: Context, state: dict[str, Any], event: Event, choice: str, command: str
    ) -> Outcome:
        if command == "back":
            state["step"] = "notes"
            return await self._show(ctx, state)
        if choice == SKIP or command == "skip":
            state["date"] = ""
        elif event.kind == EventKind.TEXT and event.text:
            try:
                state["date"] = parse_date(event.text, ctx.language, today=_today()).isoformat()
            except Invalid as error:
                return await self._show(ctx, state, ctx.t(error.key, **error.params))
        else:
            return await self._show(ctx, state)
        asks_supply = self.kind == DocumentKind.INVOICE and state.get("supply") is None
        state["step"] = "supply" if asks_supply else "summary"
        return await self._show(ctx, state)

    async def _on_reference(
        self, ctx: Context, state: dict[str, Any], event: Event, choice: str, command: str
    ) -> Outcome:
        """The client's PO number or reference (optional): typed text, or Skip to clear it."""
        if choice == SKIP or command == "skip":
            state["reference"] = ""
        elif event.kind == EventKind.TEXT and event.text.strip():
            reference = " ".join(event.text.split())
            if len(reference) > MAX_REFERENCE:
                error = ctx.t("Keep the reference to {max} characters.", max=MAX_REFERENCE)
                return await self._show(ctx, state, error)
            state["reference"] = reference
        elif command != "back":
            return await self._show(ctx, state)
        state["step"] = "summary"
        return await self._show(ctx, state)

    async def _on_summary(
        self, ctx: Context, state: dict[str, Any], choice: str, command: str
    ) -> Outcome:
        if choice == ADD or command == "back":
            state["step"] = "line"
            return await self._show(ctx, state)
        if choice == REMOVE:
            state["step"] = "remove"
            return await self._show(ctx, state)
        if choice == REFERENCE:
            state["step"] = "reference"
            return await self._show(ctx, state)
        if choice not in (SAVE, ISSUE):
            return await self._show(ctx, state, ctx.t("Please use the buttons below."))
        business = ctx.require_business()
        client = await self._client(ctx, state)
        chosen = date.fromisoformat(state["date"]) if state.get("date") else None
        supply = supply_dates(state.get("supply") or "")
        lines = [loaded(line) for line in state["lines"]]
        if state.get("draft_id"):
            document = await replace_lines(
                business,
                state["draft_id"],
                lines,
                notes=state.get("notes", ""),
                due_date=chosen if self.kind == DocumentKind.INVOICE else None,
                valid_until=chosen if self.kind == DocumentKind.PROPOSAL else None,
                supply=supply,
                client_reference=state.get("reference", ""),
            )
        else:
            document = await create_draft(
                business,
                client,
                self.kind,
                lines,
                user=ctx.user,
                notes=state.get("notes", ""),
                due_date=chosen if self.kind == DocumentKind.INVOICE else None,
                valid_until=chosen if self.kind == DocumentKind.PROPOSAL else None,
                supply_date=supply[0],
                supply_end_date=supply[1],
                client_reference=state.get("reference", ""),
            )
        if choice == ISSUE:
            try:
                document = await issue(business, document.id, user=ctx.user)
            except DocumentError as refusal:  # e.g. a buyer address is missing: say what to add
                text = "⚠️ " + error_text(ctx, refusal) + "\n" + ctx.t("Saved as a draft.")
                return Outcome([Reply(text)], then=("document", str(document.id)))
            text = ctx.t("Issued {number}. Here is the PDF.", number=document.number)
            return Outcome([Reply(text, pdf_of=document.id)], then=("document", str(document.id)))
        return Outcome([Reply(ctx.t("Saved as a draft."))], then=("document", str(document.id)))

    # Rendering --------------------------------------------------------------------------------

    async def _client(self, ctx: Context, state: dict[str, Any]) -> Client:
        client = await get_client(ctx.require_business(), state["client_id"])
        if client is None:
            raise Invalid(N_("That client doesn't exist (any more)."))
        return client

    async def _show(self, ctx: Context, state: dict[str, Any], error: str = "") -> Outcome:
        client = await self._client(ctx, state) if state.get("client_id") else None
        replies = draft_screen(ctx, state, self.kind, self._title(ctx), client)
        if error:
            replies.insert(0, Reply("⚠️ " + error))
        return Outcome(replies, state)


def _today() -> date:
    return datetime.now(UTC).date()
