"""Which proposal a reply answers: token, then thread, then number — never across businesses."""

from __future__ import annotations

import pytest

from assent.settings import Settings
from mail.inbound.process import process_inbound
from mail.inbound.routing import find_route
from mail.inbound.storing import record
from mail.outbound.reply_token import make_reply_address
from mail.outbound.send_document import send_document
from models import DocumentKind, InboundStatus, Notification
from tests.factories.outbound import PDF, make_issued
from tests.inbound_support import CLIENT, inbound_settings, reply, sent_proposal

pytestmark = pytest.mark.usefixtures("db")
OUR_ADDRESS = "billing@assent.example"


@pytest.fixture
def settings(db: str) -> Settings:
    return inbound_settings(db)


async def route_of(raw: bytes, settings: Settings) -> tuple[int, str] | None:
    route = await find_route(raw, settings.mail)
    return None if route is None else (route.document.id, route.via)


async def test_the_plus_address_token_routes_from_to_or_delivered_to(settings) -> None:
    sent = await sent_proposal(settings)
    direct = reply(sent.reply_to, "I accept")
    # Sent to a list or alias that delivered it to our address: only Delivered-To has the token.
    forwarded = reply("team@studio.example", "I accept", delivered_to=sent.reply_to)

    assert await route_of(direct, settings) == (sent.proposal.id, "token")
    assert await route_of(forwarded, settings) == (sent.proposal.id, "token")


async def test_a_forged_token_routes_nowhere(settings) -> None:
    sent = await sent_proposal(settings)
    token = sent.reply_to.split("+")[1].split("@")[0]
    forged = sent.reply_to.replace(token, token[:-1] + ("0" if token[-1] != "0" else "1"))
    other_secret = make_reply_address(
        type(settings.mail)(reply_domain="reply.example", token_secret="guess"), sent.proposal.id)

    assert await route_of(reply(forged, "I accept"), settings) is None
    assert await route_of(reply(other_secret, "I accept"), settings) is None


async def test_a_reply_in_the_thread_of_the_sent_email_routes_by_message_id(settings) -> None:
    sent = await sent_proposal(settings)
    answered = reply(OUR_ADDRESS, "I accept", in_reply_to=sent.email.message_id)
    # Some clients answer a later message of the thread; References still holds ours.
    threaded = reply(OUR_ADDRESS, "I accept", in_reply_to="<later@doe.example>").replace(
        b"References: <later@doe.example>",
        f"References: {sent.email.message_id} <later@doe.example>".encode())

    assert await route_of(answered, settings) == (sent.proposal.id, "thread")
    assert await route_of(threaded, settings) == (sent.proposal.id, "thread")


async def test_the_number_in_the_subject_routes_only_for_that_proposals_client(settings) -> None:
    mine = await sent_proposal(settings)
    theirs = await sent_proposal(settings, business_name="Other Studio")
    await theirs.client.update_from_dict({"email": "jane@other.example"}).save()
    assert mine.proposal.number == theirs.proposal.number  # numbering is per business
    subject = f"Re: Proposal {mine.proposal.number} from Acme Studio"

    from_mine = reply(OUR_ADDRESS, "I accept", subject=subject)
    from_theirs = reply(OUR_ADDRESS, "I accept", subject=subject,
                        sender=f"{CLIENT} <jane@other.example>")
    from_stranger = reply(OUR_ADDRESS, "I accept", subject=subject,
                          sender="Eve <eve@elsewhere.example>")

    assert await route_of(from_mine, settings) == (mine.proposal.id, "subject")
    assert await route_of(from_theirs, settings) == (theirs.proposal.id, "subject")
    assert await route_of(from_stranger, settings) is None


async def test_unroutable_mail_is_recorded_and_skipped(settings) -> None:
    await sent_proposal(settings)
    raw = reply(OUR_ADDRESS, "Hello, do you also build shops?", subject="Question")
    row = await record(raw, mailbox="m", uidvalidity=1, uid=1)

    row = await process_inbound(row.id, settings)

    assert (row.status, row.skip_reason, row.business_id) == (
        InboundStatus.SKIPPED, "unroutable", None)
    assert await Notification.filter(kind="reply_needs_review").count() == 0


async def test_a_reply_to_an_invoice_email_is_recorded_against_the_invoice(settings) -> None:
    sent = await sent_proposal(settings)
    invoice = await make_issued(sent.business, sent.client, DocumentKind.INVOICE)
    email = await send_document(sent.business, invoice.id, pdf=PDF, settings=settings)
    raw = reply(OUR_ADDRESS, "Thanks, paid today. Jane Doe", in_reply_to=email.message_id)
    row = await record(raw, mailbox="m", uidvalidity=1, uid=1)

    row = await process_inbound(row.id, settings)

    assert (row.status, row.skip_reason) == (InboundStatus.SKIPPED, "invoice_reply")
    assert (row.business_id, row.proposal_id) == (sent.business.id, invoice.id)
    assert await Notification.filter(kind="reply_needs_review").count() == 0
