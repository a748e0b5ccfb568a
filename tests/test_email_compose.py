"""Composed emails read right in the client's language and stay well-formed with hostile names.

The rows are unsaved model instances: composing is pure, so no database is needed. Every message
is checked as a receiver sees it, parsed back from the bytes that will be queued.
"""

from __future__ import annotations

import email
import re
from datetime import date, datetime
from decimal import Decimal
from email.message import EmailMessage
from email.policy import default
from email.utils import getaddresses, parsedate_to_datetime

import pytest
from babel.messages.pofile import read_po

from assent.settings import MailSettings, SmtpSettings
from billing.i18n import LOCALE_DIR
from flows.validators import DOCUMENT_LANGUAGES
from mail.outbound.compose import (
    Parties,
    compose_document,
    compose_reminder,
    compose_welcome,
)
from mail.outbound.errors import DocumentNotIssued, InvalidAddress, NoRecipient
from mail.outbound.reply_token import parse_reply_token
from models import Business, Client, ClientKind, Contact, Document, DocumentKind

SMTP = SmtpSettings(host="127.0.0.1", from_address="billing@assent.example")
MAIL = MailSettings(reply_domain="reply.example", token_secret="test-secret")
PDF = b"%PDF-1.7\n% not a real pdf, only bytes to attach\n"
LANGUAGES = DOCUMENT_LANGUAGES


def business(**fields: object) -> Business:
    values: dict[str, object] = {"name": "Acme Studio", "email": "hello@acme.example"}
    return Business(id=1, **{**values, **fields})


def client(**fields: object) -> Client:
    values: dict[str, object] = {
        "display_name": "Jane Doe",
        "email": "jane@doe.example",
        "kind": ClientKind.PERSON,
        "language": "en",
    }
    return Client(id=2, **{**values, **fields})


def proposal(**fields: object) -> Document:
    values: dict[str, object] = {
        "kind": DocumentKind.PROPOSAL,
        "number": "P-2026-0001",
        "currency": "EUR",
        "total": Decimal("1234.50"),
        "valid_until": date(2026, 3, 15),
    }
    return Document(id=41, **{**values, **fields})


def invoice(**fields: object) -> Document:
    values: dict[str, object] = {
        "kind": DocumentKind.INVOICE,
        "number": "INV-2026-0007",
        "currency": "EUR",
        "total": Decimal("750.00"),
        "amount_paid": Decimal("250.00"),
        "due_date": date(2026, 4, 30),
    }
    return Document(id=42, **{**values, **fields})


def received(message: EmailMessage) -> EmailMessage:
    """The message as a receiving mail program parses it from the queued bytes."""
    return email.message_from_bytes(message.as_bytes(), policy=default)  # type: ignore[return-value]


def bodies(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    return text.get_content(), html.get_content()


def test_a_proposal_has_routing_headers_and_a_reply_address_for_its_id() -> None:
    contact = Contact(name="Bob Buyer", email="bob@doe.example", is_primary=True)
    message = received(
        compose_document(
            proposal(), Parties(business(), client(), [contact]), pdf=PDF, smtp=SMTP, mail=MAIL
        )
    )
    assert message["Subject"] == "Proposal P-2026-0001 from Acme Studio"
    assert getaddresses([message["From"]]) == [("Acme Studio", "billing@assent.example")]
    assert getaddresses([message["To"]]) == [
        ("Jane Doe", "jane@doe.example"),
        ("Bob Buyer", "bob@doe.example"),
    ]
    (reply_name, reply_address), = getaddresses([message["Reply-To"]])
    assert reply_name == "Acme Studio"
    assert parse_reply_token(reply_address, MAIL) == 41
    assert parsedate_to_datetime(message["Date"]).tzinfo is not None
    assert re.fullmatch(r"<[^<>@\s]+@reply\.example>", message["Message-ID"])


def test_every_message_gets_its_own_message_id() -> None:
    parties = Parties(business(), client())
    ids = {
        compose_document(proposal(), parties, pdf=PDF, smtp=SMTP, mail=MAIL)["Message-ID"]
        for _ in range(50)
    }
    assert len(ids) == 50


def test_text_and_html_alternatives_and_the_pdf_attachment() -> None:
    message = received(
        compose_document(proposal(), Parties(business(), client()), pdf=PDF, smtp=SMTP, mail=MAIL)
    )
    assert message.get_content_type() == "multipart/mixed"
    alternative, attachment = message.iter_parts()
    assert alternative.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in alternative.iter_parts()] == ["text/plain", "text/html"]
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == "P-2026-0001.pdf"
    assert attachment.get_content() == PDF
    text, html = bodies(message)
    for body in (text, html):
        assert "Hello Jane Doe," in body
        assert "€1,234.50" in body
        assert "March 15, 2026" in body
        assert "reply to this email with “I accept” followed by your full name" in body
    assert '<html lang="en" dir="ltr">' in html


def test_spanish_client_reads_spanish_with_spanish_money_and_dates() -> None:
    parties = Parties(business(), client(language="es"))
    message = received(compose_document(proposal(), parties, pdf=PDF, smtp=SMTP, mail=MAIL))
    assert message["Subject"] == "Presupuesto P-2026-0001 de Acme Studio"
    text, html = bodies(message)
    for body in (text, html):
        assert "Hola, Jane Doe:" in body
        assert "1.234,50\xa0€" in body
        assert "15 de marzo de 2026" in body
        assert "responda a este correo con «Acepto» seguido de su nombre completo" in body
    assert "Un cordial saludo," in text


def test_arabic_client_reads_right_to_left_arabic_with_encoded_headers() -> None:
    parties = Parties(business(), client(language="ar"))
    composed = compose_document(proposal(), parties, pdf=PDF, smtp=SMTP, mail=MAIL)
    raw = composed.as_bytes()
    assert raw.isascii(), "7-bit transport: non-ASCII must be MIME-encoded"
    assert b"Subject: =?utf-8?" in raw
    message = received(composed)
    assert message["Subject"] == "عرض السعر P-2026-0001 من Acme Studio"
    text, html = bodies(message)
    assert '<html lang="ar" dir="rtl">' in html
    assert "«أوافق»" in text and "«أوافق»" in html
    assert "مع أطيب التحيات" in text


def test_a_language_without_a_catalog_falls_back_to_the_business_language() -> None:
    parties = Parties(business(language="de"), client(language="nl"))
    message = received(compose_document(invoice(), parties, pdf=PDF, smtp=SMTP, mail=MAIL))
    assert message["Subject"] == "Rechnung INV-2026-0007 von Acme Studio"


def test_newlines_in_names_cannot_add_headers_and_html_is_escaped() -> None:
    hostile = "Eve\r\nBcc: victim@evil.example\r\n\r\n<script>alert(1)</script>"
    parties = Parties(
        business(name="Acme\nStudio\r\nX-Injected: yes"),
        client(display_name=hostile),
    )
    composed = compose_document(proposal(), parties, pdf=PDF, smtp=SMTP, mail=MAIL)
    message = received(composed)
    assert message["Bcc"] is None and message["X-Injected"] is None
    assert [address for _, address in getaddresses([message["To"]])] == ["jane@doe.example"]
    assert message["Subject"] == "Proposal P-2026-0001 from Acme Studio X-Injected: yes"
    assert getaddresses([message["From"]])[0][0] == "Acme Studio X-Injected: yes"
    text, html = bodies(message)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Eve Bcc: victim@evil.example <script>alert(1)</script>" in text


def test_non_ascii_names_and_domains_are_encoded_and_read_back() -> None:
    parties = Parties(
        business(name="Café Ñandú"),
        client(display_name="José Müller, Jr.", email="jose@müller.example"),
    )
    composed = compose_document(invoice(), parties, pdf=PDF, smtp=SMTP, mail=MAIL)
    assert composed.as_bytes().isascii()
    message = received(composed)
    assert getaddresses([message["To"]]) == [("José Müller, Jr.", "jose@xn--mller-kva.example")]
    assert getaddresses([message["From"]]) == [("Café Ñandú", "billing@assent.example")]


def test_an_address_that_cannot_be_sent_to_is_refused_by_name() -> None:
    for address in ("josé@example.com", "no-at-sign", "jane@doe.example\r\nBcc: x@y.example"):
        with pytest.raises(InvalidAddress):
            compose_document(
                proposal(),
                Parties(business(), client(email=address)),
                pdf=PDF,
                smtp=SMTP,
                mail=MAIL,
            )


def test_recipients_are_the_client_and_a_different_primary_contact() -> None:
    company = client(display_name="Globex Ltd", kind=ClientKind.COMPANY, email="ap@globex.example")
    same = Contact(name="Ann Payable", email="AP@globex.example", is_primary=True)
    other = Contact(name="Carl Secondary", email="carl@globex.example", is_primary=False)
    message = received(
        compose_document(
            invoice(), Parties(business(), company, [other, same]), pdf=PDF, smtp=SMTP, mail=MAIL
        )
    )
    assert getaddresses([message["To"]]) == [("Globex Ltd", "ap@globex.example")]
    assert "Hello Ann Payable," in bodies(message)[0]
    with pytest.raises(NoRecipient):
        compose_document(
            invoice(),
            Parties(business(), client(email=""), [other]),
            pdf=PDF,
            smtp=SMTP,
            mail=MAIL,
        )


def test_an_invoice_shows_the_amount_due_and_replies_go_to_the_business() -> None:
    parties = Parties(business(bank_details="IBAN ES91 2100 0418 4502 0005 1332"), client())
    message = received(compose_document(invoice(), parties, pdf=PDF, smtp=SMTP, mail=MAIL))
    assert message["Subject"] == "Invoice INV-2026-0007 from Acme Studio"
    assert getaddresses([message["Reply-To"]]) == [("Acme Studio", "hello@acme.example")]
    text, html = bodies(message)
    assert "Amount due: €500.00" in text
    assert "Due date: April 30, 2026" in text
    assert "IBAN ES91 2100 0418 4502 0005 1332" in html
    assert "I accept" not in text
    attachment = next(message.iter_attachments())
    assert attachment.get_filename() == "INV-2026-0007.pdf"


def test_a_credit_note_says_so() -> None:
    note = invoice(kind=DocumentKind.CREDIT_NOTE, number="CN-2026-0002", total=Decimal("-50"))
    parties = Parties(business(), client(language="fr"))
    message = received(compose_document(note, parties, pdf=PDF, smtp=SMTP, mail=MAIL))
    assert message["Subject"] == "Avoir CN-2026-0002 de Acme Studio"
    assert "Total TTC : -50,00\xa0€" in bodies(message)[0]


def test_a_draft_is_refused_by_name() -> None:
    with pytest.raises(DocumentNotIssued):
        compose_document(
            proposal(number=None), Parties(business(), client()), pdf=PDF, smtp=SMTP, mail=MAIL
        )


def test_without_a_from_address_mail_comes_from_the_reply_mailbox() -> None:
    message = received(
        compose_document(
            proposal(),
            Parties(business(), client()),
            pdf=PDF,
            smtp=SmtpSettings(),
            mail=MailSettings(reply_local="assent", reply_domain="localhost"),
        )
    )
    assert getaddresses([message["From"]]) == [("Acme Studio", "assent@localhost")]
    assert parse_reply_token(message["Reply-To"], MailSettings()) == 41


def test_a_reminder_before_and_after_the_due_date() -> None:
    parties = Parties(business(), client(language="es"))
    before = received(
        compose_reminder(invoice(), parties, smtp=SMTP, mail=MAIL, today=date(2026, 4, 20))
    )
    after = received(
        compose_reminder(invoice(), parties, smtp=SMTP, mail=MAIL, today=date(2026, 5, 2), pdf=PDF)
    )
    assert before["Subject"] == "Recordatorio: factura INV-2026-0007 de Acme Studio"
    assert "vence el 30 de abril de 2026" in bodies(before)[0]
    assert "venció el 30 de abril de 2026 y sigue pendiente de pago" in bodies(after)[0]
    assert "Importe pendiente: 500,00\xa0€" in bodies(after)[0]
    assert list(before.iter_attachments()) == []
    assert [a.get_filename() for a in after.iter_attachments()] == ["INV-2026-0007.pdf"]


def test_a_welcome_names_the_sending_business_and_has_no_attachment() -> None:
    message = received(
        compose_welcome(
            Parties(business(), client(language="it")),
            smtp=SMTP,
            mail=MAIL,
            now=datetime.fromisoformat("2026-02-01T10:00:00+01:00"),
        )
    )
    assert message["Subject"] == "Acme Studio le invierà preventivi e fatture via e-mail"
    assert message["Date"] == "Sun, 01 Feb 2026 10:00:00 +0100"
    assert list(message.iter_attachments()) == []
    assert "Acme Studio le invierà preventivi e fatture via e-mail da questo indirizzo." in (
        bodies(message)[1]
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_catalog_translates_every_english_text(language: str) -> None:
    def catalog(lang: str) -> dict[str, str]:
        with open(LOCALE_DIR / lang / "LC_MESSAGES" / "email.po", "rb") as handle:
            return {m.id: m.string for m in read_po(handle) if m.id}

    english, translated = catalog("en"), catalog(language)
    assert set(translated) == set(english)
    for msgid, msgstr in translated.items():
        assert msgstr, f"{language}: {msgid!r} is untranslated"
        assert set(re.findall(r"{\w+}", msgstr)) == set(re.findall(r"{\w+}", msgid))
    if language != "en":
        words = {m: re.sub(r"{\w+}", "", m) for m in translated}
        same = [m for m, s in translated.items() if s == m and re.search(r"[a-z]{4}", words[m])]
        assert same in ([], ["Total"]), f"{language}: left in English: {same}"
