"""The invoice dialog's date-of-supply step (EU VAT Directive Art. 226(7)).

Asked after the due date; "Same as issue date" is the default answer, and then nothing extra is
printed. The dialog state keeps the answer as "", "2026-02-28" or "2026-02-01/2026-02-28".
"""

from __future__ import annotations

from datetime import date
from typing import Any

from billing.i18n import day
from flows.context import Context
from flows.documents.dates import parse_supply
from flows.errors import Invalid
from flows.events import Event, EventKind
from flows.replies import Choice, Reply

SAME_DAY = "d:same_day"


def supply_dates(stored: str) -> tuple[date | None, date | None]:
    """(date, end of period) from the stored answer; (None, None) for the issue date."""
    parts = [date.fromisoformat(part) for part in stored.split("/") if part]
    return (parts[0] if parts else None), (parts[1] if len(parts) > 1 else None)


def stored_supply(start: date | None, end: date | None) -> str:
    return "/".join(d.isoformat() for d in (start, end) if d)


def supply_question(ctx: Context) -> Reply:
    question = ctx.t(
        "When did you deliver or do the work? A date like 28/02/2026, or a period like "
        "01/02/2026 - 28/02/2026. Only needed when it is not the issue date."
    )
    return Reply(question, (Choice(ctx.t("Same as issue date"), SAME_DAY),))


def supply_summary(ctx: Context, stored: str) -> str:
    """The summary card's line, or "" when the supply is on the issue date."""
    start, end = supply_dates(stored)
    if start and end:
        return ctx.t(
            "Supplied from {start} to {end}",
            start=day(start, ctx.language),
            end=day(end, ctx.language),
        )
    return ctx.t("Supplied on {date}", date=day(start, ctx.language)) if start else ""


def take_supply(ctx: Context, state: dict[str, Any], event: Event) -> str:
    """Apply the owner's answer to `state` and move the step on; returns an error text or ""."""
    if event.kind == EventKind.COMMAND and event.command == "back":
        state["step"] = "date"
        return ""
    skipped = event.kind == EventKind.COMMAND and event.command == "skip"
    if skipped or (event.kind == EventKind.CHOICE and event.choice == SAME_DAY):
        state.update(supply="", step="summary")
        return ""
    if event.kind != EventKind.TEXT or not event.text:
        return ""
    try:
        start, end = parse_supply(event.text, ctx.language)
    except Invalid as error:
        return ctx.t(error.key, **error.params)
    state.update(supply=stored_supply(start, end), step="summary")
    return ""
