"""The Credit note button: what to credit (all, some lines, an amount), why, and — when the
invoice was already paid — whether the money goes back or stays as the client's credit.

Steps: what → (lines | amount) → reason → (refund, only if something was paid) → a draft credit
note, shown on its card to check and issue.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from billing.documents.credit import CLIENT_CREDIT, REFUND, draft_credit_note
from billing.documents.drafts import draft_lines_of, get_document
from billing.errors import BillingError
from billing.i18n import money
from billing.money import parse_amount
from flows.context import Context
from flows.documents.draft_lines import stored, totals_text
from flows.events import Event, EventKind
from flows.flow import Outcome
from flows.ids import parse_count, parse_id
from flows.refusals import error_text
from flows.replies import Choice, Reply
from models import Document, DocumentKind

LINE_NUMBERS = re.compile(r"\s*\d+(\s*[,; ]\s*\d+)*\s*")


class CreditNoteFlow:
    name = "credit_note"

    async def start(
        self, ctx: Context, args: str, event: Event | None, carry: dict[str, Any]
    ) -> Outcome:
        business = ctx.require_business()
        try:
            invoice = await get_document(business, parse_id(args) or 0)
        except BillingError:
            invoice = None
        if invoice is None or invoice.kind != DocumentKind.INVOICE:
            return Outcome([Reply(ctx.t("That document doesn't exist."))])
        return await self._ask(ctx, {"invoice_id": invoice.id, "step": "what"})

    def help(self, ctx: Context, state: dict[str, Any]) -> str:
        return ctx.t("Use the buttons, /back to go back, or /cancel to stop without saving.")

    async def handle(self, ctx: Context, state: dict[str, Any], event: Event) -> Outcome:
        step = state["step"]
        choice = event.choice if event.kind == EventKind.CHOICE else ""
        text = event.text.strip() if event.kind == EventKind.TEXT and event.text else ""
        invoice = await get_document(ctx.require_business(), state["invoice_id"])
        if step == "what" and choice in ("cn:all", "cn:lines", "cn:amount"):
            state["step"] = {"cn:all": "reason", "cn:lines": "lines", "cn:amount": "amount"}[choice]
            state["positions"], state["amount"] = [], None
        elif step == "lines" and text and LINE_NUMBERS.fullmatch(text):
            numbers = {parse_count(n) for n in re.findall(r"\d+", text)}
            state["positions"] = sorted(n for n in numbers if n is not None)
            state["step"] = "reason"
        elif step == "amount" and text:
            try:
                state["amount"] = str(parse_amount(text, ctx.language))
            except BillingError as error:
                return await self._ask(ctx, state, error_text(ctx, error))
            state["step"] = "reason"
        elif step == "reason" and text:
            state["reason"] = text[:500]
            if invoice.amount_paid <= 0:
                return await self._draft(ctx, state, invoice, REFUND)
            state["step"] = "refund"
        elif step == "refund" and choice in ("cn:refund", "cn:credit"):
            kind = REFUND if choice == "cn:refund" else CLIENT_CREDIT
            return await self._draft(ctx, state, invoice, kind)
        return await self._ask(ctx, state)

    async def _draft(
        self, ctx: Context, state: dict[str, Any], invoice: Document, refund_kind: str
    ) -> Outcome:
        try:
            note = await draft_credit_note(
                ctx.require_business(),
                invoice.id,
                user=ctx.user,
                positions=state["positions"],
                amount=Decimal(state["amount"]) if state.get("amount") else None,
                reason=state["reason"],
                refund_kind=refund_kind,
            )
        except BillingError as error:
            state["step"] = "what"
            return await self._ask(ctx, state, error_text(ctx, error))
        text = ctx.t("Credit note drafted. Check it and tap Issue.")
        return Outcome([Reply(text)], then=("document", str(note.id)))

    async def _ask(self, ctx: Context, state: dict[str, Any], error: str = "") -> Outcome:
        invoice = await get_document(ctx.require_business(), state["invoice_id"])
        step = state["step"]
        choices: tuple[Choice, ...] = ()
        if step == "what":
            lines = [stored(line) for line in await draft_lines_of(invoice)]
            shown = totals_text(ctx, lines, invoice.currency)
            text = ctx.t("Credit note for {number}. What does it credit?", number=invoice.number)
            text += "\n" + shown
            choices = (
                Choice(ctx.t("All of it"), "cn:all"),
                Choice(ctx.t("Some lines"), "cn:lines"),
                Choice(ctx.t("An amount"), "cn:amount"),
            )
        elif step == "lines":
            text = ctx.t("Type the numbers of the lines to credit, like 1, 3.")
        elif step == "amount":
            text = ctx.t("Type the amount to credit, before VAT.")
        elif step == "reason":
            text = ctx.t("Why? The reason is printed on the credit note.")
        else:
            paid = money(invoice.amount_paid, invoice.currency, ctx.language)
            text = ctx.t(
                "The client already paid {paid}. What happens to money paid beyond what "
                "they now owe?",
                paid=paid,
            )
            choices = (
                Choice(ctx.t("Refund it"), "cn:refund"),
                Choice(ctx.t("Keep it as their credit"), "cn:credit"),
            )
        replies = [Reply(text, choices, columns=1)]
        if error:
            replies.insert(0, Reply("⚠️ " + error))
        return Outcome(replies, state)
