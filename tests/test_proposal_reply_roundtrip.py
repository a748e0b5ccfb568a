"""What a proposal email tells the client to type is what the inbound listener takes as signed.

Both halves are real: the outbound composer writes the instruction in the client's language, a
client follows it word for word in a reply quoting the proposal, and mail.inbound reads it.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from email.message import EmailMessage
from email.policy import SMTP

import pytest

from assent.settings import MailSettings, SmtpSettings
from flows.validators import DOCUMENT_LANGUAGES
from mail.inbound import Intent, understand
from mail.outbound.compose import Parties, compose_document
from mail.outbound.reply_token import parse_reply_token
from models import Business, Client, ClientKind, Document, DocumentKind

MAIL = MailSettings(reply_domain="reply.example", token_secret="roundtrip")
SMTP_SETTINGS = SmtpSettings(from_address="billing@assent.example")


def proposal_email(language: str) -> EmailMessage:
    parties = Parties(
        Business(id=1, name="Acme Studio"),
        Client(
            id=2,
            display_name="Jane Doe",
            email="jane@doe.example",
            kind=ClientKind.PERSON,
            language=language,
        ),
    )
    document = Document(
        id=314,
        kind=DocumentKind.PROPOSAL,
        number="P-2026-0001",
        currency="EUR",
        total=Decimal("900"),
        valid_until=date(2026, 6, 1),
    )
    return compose_document(document, parties, pdf=b"%PDF", smtp=SMTP_SETTINGS, mail=MAIL)


def reply_following_the_instruction(original: EmailMessage) -> bytes:
    """The client types the quoted phrase and their name above the quoted proposal."""
    body = original.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    phrase = re.search(r"[“«„]([^”»“]+)[”»“]", text)
    assert phrase is not None, text
    reply = EmailMessage(policy=SMTP)
    reply["From"] = "Jane Doe <jane@doe.example>"
    reply["To"] = original["Reply-To"]
    reply["Subject"] = f"Re: {original['Subject']}"
    reply["Message-ID"] = "<reply-1@doe.example>"
    reply["In-Reply-To"] = original["Message-ID"]
    quoted = "\n".join(f"> {line}" for line in text.splitlines())
    reply.set_content(f"{phrase.group(1)} — Jane Doe\n\nOn Monday, Acme Studio wrote:\n{quoted}\n")
    return reply.as_bytes()


@pytest.mark.parametrize("language", DOCUMENT_LANGUAGES)
def test_a_client_who_follows_the_instruction_is_read_as_signed_acceptance(language: str) -> None:
    original = proposal_email(language)
    reading = understand(
        reply_following_the_instruction(original),
        candidate_names=["Jane Doe"],
        allowed_senders=["jane@doe.example"],
        own_addresses=["billing@assent.example"],
        trusted_authserv_ids=[],
    )
    assert reading.intent == Intent.ACCEPT, reading.reply_text
    assert (reading.signed, reading.signer) == (True, "Jane Doe")  # not authenticated here
    (address,) = reading.to
    assert parse_reply_token(address, MAIL) == 314
