"""/clients: search and page through clients; any text typed here is a new search."""

from __future__ import annotations

from typing import Any

from billing.clients.search import MAX_QUERY, search_clients, shown_total
from flows.context import Context
from flows.events import Event, EventKind
from flows.flow import Outcome
from flows.ids import parse_id
from flows.replies import Choice, Reply
from models import Category

PREV, NEXT, FILTER, ALL = "l:prev", "l:next", "l:filter", "l:all"


class ClientListFlow:
    name = "clients"

    async def start(
        self, ctx: Context, args: str, event: Event | None, carry: dict[str, Any]
    ) -> Outcome:
        state: dict[str, Any] = {"query": "", "category": None, "offset": 0}
        if args.startswith("category:") and parse_id(args[9:]):
            state["category"] = parse_id(args[9:])
        else:
            state["query"] = args.strip()[:MAX_QUERY]
        return await self._page(ctx, state)

    async def handle(self, ctx: Context, state: dict[str, Any], event: Event) -> Outcome:
        size = ctx.settings.page_size
        if event.kind == EventKind.TEXT and event.text:
            state.update(query=event.text[:MAX_QUERY], offset=0, category=None)
        elif event.kind == EventKind.CHOICE:
            if event.choice == NEXT:
                state["offset"] += size
            elif event.choice == PREV:
                state["offset"] = max(0, state["offset"] - size)
            elif event.choice == FILTER:
                return await self._categories(ctx, state)
            elif event.choice == ALL:
                state.update(query="", offset=0, category=None)
            elif event.choice.startswith("l:cat:"):
                state.update(category=int(event.choice[6:]), offset=0, query="")
        return await self._page(ctx, state)

    def help(self, ctx: Context, state: dict[str, Any]) -> str:
        return ctx.t(
            "Type part of a name, an email, a phone, a tax ID, a city or a business line to "
            "search. Tap a client to open its card. /cancel leaves the list."
        )

    async def _page(self, ctx: Context, state: dict[str, Any]) -> Outcome:
        business = ctx.require_business()
        size = ctx.settings.page_size
        clients, total = await search_clients(
            business,
            state["query"],
            category_id=state["category"],
            offset=state["offset"],
            limit=size,
        )
        if total == 0:
            text = (
                ctx.t("No client matches “{query}”.", query=state["query"])
                if state["query"]
                else ctx.t("No clients yet.")
            )
            choices = (
                Choice(ctx.t("New client"), "go:new_client:"),
                Choice(ctx.t("All clients"), ALL),
            )
            return Outcome([Reply(text + "\n" + ctx.t("Type a name to search."), choices)], state)
        first, last = state["offset"] + 1, state["offset"] + len(clients)
        header = ctx.t(
            "Clients {first}–{last} of {total}:", first=first, last=last, total=shown_total(total)
        )
        if state["query"]:
            header = ctx.t("Search “{query}”.", query=state["query"]) + " " + header
        lines = [header]
        for number, client in enumerate(clients, start=first):
            details = " · ".join(part for part in (client.email, client.phone) if part)
            lines.append(f"{number}. {client.display_name}" + (f" — {details}" if details else ""))
        choices = [Choice(client.display_name, f"go:client:{client.id}") for client in clients]
        if state["offset"] > 0:
            choices.append(Choice(ctx.t("◀ Previous"), PREV))
        if last < total:
            choices.append(Choice(ctx.t("Next ▶"), NEXT))
        choices.append(Choice(ctx.t("Filter by category"), FILTER))
        return Outcome([Reply("\n".join(lines), tuple(choices), columns=2, edit=True)], state)

    async def _categories(self, ctx: Context, state: dict[str, Any]) -> Outcome:
        rows = await Category.filter(business=ctx.require_business()).order_by("name")
        if not rows:
            return Outcome(
                [Reply(ctx.t("There are no categories yet. Create them with /categories."))], state
            )
        choices = [Choice(row.name, f"l:cat:{row.id}") for row in rows]
        choices.append(Choice(ctx.t("All clients"), ALL))
        return Outcome(
            [Reply(ctx.t("Show clients of which category?"), tuple(choices), columns=2)], state
        )
