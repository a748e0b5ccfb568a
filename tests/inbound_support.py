"""Builders for inbound-mail tests: a proposal really emailed, and replies to it as clients write.

A proposal is issued and sent through the real outbox (so its Message-ID and the plus-address
token are the ones a client would answer), and a reply is an EmailMessage with the headers a
receiving server adds: Delivered-To and, when the sender is authenticated, an
Authentication-Results header from the authserv-id the test settings trust.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import make_msgid

from assent.settings import Settings, replace
from mail.outbound.reply_token import make_reply_address
from mail.outbound.send_document import send_document
from models import (
    AcceptancePolicy,
    Business,
    Client,
    Document,
    DocumentKind,
    OutboxEmail,
    User,
)
from tests.factories import make_business, make_client, make_owner
from tests.factories.outbound import PDF, mail_settings, make_issued
from tests.fakes.telegram_api import FakeTelegram
from tests.services.dovecot import DovecotServer
from tests.services.smtp import SmtpSink

TRUSTED = "mx.assent.test"
CLIENT = "Jane Doe"
CLIENT_EMAIL = "jane@doe.example"


def inbound_settings(db_url: str = "sqlite://:memory:", **imap: object) -> Settings:
    base = mail_settings()
    return replace(
        base,
        database={"url": db_url},
        mail={"trusted_authserv_ids": (TRUSTED,)},
        imap={"security": "plain", "command_timeout_seconds": 5.0, "idle_renew_seconds": 2,
              **imap},
    )


@dataclass(frozen=True)
class Sent:
    """A proposal as the client received it."""

    business: Business
    owner: User
    client: Client
    proposal: Document
    email: OutboxEmail
    reply_to: str


def end_to_end_settings(db_url: str, *, dovecot: DovecotServer, user: str, smtp: SmtpSink,
                        telegram: FakeTelegram, storage: str) -> Settings:
    """Every part on loopback: Dovecot's mailbox `user` (password "secret"), the SMTP sink,
    the fake Bot API (its token) and a storage folder."""
    return replace(
        inbound_settings(db_url, host=dovecot.host, port=dovecot.port, username=user,
                         password="secret"),
        smtp={"host": smtp.host, "port": smtp.port},
        telegram={"token": telegram.token, "base_url": telegram.base_url,
                  "base_file_url": telegram.base_file_url},
        storage={"path": storage},
    )


async def sent_proposal(
    settings: Settings,
    *,
    policy: AcceptancePolicy = AcceptancePolicy.DRAFT,
    business_name: str = "Acme Studio",
    valid_until: date | None = None,
    kind: DocumentKind = DocumentKind.PROPOSAL,
    language: str = "en",
    telegram_id: int | None = None,
) -> Sent:
    business = await make_business(business_name, acceptance_policy=policy)
    owner = await make_owner(business, telegram_id=telegram_id)
    client = await make_client(business, CLIENT, email=CLIENT_EMAIL, language=language)
    document = await make_issued(business, client, kind)
    if valid_until is not None:
        await Document.filter(id=document.id).update(valid_until=valid_until)
    email = await send_document(business, document.id, pdf=PDF, settings=settings)
    document = await Document.get(id=document.id)
    return Sent(business, owner, client, document, email,
                make_reply_address(settings.mail, document.id))


def reply(
    to: str,
    text: str,
    *,
    sender: str = f"{CLIENT} <{CLIENT_EMAIL}>",
    authenticated: bool = True,
    message_id: str | None = None,
    in_reply_to: str = "",
    subject: str = "Re: your proposal",
    domain: str = "doe.example",
    delivered_to: str = "",
) -> bytes:
    """A reply above a quoted proposal, as a mail client would send and a server deliver it."""
    message = EmailMessage(policy=SMTP)
    if authenticated:
        message["Authentication-Results"] = (
            f"{TRUSTED}; dkim=pass header.d={domain}; spf=pass smtp.mailfrom={domain}; "
            f"dmarc=pass header.from={domain}"
        )
    message["Delivered-To"] = delivered_to or to
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = "Mon, 01 Jun 2026 11:00:00 +0200"
    message["Message-ID"] = message_id or make_msgid(domain=domain)
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = in_reply_to
    message.set_content(
        f"{text}\n\nOn Mon, 1 Jun 2026 at 10:00, Acme Studio <billing@assent.example> wrote:\n"
        "> Please find attached our proposal.\n"
        '> To accept, reply with "I accept" and your name.\n'
    )
    return message.as_bytes()


def signed_acceptance(sent: Sent, **options: object) -> bytes:
    return reply(sent.reply_to, f"I accept — {CLIENT}", **options)  # type: ignore[arg-type]


DSN = """\
Return-Path: <>
From: Mail Delivery System <MAILER-DAEMON@mx.assent.test>
To: {sender}
Subject: Undelivered Mail Returned to Sender
Message-ID: <dsn-{nonce}@mx.assent.test>
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="dsn-boundary"

--dsn-boundary
Content-Type: text/plain; charset=us-ascii

I'm sorry to have to inform you that your message could not be delivered.

<{recipient}>: host mail.doe.example said: 550 5.1.1 User unknown

--dsn-boundary
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.assent.test

Final-Recipient: rfc822; {recipient}
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 User unknown

--dsn-boundary
Content-Type: text/rfc822-headers

From: {sender}
To: {recipient}
Subject: {subject}
Message-ID: {message_id}

--dsn-boundary--
"""


def bounce(original: OutboxEmail, recipient: str = CLIENT_EMAIL) -> bytes:
    """A Postfix-style delivery status notification (RFC 3464) about an email Assent sent."""
    text = DSN.format(sender=original.sender, recipient=recipient, subject=original.subject,
                      message_id=original.message_id, nonce=original.id)
    return text.replace("\n", "\r\n").encode()
