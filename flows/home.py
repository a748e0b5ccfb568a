"""Where an idle chat lands: the main menu, free text read as a client search, and a forwarded
signature or a .vcf read as a new client."""

from __future__ import annotations

from typing import Any

from flows.clients.intake import looks_like_contact, vcard_text
from flows.context import Context
from flows.events import Event, EventKind
from flows.flow import Outcome
from flows.replies import Choice, Reply


def menu(ctx: Context, text: str) -> Reply:
    return Reply(
        text,
        (
            Choice(ctx.t("New proposal"), "go:new_proposal:"),
            Choice(ctx.t("New invoice"), "go:new_invoice:"),
            Choice(ctx.t("Invoices"), "go:invoices:"),
            Choice(ctx.t("Proposals"), "go:proposals:"),
            Choice(ctx.t("New client"), "go:new_client:"),
            Choice(ctx.t("Clients"), "go:clients:"),
            Choice(ctx.t("Categories"), "go:categories:"),
            Choice(ctx.t("Help"), "go:help:"),
        ),
    )


class HomeFlow:
    name = "home"

    async def start(
        self, ctx: Context, args: str, event: Event | None, carry: dict[str, Any]
    ) -> Outcome:
        if event is not None and event.kind == EventKind.FILE and event.file is not None:
            card = vcard_text(event.file)
            if card is not None:
                return Outcome([], then=("new_client", card))
        if event is not None and event.kind == EventKind.TEXT and event.text:
            if looks_like_contact(ctx, event.text):
                return Outcome([], then=("new_client", event.text))
            return Outcome([], then=("clients", event.text))
        return Outcome([menu(ctx, ctx.t("What would you like to do?"))])

    async def handle(self, ctx: Context, state: dict[str, Any], event: Event) -> Outcome:
        return await self.start(ctx, "", event, {})

    def help(self, ctx: Context, state: dict[str, Any]) -> str:
        from flows.engine import general_help

        return general_help(ctx)


class HelpFlow(HomeFlow):
    """The Help button: the same text /help gives outside a dialog."""

    name = "help"

    async def start(
        self, ctx: Context, args: str, event: Event | None, carry: dict[str, Any]
    ) -> Outcome:
        return Outcome([Reply(self.help(ctx, {}))])
