"""A document's card: its status and amounts, and the actions its status allows.

Each action is one billing (or mail) verb; the card only decides which buttons make sense.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tortoise.transactions import in_transaction

from billing.documents.acceptance import apply_acceptance_policy
from billing.documents.balance import balance_due
from billing.documents.convert import Evidence, accept_proposal
from billing.documents.drafts import duplicate, get_document
from billing.documents.errors import DocumentError
from billing.documents.issue import issue
from billing.documents.payments import PAYABLE, record_payment
from billing.documents.status import can_move, move
from billing.errors import BillingError
from billing.i18n import day, money
from billing.money import parse_amount
from flows.context import Context
from flows.documents.delivery import latest_sends, status_text
from flows.documents.evidence import evidence_lines
from flows.documents.names import title
from flows.events import Event, EventKind
from flows.flow import N_, Outcome
from flows.ids import parse_id
from flows.outbox import tell_once_without_server
from flows.ports import DocumentMailer
from flows.refusals import error_text
from flows.replies import Choice, Reply
from models import (
    AcceptanceMethod,
    Client,
    Document,
    DocumentKind,
    DocumentStatus,
)

REFUND_TEXTS = {
    "refund": N_("Already paid, to refund to the client: {amount}"),
    "client_credit": N_("Already paid, kept as the client's credit: {amount}"),
}


class DocumentCardFlow:
    name = "document"

    def __init__(self, mailer: DocumentMailer) -> None:
        self.mailer = mailer

    async def start(
        self, ctx: Context, args: str, event: Event | None, carry: dict[str, Any]
    ) -> Outcome:
        document_id = parse_id(args)
        if document_id is None:
            return Outcome([Reply(ctx.t("That document doesn't exist."))])
        try:
            document = await get_document(ctx.require_business(), document_id)
        except DocumentError:
            return Outcome([Reply(ctx.t("That document doesn't exist."))])
        return await self._card(ctx, document)

    def help(self, ctx: Context, state: dict[str, Any]) -> str:
        if state.get("step") == "payment":
            return ctx.t("Type the amount received, or tap the full balance.")
        return ctx.t("Use the buttons to act on this document; /cancel leaves it.")

    async def handle(self, ctx: Context, state: dict[str, Any], event: Event) -> Outcome:
        business = ctx.require_business()
        try:
            document = await get_document(business, state["document_id"])
        except DocumentError:
            return Outcome([Reply(ctx.t("That document doesn't exist."))])
        choice = event.choice if event.kind == EventKind.CHOICE else ""
        try:
            if state.get("step") == "payment":
                return await self._on_payment(ctx, document, state, event, choice)
            return await self._act(ctx, document, choice)
        except BillingError as error:
            if state.get("step") == "payment":
                prompt = ctx.t("Type the amount received.")
                return Outcome([Reply("⚠️ " + error_text(ctx, error) + "\n" + prompt)], state)
            outcome = await self._card(ctx, await get_document(business, document.id))
            outcome.replies.insert(0, Reply("⚠️ " + error_text(ctx, error)))
            return outcome

    async def _act(self, ctx: Context, document: Document, choice: str) -> Outcome:
        business = ctx.require_business()
        if choice == "doc:pdf":
            outcome = await self._card(ctx, document)
            outcome.replies.insert(0, Reply(ctx.t("Here is the PDF."), pdf_of=document.id))
            return outcome
        if choice == "doc:certificate":
            outcome = await self._card(ctx, document)
            text = ctx.t("Here is the signing certificate.")
            outcome.replies.insert(0, Reply(text, certificate_of=document.id))
            return outcome
        if choice == "doc:issue":
            document = await issue(business, document.id, user=ctx.user)
            outcome = await self._card(ctx, document)
            text = ctx.t("Issued {number}. Here is the PDF.", number=document.number)
            outcome.replies.insert(0, Reply(text, pdf_of=document.id))
            return outcome
        if choice.startswith("doc:send:"):
            row = await self.mailer.send(
                business, document.id, user=ctx.user, send_number=int(choice[9:])
            )
            document = await get_document(business, document.id)
            outcome = await self._card(ctx, document)
            to = ", ".join(row.recipients)
            told = await tell_once_without_server(ctx, self.mailer)
            outcome.replies[:0] = [Reply(ctx.t("Queued the email to {to}.", to=to)), *told]
            return outcome
        if choice == "doc:retry":
            row = await self.mailer.retry(business, document.id)
            outcome = await self._card(ctx, document)
            if row is not None:
                to = ", ".join(row.recipients)
                outcome.replies.insert(0, Reply(ctx.t("Queued the email to {to} again.", to=to)))
            return outcome
        if choice == "doc:mark_sent":
            await self._move(document, DocumentStatus.SENT, ctx)
        elif choice == "doc:decline":
            await self._move(document, DocumentStatus.DECLINED, ctx)
        elif choice == "doc:cancel":
            await self._move(document, DocumentStatus.CANCELLED, ctx)
        elif choice == "doc:accept":
            conversion = await accept_proposal(
                business,
                document.id,
                Evidence(
                    method=AcceptanceMethod.OWNER_BUTTON,
                    decided_by=ctx.user,
                    accepted_at=datetime.now(UTC),
                ),
            )
            invoice = await apply_acceptance_policy(
                business, conversion, self.mailer, user=ctx.user
            )
            client = await Client.get(id=document.client_id)
            text = ctx.t(
                "You marked proposal {number} accepted by {client}, by hand. "
                "The invoice is below.",
                number=document.number,
                client=client.display_name,
            )
            issued = invoice.status != DocumentStatus.DRAFT
            reply = Reply(text, pdf_of=invoice.id if issued else None)
            return Outcome([reply], then=("document", str(invoice.id)))
        elif choice == "doc:duplicate":
            copy = await duplicate(business, document.id, user=ctx.user)
            return Outcome(
                [Reply(ctx.t("Duplicated as a new draft."))], then=("document", str(copy.id))
            )
        elif choice == "doc:credit":
            return Outcome([], then=("credit_note", str(document.id)))
        elif choice == "doc:pay":
            balance = balance_due(document)
            text = ctx.t(
                "How much was paid? Balance: {balance}",
                balance=money(balance, document.currency, ctx.language),
            )
            full = Choice(ctx.t("Full balance"), "doc:pay_full")
            return Outcome(
                [Reply(text, (full, Choice(ctx.t("Back"), "doc:back")))],
                {"document_id": document.id, "step": "payment"},
            )
        return await self._card(ctx, await get_document(business, document.id))

    async def _on_payment(
        self, ctx: Context, document: Document, state: dict[str, Any], event: Event, choice: str
    ) -> Outcome:
        business = ctx.require_business()
        if choice == "doc:back":
            return await self._card(ctx, document)
        if choice == "doc:pay_full":
            amount = balance_due(document)
        elif event.kind == EventKind.TEXT and event.text:
            amount = parse_amount(event.text, ctx.language)
        else:
            return Outcome([Reply(ctx.t("Type the amount received."))], state)
        await record_payment(
            business, document.id, amount, paid_on=datetime.now(UTC).date(), user=ctx.user
        )
        document = await get_document(business, document.id)
        outcome = await self._card(ctx, document)
        text = ctx.t("Recorded {amount}.", amount=money(amount, document.currency, ctx.language))
        outcome.replies.insert(0, Reply(text))
        return outcome

    async def _move(self, document: Document, to: DocumentStatus, ctx: Context) -> None:
        async with in_transaction() as connection:
            await move(document, to, connection, user=ctx.user)
            await document.save(using_db=connection, update_fields=["status", "updated_at"])

    async def _card(self, ctx: Context, document: Document) -> Outcome:
        client = await Client.get(id=document.client_id)
        business = ctx.require_business()
        email_status = (await latest_sends(business, [document.id])).get(document.id)
        cur, lang = document.currency, ctx.language
        lines = [
            f"📄 {title(ctx, document)} — {client.display_name}",
            ctx.t("Status: {status}", status=status_text(ctx, document, email_status)),
            ctx.t(
                "Total {total} (net {net} + tax {tax})",
                total=money(document.total, cur, lang),
                net=money(document.net, cur, lang),
                tax=money(document.tax, cur, lang),
            ),
        ]
        if document.issue_date:
            lines.append(ctx.t("Issued {date}", date=day(document.issue_date, lang)))
        if document.due_date and document.kind == DocumentKind.INVOICE:
            lines.append(ctx.t("Due {date}", date=day(document.due_date, lang)))
        if document.valid_until and document.kind == DocumentKind.PROPOSAL:
            lines.append(ctx.t("Valid until {date}", date=day(document.valid_until, lang)))
        if document.kind == DocumentKind.INVOICE and document.status != DocumentStatus.DRAFT:
            lines.append(
                ctx.t(
                    "Paid {paid}, outstanding {due}",
                    paid=money(document.amount_paid, cur, lang),
                    due=money(balance_due(document), cur, lang),
                )
            )
        if document.withheld:
            withheld = money(document.withheld, cur, lang)
            lines.append(ctx.t("Withheld by the client: {amount}", amount=withheld))
        if document.kind == DocumentKind.CREDIT_NOTE and document.refund_amount:
            owed = REFUND_TEXTS.get(document.refund_kind, REFUND_TEXTS["refund"])
            lines.append(ctx.t(owed, amount=money(document.refund_amount, cur, lang)))
        lines += await evidence_lines(ctx, document)
        choices = await self._actions(ctx, document)
        if await self.mailer.failed(business, document.id):
            lines.append("⚠️ " + ctx.t("The last email could not be delivered."))
            choices = (Choice(ctx.t("Retry sending"), "doc:retry"), *choices)
        return Outcome([Reply("\n".join(lines), choices, edit=True)], {"document_id": document.id})

    async def _actions(self, ctx: Context, document: Document) -> tuple[Choice, ...]:
        status, kind = document.status, document.kind
        actions = [Choice(ctx.t("Preview PDF"), "doc:pdf")]
        if status == DocumentStatus.DRAFT:
            actions.append(Choice(ctx.t("Issue"), "doc:issue"))
            if kind != DocumentKind.CREDIT_NOTE:
                actions.append(Choice(ctx.t("Edit"), f"go:new_{kind.value}:edit:{document.id}"))
            if document.currency != ctx.require_business().currency:
                actions.append(Choice(ctx.t("Exchange rate"), f"go:exchange_rate:{document.id}"))
            actions.append(Choice(ctx.t("Cancel document"), "doc:cancel"))
        elif kind != DocumentKind.CREDIT_NOTE and status not in (
            DocumentStatus.CANCELLED,
            DocumentStatus.CREDITED,
        ):
            sends = await self.mailer.send_count(ctx.require_business(), document.id)
            actions.append(Choice(ctx.t("Send by email"), f"doc:send:{sends}"))
            if can_move(document, DocumentStatus.SENT) and status != DocumentStatus.SENT:
                actions.append(Choice(ctx.t("Mark sent"), "doc:mark_sent"))
        proposal_open = kind == DocumentKind.PROPOSAL and status != DocumentStatus.DRAFT
        if proposal_open and can_move(document, DocumentStatus.ACCEPTED):
            actions.append(Choice(ctx.t("Accepted → invoice"), "doc:accept"))
            actions.append(Choice(ctx.t("Mark declined"), "doc:decline"))
        if kind == DocumentKind.PROPOSAL and status == DocumentStatus.ACCEPTED:
            actions.append(Choice(ctx.t("Signing certificate"), "doc:certificate"))
        if kind == DocumentKind.INVOICE and status in PAYABLE:
            actions.append(Choice(ctx.t("Record payment"), "doc:pay"))
        if kind == DocumentKind.INVOICE and can_move(document, DocumentStatus.CREDITED):
            actions.append(Choice(ctx.t("Credit note"), "doc:credit"))
        if kind != DocumentKind.CREDIT_NOTE:
            actions.append(Choice(ctx.t("Duplicate"), "doc:duplicate"))
        actions.append(Choice(ctx.t("Client"), f"go:client:{document.client_id}"))
        return tuple(actions)
