"""/invoices and /proposals: documents by status, newest first, paged; tap one for its card."""

from __future__ import annotations

from typing import Any

from billing.i18n import money
from flows.context import Context
from flows.documents.delivery import latest_sends, status_text
from flows.documents.names import title
from flows.events import Event, EventKind
from flows.flow import Outcome
from flows.ids import parse_id
from flows.replies import Choice, Reply
from models import Document, DocumentKind, DocumentStatus

OPEN_INVOICES = (
    DocumentStatus.ISSUED,
    DocumentStatus.SENT,
    DocumentStatus.OVERDUE,
    DocumentStatus.PARTIALLY_PAID,
)


class DocumentListFlow:
    """One kind of document (/invoices, /proposals), or every kind of one client (its card)."""

    def __init__(self, kind: DocumentKind | None, name: str) -> None:
        self.kind = kind
        self.name = name

    async def start(
        self, ctx: Context, args: str, event: Event | None, carry: dict[str, Any]
    ) -> Outcome:
        client = parse_id(args[7:]) if args.startswith("client:") else None
        return await self._page(ctx, {"status": "", "offset": 0, "client": client})

    def help(self, ctx: Context, state: dict[str, Any]) -> str:
        return ctx.t("Tap a document to open it, or filter by status.")

    async def handle(self, ctx: Context, state: dict[str, Any], event: Event) -> Outcome:
        choice = event.choice if event.kind == EventKind.CHOICE else ""
        size = ctx.settings.page_size
        if choice == "dl:next":
            state["offset"] += size
        elif choice == "dl:prev":
            state["offset"] = max(0, state["offset"] - size)
        elif choice.startswith("dl:status:"):
            state.update(status=choice[10:], offset=0)
        return await self._page(ctx, state)

    async def _page(self, ctx: Context, state: dict[str, Any]) -> Outcome:
        query = Document.filter(business=ctx.require_business())
        if self.kind is not None:
            query = query.filter(kind=self.kind)
        if state.get("client"):
            query = query.filter(client_id=state["client"])
        if state["status"] == "open":
            query = query.filter(status__in=OPEN_INVOICES)
        elif state["status"]:
            query = query.filter(status=state["status"])
        total = await query.count()
        size = ctx.settings.page_size
        rows = (
            await query.order_by("-id")
            .offset(state["offset"])
            .limit(size)
            .prefetch_related("client")
        )
        lines = [ctx.tn("{count} document", "{count} documents", total, count=total)]
        emails = await latest_sends(ctx.require_business(), (document.id for document in rows))
        for document in rows:
            amount = money(document.total, document.currency, ctx.language)
            line = f"• {title(ctx, document)} — {document.client.display_name} — {amount}"
            if document.status != DocumentStatus.DRAFT:  # a draft's title already says so
                line += f" ({status_text(ctx, document, emails.get(document.id))})"
            lines.append(line)
        choices = [
            Choice(button_label(ctx, document), f"go:document:{document.id}") for document in rows
        ]
        if state["offset"]:
            choices.append(Choice(ctx.t("◀ Previous"), "dl:prev"))
        if state["offset"] + size < total:
            choices.append(Choice(ctx.t("Next ▶"), "dl:next"))
        filters = {
            DocumentKind.INVOICE: ["", "draft", "open", "paid"],
            DocumentKind.PROPOSAL: ["", "draft", "sent", "accepted"],
        }.get(self.kind, ["", "draft", "open"])
        labels = {
            "": ctx.t("All"),
            "draft": ctx.t("Drafts"),
            "open": ctx.t("Unpaid"),
            "paid": ctx.t("Paid"),
            "sent": ctx.t("Sent"),
            "accepted": ctx.t("Accepted"),
        }
        choices += [Choice(labels[f], f"dl:status:{f}") for f in filters if f != state["status"]]
        return Outcome([Reply("\n".join(lines), tuple(choices), edit=True)], state)


def button_label(ctx: Context, document: Document) -> str:
    """Its number where it has one; a draft has none, so its title and total tell it apart from
    the client's other drafts."""
    if document.number:
        return f"{document.number} {document.client.display_name}"
    amount = money(document.total, document.currency, ctx.language)
    return f"{title(ctx, document)} · {amount} · {document.client.display_name}"
