"""What the owner sees at each step of writing a proposal or invoice, as channel-neutral replies."""

from __future__ import annotations

from datetime import date
from typing import Any

from billing.i18n import day, percent
from billing.taxes import default_rates
from flows.context import Context
from flows.documents.draft_lines import line_help, totals_text
from flows.documents.supply import supply_question, supply_summary
from flows.replies import Choice, Reply
from flows.typed import NUMBER_ANSWERS
from models import Client, DocumentKind

DONE, REMOVE, ADD, SAVE, ISSUE, SKIP = "d:done", "d:remove", "d:add", "d:save", "d:issue", "d:skip"
REFERENCE = "d:reference"
MAX_REFERENCE = 100


def draft_screen(
    ctx: Context, state: dict[str, Any], kind: DocumentKind, title: str, client: Client | None
) -> list[Reply]:
    """What the owner sees at each step of writing a proposal or invoice."""
    replies: list[Reply] = []
    step = state["step"]
    if step == "client":
        replies.append(Reply(ctx.t("Which client? Type part of their name.")))
    elif step == "line":
        text = totals_text(ctx, state["lines"], client.currency)
        rates = default_rates(
            ctx.require_business().country, ctx.require_business().default_tax_rates
        )
        shown_rates = ", ".join(percent(rate, ctx.language) for rate in rates)
        prompt = line_help(ctx) + "\n" + ctx.t("Tax rates: {rates}", rates=shown_rates)
        choices = (
            (Choice(ctx.t("Done"), DONE), Choice(ctx.t("Change or remove a line"), REMOVE))
            if state["lines"]
            else ()
        )
        replies.append(Reply((text + "\n\n" if text else "") + prompt, choices))
    elif step == "remove":
        choices = tuple(
            Choice(f"{n + 1}. {line['description'][:40]}", f"d:rm:{n}")
            for n, line in enumerate(state["lines"])
        )
        replies.append(
            Reply(
                ctx.t("Which line?"),
                (*choices, Choice(ctx.t("Keep all"), "d:keep")),
                columns=1,
            )
        )
    elif step == "change":
        line = state["lines"][state["changing"]]
        text = ctx.t(
            "Line {n}: {description}. Type the corrected line, or remove it.",
            n=state["changing"] + 1,
            description=line["description"],
        )
        choices = (Choice(ctx.t("Remove it"), "d:delete"), Choice(ctx.t("Keep it"), "d:keep"))
        replies.append(Reply(text, choices))
    elif step == "notes":
        replies.append(
            Reply(ctx.t("Any notes to print on it? (optional)"), (Choice(ctx.t("Skip"), SKIP),))
        )
    elif step == "reference":
        question = ctx.t(
            "Your client's purchase order number or reference, printed on the invoice and "
            "carried by its e-invoice? Skip: none."
        )
        # A purchase order is often a bare number: a typed "1" is that reference, not Skip.
        replies.append(Reply(question, (Choice(ctx.t("Skip"), SKIP),), extra={NUMBER_ANSWERS: "1"}))
    elif step == "date":
        question = (
            ctx.t(
                "Valid until? A date like 31/12/2026, or a number of days. "
                "Skip: the usual {days} days.",
                days=ctx.require_business().proposal_validity_days,
            )
            if kind == DocumentKind.PROPOSAL
            else ctx.t(
                "Due date? A date like 31/12/2026, or a number of days. "
                "Skip: the usual {days} days after issue.",
                days=ctx.require_business().payment_terms_days,
            )
        )
        # "A number of days": a typed "1" is one day, not Skip.
        replies.append(Reply(question, (Choice(ctx.t("Skip"), SKIP),), extra={NUMBER_ANSWERS: "1"}))
    elif step == "supply":
        replies.append(supply_question(ctx))
    else:
        text = title + " — " + client.display_name + "\n"
        text += totals_text(ctx, state["lines"], client.currency)
        if state.get("notes"):
            text += "\n" + ctx.t("Notes: {notes}", notes=state["notes"])
        if state.get("reference"):
            text += "\n" + ctx.t("Client's reference: {reference}", reference=state["reference"])
        if state.get("date"):
            chosen = day(date.fromisoformat(state["date"]), ctx.language)
            text += "\n" + (
                ctx.t("Valid until {date}", date=chosen)
                if kind == DocumentKind.PROPOSAL
                else ctx.t("Due {date}", date=chosen)
            )
        if supplied := supply_summary(ctx, state.get("supply") or ""):
            text += "\n" + supplied
        choices = (
            Choice(ctx.t("Issue"), ISSUE),
            Choice(ctx.t("Save draft"), SAVE),
            Choice(ctx.t("Add line"), ADD),
            Choice(ctx.t("Change or remove a line"), REMOVE),
        )
        if kind == DocumentKind.INVOICE:
            choices = (*choices, Choice(ctx.t("Client's reference"), REFERENCE))
        replies.append(Reply(text, choices, edit=True))
    return replies
