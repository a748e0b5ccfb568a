"""Proposal, invoice, reminder and welcome emails, built as the client will receive them.

Pure: it takes rows the caller already loaded and the PDF bytes, and touches neither the
database nor the network, so the send verb, a reminder job and a preview all build the same
message. The text is in the client's language (the business's, then English, when the email
catalog lacks it). Every name that reaches a header is folded onto one line first, so a client
called "Jane\\r\\nBcc: x@evil" stays a display name; non-ASCII names are RFC 2047-encoded by the
SMTP policy.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid, parseaddr
from typing import Any

from assent.settings import MailSettings, SmtpSettings
from billing.businesses.clock import today_for
from billing.documents.balance import balance_due
from billing.documents.snapshot import issued_bank_details
from billing.i18n import available_languages, day, money
from mail.outbound.errors import DocumentNotIssued, InvalidAddress, NoRecipient
from mail.outbound.render import DOMAIN, gettext, render_pair
from mail.outbound.reply_token import make_reply_address
from models import Business, Client, ClientKind, Contact, Document, DocumentKind

_DOMAIN = re.compile(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*")
_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")
_SUBJECTS = {
    DocumentKind.PROPOSAL: "Proposal {number} from {business}",
    DocumentKind.INVOICE: "Invoice {number} from {business}",
    DocumentKind.CREDIT_NOTE: "Credit note {number} from {business}",
}


@dataclass(frozen=True)
class Parties:
    """Who writes and who reads: the business, the client, and the client's contacts."""

    business: Business
    client: Client
    contacts: Sequence[Contact] = ()

    @property
    def primary_contact(self) -> Contact | None:
        return next((c for c in self.contacts if c.is_primary and c.email), None)

    @property
    def greeting_name(self) -> str:
        """A person is greeted by name; a company through its primary contact when it has one."""
        contact = self.primary_contact
        if self.client.kind == ClientKind.COMPANY and contact is not None:
            return _one_line(contact.name)
        return _one_line(self.client.display_name)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def email_address(name: str, email: str) -> Address:
    """A header-safe address; an IDN domain becomes punycode, a non-ASCII local part is refused."""
    local, at, domain = email.strip().rpartition("@")
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        domain = ""
    if not (local and at and local.isascii() and _DOMAIN.fullmatch(domain)):
        raise InvalidAddress(address=email)
    try:
        return Address(display_name=_one_line(name), username=local, domain=domain)
    except ValueError:  # CR or LF inside the local part
        raise InvalidAddress(address=email) from None


def recipients(parties: Parties) -> list[Address]:
    """The client's address, and the primary contact's when it is a different one."""
    client = parties.client
    found = [email_address(client.display_name, client.email)] if client.email.strip() else []
    contact = parties.primary_contact
    if contact is not None and contact.email.strip().lower() != client.email.strip().lower():
        found.append(email_address(contact.name, contact.email))
    if not found:
        raise NoRecipient(client=client.display_name)
    return found


def email_language(parties: Parties) -> str:
    """The client's language if the email catalog has it, else the business's, else English."""
    known = available_languages(DOMAIN)
    for wanted in (parties.client.language, parties.business.language):
        base = re.split(r"[-_]", wanted or "")[0].lower()
        if base in known:
            return base
    return "en"


def attachment_name(document: Document) -> str:
    """P-2026-0001.pdf: the document number in characters every mail program keeps."""
    stem = _UNSAFE_FILENAME.sub("-", document.number or "").strip(".-")
    return f"{stem or document.kind.value}.pdf"


def compose_document(
    document: Document,
    parties: Parties,
    *,
    pdf: bytes,
    smtp: SmtpSettings,
    mail: MailSettings,
    now: datetime | None = None,
    link: str = "",
) -> EmailMessage:
    """The email that delivers an issued proposal, invoice or credit note with its PDF.

    A proposal's `link` (when the web page is configured) leads to its review & sign page.
    """
    if document.number is None:
        raise DocumentNotIssued(document_id=document.id)
    language = email_language(parties)
    context: dict[str, Any] = {"number": document.number}
    if document.kind == DocumentKind.PROPOSAL:
        name = "proposal"
        context["total"] = money(document.total, document.currency, language)
        context["valid_until"] = _day(document.valid_until, language)
        context["link"] = link
        reply_to = email_address(parties.business.name, make_reply_address(mail, document.id))
    else:
        name = "invoice"
        credit_note = document.kind == DocumentKind.CREDIT_NOTE
        amount = document.total if credit_note else balance_due(document)
        context["credit_note"] = credit_note
        context["amount"] = money(amount, document.currency, language)
        context["due_date"] = "" if credit_note else _day(document.due_date, language)
        context["bank_details"] = issued_bank_details(document, parties.business)
        reply_to = _business_reply_to(parties.business)
    subject = gettext(
        language, _SUBJECTS[document.kind], number=document.number, business=parties.business.name
    )
    message = _message(name, language, subject, parties, context, reply_to, smtp, mail, now)
    message.add_attachment(
        pdf, maintype="application", subtype="pdf", filename=attachment_name(document)
    )
    return message


def compose_reminder(
    document: Document,
    parties: Parties,
    *,
    smtp: SmtpSettings,
    mail: MailSettings,
    pdf: bytes | None = None,
    today: date | None = None,
    now: datetime | None = None,
) -> EmailMessage:
    """A payment reminder for an issued invoice: before its due date, or after it has passed."""
    if document.number is None:
        raise DocumentNotIssued(document_id=document.id)
    if document.kind != DocumentKind.INVOICE or document.due_date is None:
        raise ValueError(f"document {document.id}: reminders are for invoices with a due date")
    language = email_language(parties)
    today = today or today_for(parties.business)
    context = {
        "number": document.number,
        "amount": money(balance_due(document), document.currency, language),
        "due_date": _day(document.due_date, language),
        "overdue": document.due_date < today,
        "bank_details": issued_bank_details(document, parties.business),
    }
    subject = gettext(
        language,
        "Reminder: invoice {number} from {business}",
        number=document.number,
        business=parties.business.name,
    )
    reply_to = _business_reply_to(parties.business)
    message = _message("reminder", language, subject, parties, context, reply_to, smtp, mail, now)
    if pdf is not None:
        message.add_attachment(
            pdf, maintype="application", subtype="pdf", filename=attachment_name(document)
        )
    return message


def compose_welcome(
    parties: Parties, *, smtp: SmtpSettings, mail: MailSettings, now: datetime | None = None
) -> EmailMessage:
    """Tells a new client which address the documents will come from, so they pass spam filters."""
    language = email_language(parties)
    business = parties.business
    subject = gettext(
        language, "{business} will email you proposals and invoices", business=business.name
    )
    reply_to = _business_reply_to(business)
    return _message("welcome", language, subject, parties, {}, reply_to, smtp, mail, now)


def _day(value: date | None, language: str) -> str:
    return day(value, language, "long") if value is not None else ""


def _business_reply_to(business: Business) -> Address | None:
    """Replies about invoices go to the business itself, not to the proposal router."""
    return email_address(business.name, business.email) if business.email.strip() else None


def _message(
    name: str,
    language: str,
    subject: str,
    parties: Parties,
    context: dict[str, Any],
    reply_to: Address | None,
    smtp: SmtpSettings,
    mail: MailSettings,
    now: datetime | None,
) -> EmailMessage:
    # Without smtp.from_address, Assent's own mailbox: the listener reads it, so bounces land.
    from_address = parseaddr(smtp.from_address)[1] or f"{mail.reply_local}@{mail.reply_domain}"
    business = parties.business
    subject = _one_line(subject)
    text, html = render_pair(
        name,
        language,
        {
            **context,
            "subject": subject,
            "greeting_name": parties.greeting_name,
            "business_name": _one_line(business.name),
            "business_email": business.email.strip(),
            "business_phone": business.phone.strip(),
        },
    )
    message = EmailMessage(policy=SMTP)
    message["Subject"] = subject
    message["From"] = email_address(business.name, from_address)
    message["To"] = recipients(parties)
    if reply_to is not None:
        message["Reply-To"] = reply_to
    message["Date"] = format_datetime(now or datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain=mail.reply_domain)
    # Quoted-printable keeps the message 7-bit, so no relay needs 8BITMIME to carry it intact.
    message.set_content(text, cte="quoted-printable")
    message.add_alternative(html, subtype="html", cte="quoted-printable")
    return message
