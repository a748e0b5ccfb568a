"""The Exchange rate button of a draft in a foreign currency: one question, then its card."""

from __future__ import annotations

from typing import Any

from billing.documents.drafts import get_document
from billing.documents.exchange import set_exchange_rate
from billing.errors import BillingError
from billing.i18n import precise_number
from billing.money import parse_amount
from flows.context import Context
from flows.events import Event, EventKind
from flows.flow import Outcome
from flows.ids import parse_id
from flows.refusals import error_text
from flows.replies import Reply


class ExchangeRateFlow:
    name = "exchange_rate"

    async def start(
        self, ctx: Context, args: str, event: Event | None, carry: dict[str, Any]
    ) -> Outcome:
        try:
            document = await get_document(ctx.require_business(), parse_id(args) or 0)
        except BillingError:
            return Outcome([Reply(ctx.t("That document doesn't exist."))])
        question = self._question(ctx, document.currency)
        return Outcome([Reply(question)], {"document_id": document.id})

    def help(self, ctx: Context, state: dict[str, Any]) -> str:
        return ctx.t("Type the rate as a number, or /cancel.")

    def _question(self, ctx: Context, currency: str) -> str:
        business = ctx.require_business()
        return ctx.t(
            "1 {currency} = how many {accounting}? Type the rate of the issue date, like 2.9845.",
            currency=currency,
            accounting=business.currency,
        )

    async def handle(self, ctx: Context, state: dict[str, Any], event: Event) -> Outcome:
        business = ctx.require_business()
        document = await get_document(business, state["document_id"])
        if event.kind != EventKind.TEXT or not event.text:
            return Outcome([Reply(self._question(ctx, document.currency))], state)
        try:
            rate = parse_amount(event.text, ctx.language)
            document = await set_exchange_rate(business, document.id, rate)
        except BillingError as error:
            text = "⚠️ " + error_text(ctx, error) + "\n" + self._question(ctx, document.currency)
            return Outcome([Reply(text)], state)
        text = ctx.t(
            "Saved: 1 {currency} = {rate} {accounting}.",
            currency=document.currency,
            rate=precise_number(rate, ctx.language),
            accounting=business.currency,
        )
        return Outcome([Reply(text)], then=("document", str(document.id)))
