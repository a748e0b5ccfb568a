"""Accepting by link or by reply has the same outcome: the same invoice, the same owner notice,
and whichever comes second changes nothing."""

from __future__ import annotations

import pytest

from assent.settings import Settings
from mail.inbound.process import process_inbound
from mail.inbound.storing import record
from models import AcceptancePolicy, Document, DocumentStatus, Notification
from tests.inbound_support import Sent, sent_proposal, signed_acceptance
from tests.web_support import acceptance_form, http_client, open_form, path_of, web_settings

pytestmark = pytest.mark.usefixtures("db")


@pytest.fixture
def settings(db: str) -> Settings:
    return web_settings(db)


async def _by_email(sent: Sent, settings: Settings, uid: int) -> str:
    inbound = await record(signed_acceptance(sent), mailbox="test@imap/INBOX", uidvalidity=3,
                           uid=uid)
    return (await process_inbound(inbound.id, settings)).skip_reason


async def _notice(sent: Sent) -> dict:
    (notice,) = await Notification.filter(business=sent.business, kind="proposal_accepted")
    return notice.payload


async def test_link_and_reply_make_the_same_invoice_and_notice(settings: Settings) -> None:
    by_mail = await sent_proposal(settings, policy=AcceptancePolicy.ISSUE, business_name="Mail")
    by_link = await sent_proposal(settings, policy=AcceptancePolicy.ISSUE, business_name="Link")
    assert await _by_email(by_mail, settings, uid=1) == ""
    async with http_client(settings) as client:
        path = path_of(by_link)
        answer = await client.post(f"{path}/accept",
                                   data=acceptance_form(await open_form(client, path)))
    assert answer.status_code == 200

    invoices = [await Document.get(converted_from_id=s.proposal.id) for s in (by_mail, by_link)]
    assert [i.status for i in invoices] == [DocumentStatus.ISSUED] * 2
    assert invoices[0].total == invoices[1].total
    mail_notice, link_notice = await _notice(by_mail), await _notice(by_link)
    assert mail_notice["text"] == link_notice["text"]
    assert mail_notice["params"] == link_notice["params"]  # signer and proposal number
    assert [label for label, _ in mail_notice["choices"]] == [
        label for label, _ in link_notice["choices"]]


async def test_the_link_after_an_email_acceptance_says_it_is_accepted(settings: Settings) -> None:
    sent = await sent_proposal(settings)
    async with http_client(settings) as client:
        path = path_of(sent)
        csrf = await open_form(client, path)  # the page was open in a tab...
        assert await _by_email(sent, settings, uid=2) == ""  # ...when the reply was read
        posted = await client.post(f"{path}/accept", data=acceptance_form(csrf))
        page = await client.get(path)
    assert posted.status_code == 409 and "had already been accepted" in posted.text
    assert "Proposal accepted" in page.text and "Jane Doe accepted this proposal" in page.text
    assert (await Document.get(id=sent.proposal.id)).status == DocumentStatus.ACCEPTED
    assert await Document.filter(converted_from_id=sent.proposal.id).count() == 1
