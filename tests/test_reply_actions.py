"""What a stored reply leads to: an invoice exactly once, a question to the owner, or a record.

Each test stores a realistic reply the way the listener does (`record`) and runs the same
pipeline (`process_inbound`) on SQLite and PostgreSQL.
"""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from itertools import count

import pytest

from assent.settings import Settings
from billing.documents.status import move
from mail.inbound import process
from mail.inbound.process import MAX_ATTEMPTS, process_inbound, process_pending
from mail.inbound.storing import record
from models import (
    Acceptance,
    AcceptanceMethod,
    AcceptancePolicy,
    Document,
    DocumentKind,
    DocumentStatus,
    InboundMessage,
    InboundStatus,
    Notification,
    OutboxEmail,
)
from tests.inbound_support import (
    CLIENT,
    Sent,
    bounce,
    inbound_settings,
    reply,
    sent_proposal,
    signed_acceptance,
)

pytestmark = pytest.mark.usefixtures("db")
UIDS = count(1)


@pytest.fixture
def settings(db: str) -> Settings:
    return inbound_settings(db)


async def store(raw: bytes) -> InboundMessage:
    return await record(raw, mailbox="test@imap/INBOX", uidvalidity=7, uid=next(UIDS))


async def deliver(raw: bytes, settings: Settings) -> InboundMessage:
    return await process_inbound((await store(raw)).id, settings)


async def notified(sent: Sent, kind: str) -> list[Notification]:
    return await Notification.filter(business=sent.business, kind=kind).order_by("id")


async def invoices_of(sent: Sent) -> list[Document]:
    return await Document.filter(converted_from_id=sent.proposal.id)


async def test_a_signed_authenticated_acceptance_becomes_one_draft_invoice(settings) -> None:
    sent = await sent_proposal(settings)
    row = await deliver(signed_acceptance(sent), settings)

    assert (row.status, row.decision, row.skip_reason) == (InboundStatus.PROCESSED, "invoice", "")
    assert (row.business_id, row.proposal_id) == (sent.business.id, sent.proposal.id)
    (invoice,) = await invoices_of(sent)
    assert (invoice.kind, invoice.status, invoice.total) == (
        DocumentKind.INVOICE, DocumentStatus.DRAFT, sent.proposal.total)
    assert (await Document.get(id=sent.proposal.id)).status == DocumentStatus.ACCEPTED
    acceptance = await Acceptance.get(proposal_id=sent.proposal.id)
    assert acceptance.method == AcceptanceMethod.EMAIL_REPLY
    assert (acceptance.signer_name, acceptance.sender_address) == (CLIENT, "jane@doe.example")
    assert acceptance.authenticated and acceptance.auth_verdicts
    assert (acceptance.inbound_message_id, acceptance.raw_sha256) == (row.id, row.raw_sha256)
    assert acceptance.message_id == row.message_id and "I accept" in acceptance.reply_text
    (told,) = await notified(sent, "proposal_accepted")  # the chat message with the PDF
    assert (told.payload["invoice_id"], told.payload["pdf_of"]) == (invoice.id, invoice.id)


async def test_processing_again_after_a_crash_makes_no_second_invoice(settings) -> None:
    sent = await sent_proposal(settings)
    row = await deliver(signed_acceptance(sent), settings)
    # A crash after acting but before the row was marked: it is RECEIVED again on restart.
    await InboundMessage.filter(id=row.id).update(status=InboundStatus.RECEIVED)

    again = await process_inbound(row.id, settings)

    assert (again.status, again.decision) == (InboundStatus.PROCESSED, "invoice")
    assert len(await invoices_of(sent)) == 1
    assert len(await notified(sent, "proposal_accepted")) == 1
    assert await notified(sent, "reply_needs_review") == []


async def test_concurrent_processing_makes_one_invoice(settings) -> None:
    sent = await sent_proposal(settings)
    first = await store(signed_acceptance(sent))
    second = await store(signed_acceptance(sent))  # the client sent "I accept" twice

    rows = await asyncio.gather(
        process_inbound(first.id, settings), process_inbound(first.id, settings),
        process_inbound(second.id, settings),
    )

    assert len(await invoices_of(sent)) == 1
    assert await Acceptance.filter(proposal_id=sent.proposal.id).count() == 1
    decisions = sorted([(await InboundMessage.get(id=r.id)).decision for r in rows[1:]])
    assert decisions == ["ask_owner", "invoice"]  # the later reply is a question, not an invoice
    (question,) = await notified(sent, "reply_needs_review")
    assert question.payload["reason"] == "already_accepted"


async def test_a_duplicate_delivery_is_recorded_and_skipped(settings) -> None:
    sent = await sent_proposal(settings)
    raw = signed_acceptance(sent, message_id="<same@doe.example>")
    first = await deliver(raw, settings)
    copy = await deliver(raw, settings)

    assert first.status == InboundStatus.PROCESSED
    assert (copy.status, copy.skip_reason, copy.message_id) == (
        InboundStatus.SKIPPED, "duplicate", "<same@doe.example>")
    assert len(await invoices_of(sent)) == 1


@pytest.mark.parametrize(
    ("text", "options", "reason"),
    [
        ("I accept", {}, "unsigned"),
        (f"I accept — {CLIENT}", {"authenticated": False}, "unauthenticated"),
        ("Could we move the start to July? Jane Doe", {}, "unclear_intent"),
        (f"I accept — {CLIENT}", {"sender": "Jane Doe <jane@other.example>",
                                  "domain": "other.example"}, "sender_spoof"),
        (f"I accept — {CLIENT}", {"sender": "Bob Roe <bob@doe.example>"}, "sender_mismatch"),
    ],
)
async def test_an_uncertain_reply_is_a_question_to_the_owner(
    settings, text: str, options: dict, reason: str
) -> None:
    sent = await sent_proposal(settings)
    row = await deliver(reply(sent.reply_to, text, **options), settings)

    assert (row.status, row.decision, row.skip_reason) == (
        InboundStatus.PROCESSED, "ask_owner", reason)
    assert await invoices_of(sent) == []
    assert (await Document.get(id=sent.proposal.id)).status == DocumentStatus.SENT
    (question,) = await notified(sent, "reply_needs_review")
    payload = question.payload
    assert (payload["inbound_id"], payload["proposal_id"], payload["reason"]) == (
        row.id, sent.proposal.id, reason)
    assert text.split(" —")[0] in payload["reply_text"]
    assert payload["params"]["number"] == sent.proposal.number
    values = [value for _, value in payload["choices"]]
    if reason == "sender_spoof":  # a forged acceptance is never one tap from an invoice
        assert values == [f"review:ignore:{row.id}", f"proposal:view:{sent.proposal.id}"]
        assert "NOT accepted" in payload["text"]
    else:
        assert values == [f"review:accept:{row.id}", f"review:decline:{row.id}",
                          f"review:ignore:{row.id}"]


async def test_an_acceptance_after_the_validity_date_is_a_question(settings) -> None:
    sent = await sent_proposal(settings, valid_until=date.today() - timedelta(days=2))
    row = await deliver(signed_acceptance(sent), settings)

    assert (row.decision, row.skip_reason) == ("ask_owner", "proposal_expired")
    assert await invoices_of(sent) == []
    (question,) = await notified(sent, "reply_needs_review")
    assert question.payload["params"]["valid_until"]


async def test_an_acceptance_of_a_declined_proposal_is_a_question(settings) -> None:
    sent = await sent_proposal(settings)
    proposal = await Document.get(id=sent.proposal.id)
    await move(proposal, DocumentStatus.DECLINED, None)  # type: ignore[arg-type]
    await proposal.save()
    row = await deliver(signed_acceptance(sent), settings)

    assert (row.decision, row.skip_reason) == ("ask_owner", "proposal_not_open")
    assert await invoices_of(sent) == []


async def test_a_decline_marks_the_proposal_and_tells_the_owner_its_words(settings) -> None:
    sent = await sent_proposal(settings)
    words = "No thanks, we have decided not to go ahead."
    row = await deliver(reply(sent.reply_to, f"{words}\n\n{CLIENT}"), settings)

    assert (row.status, row.decision) == (InboundStatus.PROCESSED, "decline")
    assert (await Document.get(id=sent.proposal.id)).status == DocumentStatus.DECLINED
    (told,) = await notified(sent, "proposal_declined")
    assert words in told.payload["params"]["reply_text"]
    assert told.payload["choices"] == [["View proposal", f"proposal:view:{sent.proposal.id}"]]


@pytest.mark.parametrize("forgery", ["unauthenticated", "forged token", "subject number"])
async def test_a_forged_decline_never_moves_the_proposal(settings, forgery: str) -> None:
    """From = the client, but nothing vouches for it: the owner is asked, the proposal stays."""
    sent = await sent_proposal(settings)
    words = "We decline the proposal."
    local, _, domain = sent.reply_to.partition("@")
    forged = local[:-1] + ("a" if local[-1] != "a" else "b")  # the id kept, the MAC wrong
    to = {
        "unauthenticated": sent.reply_to,
        "forged token": f"{forged}@{domain}",
        "subject number": f"{settings.mail.reply_local}@{domain}",
    }[forgery]
    raw = reply(to, f"{words}\n\n{CLIENT}", authenticated=False,
                subject=f"Re: Proposal {sent.proposal.number}")
    row = await deliver(raw, settings)

    assert (row.decision, row.proposal_id) == ("ask_owner", sent.proposal.id)
    assert (await Document.get(id=sent.proposal.id)).status == DocumentStatus.SENT
    assert await notified(sent, "proposal_declined") == []
    (asked,) = await notified(sent, "reply_needs_review")
    assert words in asked.payload["params"]["reply_text"]


async def test_a_bounce_marks_the_email_and_tells_the_owner(settings) -> None:
    sent = await sent_proposal(settings)
    row = await deliver(bounce(sent.email), settings)

    assert (row.status, row.decision) == (InboundStatus.PROCESSED, "bounce")
    assert (await OutboxEmail.get(id=sent.email.id)).bounced_at is not None
    (told,) = await notified(sent, "email_bounced")
    assert told.payload["outbox_id"] == sent.email.id
    assert "jane@doe.example" in told.payload["params"]["recipients"]


async def test_a_bounce_about_an_unknown_email_is_only_recorded(settings) -> None:
    unknown = OutboxEmail(id=0, sender="billing@assent.example", subject="?",
                          message_id="<never-sent@assent.example>")
    row = await deliver(bounce(unknown), settings)

    assert (row.status, row.skip_reason) == (InboundStatus.SKIPPED, "unmatched_bounce")
    assert await Notification.all().count() == 0


async def test_auto_replies_and_our_own_copies_are_skipped(settings) -> None:
    sent = await sent_proposal(settings)
    vacation = reply(sent.reply_to, "I am out of the office until Monday.",
                     subject="Out of office: Re: your proposal")
    own = reply(sent.reply_to, f"I accept — {CLIENT}", sender="billing@assent.example")

    rows = [await deliver(vacation, settings), await deliver(own, settings)]

    assert [(r.status, r.skip_reason) for r in rows] == [
        (InboundStatus.SKIPPED, "auto_reply"), (InboundStatus.SKIPPED, "loop_from_self")]
    assert await notified(sent, "reply_needs_review") == []


@pytest.mark.parametrize(
    ("policy", "status", "emails"),
    [(AcceptancePolicy.ISSUE, DocumentStatus.ISSUED, 0),
     (AcceptancePolicy.ISSUE_AND_SEND, DocumentStatus.SENT, 1)],
)
async def test_the_business_policy_decides_what_happens_to_the_invoice(
    settings, policy: AcceptancePolicy, status: DocumentStatus, emails: int
) -> None:
    sent = await sent_proposal(settings, policy=policy)
    await deliver(signed_acceptance(sent), settings)

    (invoice,) = await invoices_of(sent)
    assert invoice.status == status and invoice.number
    assert await OutboxEmail.filter(document_id=invoice.id).count() == emails
    assert len(await notified(sent, "proposal_accepted")) == 1


async def test_an_error_fails_the_row_which_is_retried_then_reported(
    settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent = await sent_proposal(settings)
    real = process.act_on_reply

    async def broken(*args, **kwargs):
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(process, "act_on_reply", broken)
    row = await deliver(signed_acceptance(sent), settings)
    assert (row.status, row.attempts) == (InboundStatus.FAILED, 1)
    assert "RuntimeError: database hiccup" in row.error

    monkeypatch.setattr(process, "act_on_reply", real)
    (retried,) = await process_pending(settings)
    assert (retried.status, retried.decision, retried.error) == (
        InboundStatus.PROCESSED, "invoice", "")

    monkeypatch.setattr(process, "act_on_reply", broken)
    stubborn = await deliver(reply(sent.reply_to, "I accept"), settings)
    for _ in range(MAX_ATTEMPTS):
        await process_pending(settings)
    stubborn = await InboundMessage.get(id=stubborn.id)
    assert (stubborn.status, stubborn.attempts) == (InboundStatus.FAILED, MAX_ATTEMPTS)
    (report,) = await notified(sent, "reply_failed")
    assert report.payload["inbound_id"] == stubborn.id
