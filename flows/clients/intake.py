"""The new-client form filled from one message: a pasted signature, a vCard, a contact card.

billing/clients/intake reads the text; this module turns its draft into the form's answers, each
through the same parser the form's question uses (so a pasted value is held to what a typed one
is), and keeps what failed as doubts the form then asks about, showing what was read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from billing.clients.intake import ContactDraft, parse_contact
from billing.clients.intake.names import has_legal_form
from billing.clients.intake.vcard import is_vcard, parse_vcard
from flows.context import Context
from flows.errors import Invalid
from flows.events import ContactCard, Event, EventKind, FileUpload
from flows.fields import Field
from flows.flow import N_

# Draft field → the form's question that holds it.
FORM_FIELD = {
    "email": "email",
    "phone": "phone",
    "street": "billing_street",
    "city": "billing_city",
    "postcode": "billing_postcode",
    "country": "country",
    "tax_id": "tax_id",
}
# How a value with no question of its own is named in the client's private note.
NOTE_LABELS = {
    "website": N_("Web"),
    "fax": N_("Fax"),
    "mobile": N_("Mobile"),
    "phone": N_("Phone"),
    "email": N_("Email"),
    "po_box": N_("P.O. box"),
    "address": N_("Address"),
    "role": N_("Job title"),
}
# A message needs this many values read before it counts as a client's details rather than an
# answer (a one-word reply to "person or company?" is not a signature).
ENOUGH = 2
SHOWN = 60  # characters of a doubtful value quoted back

@dataclass
class Intake:
    """The form's answers read from a message, and the doubts to ask about: form field →
    (what was read, a repaired reading to offer or "")."""

    values: dict[str, Any] = field(default_factory=dict)
    doubts: dict[str, tuple[str, str]] = field(default_factory=dict)

    def __len__(self) -> int:
        """How many values were read ("kind" is inferred, not read)."""
        return len([key for key in self.values if key != "kind"]) + len(self.doubts)


def draft_of(ctx: Context, text: str = "", event: Event | None = None) -> ContactDraft | None:
    """Whatever the message carries: a vCard (as text or a .vcf file), a contact card, or
    free text; None when it carries nothing to read."""
    region = ctx.business.country if ctx.business else None
    if event is not None and event.kind == EventKind.CONTACT and event.contact is not None:
        return _card(event.contact, region)
    if event is not None and event.kind == EventKind.FILE and event.file is not None:
        text = vcard_text(event.file) or ""
    if not text.strip():
        return None
    if is_vcard(text):
        return parse_vcard(text, region=region)
    return parse_contact(text, region=region)


def looks_like_contact(ctx: Context, text: str) -> bool:
    """A forwarded email or a pasted signature sent outside any dialog: several lines holding
    a way to reach someone. One line stays a client search."""
    if "\n" not in text.strip():
        return False
    draft = draft_of(ctx, text)
    return draft is not None and bool(draft.email or draft.phone) and len(draft.values()) >= ENOUGH


def vcard_text(upload: FileUpload) -> str | None:
    """The text of a .vcf file, None for any other file."""
    if not upload.is_vcard:
        return None
    text = upload.data.decode("utf-8", errors="replace").lstrip("\ufeff")
    return text if is_vcard(text) else None


def _card(card: ContactCard, region: str | None) -> ContactDraft:
    """Telegram's shared contact: its vCard (with the email) when it has one, and its fields."""
    draft = parse_vcard(card.vcard, region=region) if is_vcard(card.vcard) else ContactDraft()
    full_name = " ".join(part for part in (card.first_name, card.last_name) if part)
    draft.fill("name", full_name)
    draft.fill("email", card.email)
    if card.phone and not draft.phone:
        draft.phone = card.phone
    return draft


def answers(ctx: Context, draft: ContactDraft, fields: list[Field]) -> Intake:
    """The draft as the form's answers, each checked by its question's parser."""
    by_name = {f.name: f for f in fields}
    intake = Intake()
    values = intake.values
    extras = list(draft.extras)
    if draft.company:
        values["kind"] = "company"
        _put(ctx, intake, by_name["display_name"], draft.company)
        if has_legal_form(draft.company):
            _put(ctx, intake, by_name["legal_name"], draft.company)
        _put(ctx, intake, by_name["contact_name"], draft.name)
        _put(ctx, intake, by_name["contact_role"], draft.role)
        mobile = next((value for kind, value in extras if kind == "mobile"), "")
        if mobile and _put(ctx, intake, by_name["contact_phone"], mobile):
            extras.remove(("mobile", mobile))
    elif draft.name:
        values["kind"] = "person"
        _put(ctx, intake, by_name["display_name"], draft.name)
        if draft.role:
            extras.insert(0, ("role", draft.role))
    for key in ("country", "email", "phone", "street", "city", "postcode", "tax_id"):
        _put(ctx, intake, by_name[FORM_FIELD[key]], getattr(draft, key))
    for doubt in draft.doubts:
        target = FORM_FIELD.get(doubt.field)
        if target is None:
            extras.append((doubt.field, doubt.text + " (?)"))
        elif target not in intake.doubts:
            intake.doubts[target] = (doubt.text, doubt.suggestion)
            if doubt.suggestion:
                _put(ctx, intake, by_name[target], doubt.suggestion)
    if draft.website:
        extras.insert(0, ("website", draft.website))
    note = "\n".join(f"{ctx.t(NOTE_LABELS.get(kind, kind))}: {value}" for kind, value in extras)
    _put(ctx, intake, by_name["notes"], note)
    return intake


def _put(ctx: Context, intake: Intake, field: Field, value: str) -> bool:
    """Store `value` for `field` if its parser and column take it; else it becomes a doubt."""
    if not value:
        return False
    ctx.answers = intake.values
    try:
        parsed = field.parse(ctx, value) if field.parse else value
        field.check_length(parsed)
    except Invalid:
        intake.doubts.setdefault(field.name, (value, ""))
        return False
    intake.values[field.name] = parsed
    return True


def doubt_text(ctx: Context, field: Field, read: str, suggestion: str) -> str:
    """What the owner is told before the question about a doubtful value."""
    label = ctx.t(field.label)
    shown = read if len(read) <= SHOWN else read[: SHOWN - 1] + "…"
    if suggestion:
        return "⚠️ " + ctx.t(
            "{field}: I read “{read}” and took it as {suggestion}. Keep it, or send the right one.",
            field=label,
            read=shown,
            suggestion=suggestion,
        )
    reason = ""
    if field.parse is not None:
        try:
            field.parse(ctx, read)
        except Invalid as error:
            reason = " " + ctx.t(error.key, **error.params)
    return "⚠️ " + ctx.t(
        "{field}: I read “{read}”, but it doesn't look right.", field=label, read=shown
    ) + reason
