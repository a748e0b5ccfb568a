"""Registering a client by chat: every field of a web form, one question at a time, skippable."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from billing.clients.intake import ContactDraft
from billing.clients.intake.country import likely_country
from billing.clients.register import register_client
from billing.clients.search import find_duplicates
from billing.errors import BillingError
from flows.clients.client_fields import ANSWERED_FIELDS, BASE_FIELDS
from flows.clients.custom_answers import custom_fields
from flows.clients.intake import ENOUGH, Intake, answers, doubt_text, draft_of
from flows.context import Context
from flows.events import Event, EventKind
from flows.fields import Field
from flows.flow import N_, Outcome
from flows.form import FormFlow
from flows.ports import DocumentMailer
from flows.refusals import error_text
from flows.replies import Choice, Reply
from models import Client


class NewClientFlow(FormFlow):
    name = "new_client"
    title = N_("New client")
    can_save_new = True

    def __init__(self, mailer: DocumentMailer | None = None) -> None:
        self.mailer = mailer  # sends the welcome email; without one, none is sent

    async def fields(self, ctx: Context) -> Sequence[Field]:
        return (*BASE_FIELDS[:-1], *await custom_fields(ctx), BASE_FIELDS[-1])

    async def start(
        self, ctx: Context, args: str, event: Event | None, carry: dict[str, Any]
    ) -> Outcome:
        """`/newclient <text>`, a shared contact, a .vcf: the form starts filled in from it."""
        draft = draft_of(ctx, args, event) if args or event is not None else None
        if event is not None and event.picture_read:
            return await self._filled(ctx, draft, carry, picture=True)
        if draft is None:
            outcome = await super().start(ctx, args, event, carry)
            if outcome.replies and not carry:
                tip = ctx.t(
                    "Tip: paste the client's details in one message (an email signature, "
                    "a business card's text, or name, email, phone) and I fill in the form."
                )
                title = outcome.replies[0]
                outcome.replies[0] = replace(title, text=f"{title.text}\n{tip}")
            return outcome
        return await self._filled(ctx, draft, carry)

    async def _filled(
        self, ctx: Context, draft: ContactDraft | None, carry: dict[str, Any], *,
        picture: bool = False,
    ) -> Outcome:
        """The form started from what a message or a photographed card yielded. A picture that
        yielded too little to be a client's details gets a plain word about it, and the form
        (keeping the little it read)."""
        intake = answers(ctx, draft, list(await self.fields(ctx))) if draft else Intake()
        values = {**_country_guess(ctx, draft), **carry.get("values", {}), **intake.values}
        outcome = await super().start(ctx, "", None, {"values": values, "state": _asking(intake)})
        if len(intake) >= ENOUGH:
            outcome.replies.insert(1, Reply(_read_from(ctx, picture)))
        elif picture:
            outcome.replies.insert(1, Reply("⚠️ " + _unreadable(ctx)))
        return outcome

    async def handle(self, ctx: Context, state: dict[str, Any], event: Event) -> Outcome:
        """The first question answered with a whole signature (or a contact, a .vcf) reads it;
        a photographed card is read at any step."""
        first = not state.get("history") and not str(state.get("step", "")).startswith("_")
        if first or event.picture_read:
            text = event.text if event.kind == EventKind.TEXT else ""
            draft = draft_of(ctx, text, event) if text or event.kind != EventKind.TEXT else None
            fields = list(await self.fields(ctx))
            intake = answers(ctx, draft, fields) if draft is not None else None
            if intake is not None and (len(intake) >= ENOUGH or "\n" in text.strip()):
                state["values"].update({**_country_guess(ctx, draft), **intake.values})
                state.update(_asking(intake))
                state["step"] = self._next(
                    fields, state["values"], None, quick=True, ask=state["ask"]
                )
                outcome = await self._show(ctx, fields, state)
                outcome.replies.insert(0, Reply(_read_from(ctx, event.picture_read)))
                return outcome
        if event.picture_read:
            return await self._reprompt(ctx, await self.fields(ctx), state, _unreadable(ctx))
        return await super().handle(ctx, state, event)

    async def _show(self, ctx: Context, fields: Sequence[Field], state: dict[str, Any]) -> Outcome:
        """Before the question about a doubtful value, say what was read there (once)."""
        outcome = await super()._show(ctx, fields, state)
        doubt = (state.get("doubts") or {}).pop(state.get("step", ""), None)
        field = next((f for f in fields if f.name == state.get("step")), None)
        if doubt and field is not None:
            outcome.replies.insert(0, Reply(doubt_text(ctx, field, *doubt)))
        return outcome

    async def duplicates(self, ctx: Context, values: dict[str, Any]) -> list[Choice]:
        similar = await find_duplicates(
            ctx.require_business(),
            name=values.get("display_name") or "",
            email=values.get("email") or "",
            tax_id=values.get("tax_id") or "",
        )
        return [
            Choice(ctx.t("Open {name}", name=client.display_name), f"go:client:{client.id}")
            for client in similar[:5]
        ]

    async def commit(self, ctx: Context, values: dict[str, Any], state: dict[str, Any]) -> Outcome:
        business = ctx.require_business()
        fields = {key: values.get(key) for key in ANSWERED_FIELDS}
        fields["billing_country"] = values.get("country")
        contact = {
            "name": values.get("contact_name") or "",
            "email": values.get("contact_email") or "",
            "phone": values.get("contact_phone") or "",
            "role": values.get("contact_role") or "",
        }
        asked = {field.name for field in await custom_fields(ctx)}  # one may have gone since
        custom = {
            int(key[3:]): str(value)
            for key, value in values.items()
            if key in asked and value
        }
        client = await register_client(
            business,
            fields,
            categories=values.get("categories") or [],
            custom_values=custom,
            contact=contact,
            user=ctx.user,
        )
        text = ctx.t("Saved client {name}.", name=client.display_name)
        if business.send_welcome_email and client.email and self.mailer is not None:
            text += "\n" + await self._welcome(ctx, self.mailer, client)
        choices = (
            Choice(ctx.t("Open card"), f"go:client:{client.id}"),
            Choice(ctx.t("New client"), "go:new_client:"),
            Choice(ctx.t("All clients"), "go:clients:"),
        )
        return Outcome([Reply(text, () if state.get("save_new") else choices, columns=3)])

    @staticmethod
    async def _welcome(ctx: Context, mailer: DocumentMailer, client: Client) -> str:
        try:
            await mailer.welcome(ctx.require_business(), client)
        except BillingError as error:
            return "⚠️ " + ctx.t("No welcome email: {reason}", reason=error_text(ctx, error))
        return ctx.t("A welcome email to {email} is queued.", email=client.email)

    def carry_for_next(self, values: dict[str, Any]) -> dict[str, Any]:
        return {"categories": values.get("categories") or []}



def _read_from(ctx: Context, picture: bool) -> str:
    if picture:
        return ctx.t("Here is what I read from the picture.")
    return ctx.t("Here is what I read from your message.")


def _unreadable(ctx: Context) -> str:
    return ctx.t(
        "I could not read a client's details in that picture. Let's fill them in here; "
        "or send a sharper photo, taken straight on and in good light."
    )


def _country_guess(ctx: Context, draft: ContactDraft | None) -> dict[str, str]:
    """The client's likely country, shown on the summary for the owner to correct: a client
    without one cannot be sent an e-invoice, and a quick add never names one."""
    home = ctx.business.country if ctx.business else ""
    guess = likely_country(draft, home) if draft else home
    return {"country": guess} if guess else {}


def _asking(intake: Intake) -> dict[str, Any]:
    """Form state after an intake: only required answers still missing, and the doubts."""
    return {
        "quick": True,
        "ask": list(intake.doubts),
        "doubts": {name: list(doubt) for name, doubt in intake.doubts.items()},
    }
