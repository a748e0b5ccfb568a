"""The owner's buttons on a questioned reply: accept for the client, mark declined, or ignore.

Each decision is recorded with who took it, happens once however often the button is pressed,
and only ever applies to a reply that belongs to the owner's own business.
"""

from __future__ import annotations

from itertools import count

import pytest

from assent.settings import Settings
from mail.inbound.process import process_inbound
from mail.inbound.review import ReplyNotFound, accept_for_client, ignore, mark_declined
from mail.inbound.storing import record
from models import (
    Acceptance,
    AcceptanceMethod,
    AuditLog,
    Document,
    DocumentStatus,
    InboundMessage,
    StatusChange,
)
from tests.inbound_support import Sent, inbound_settings, reply, sent_proposal

pytestmark = pytest.mark.usefixtures("db")
UIDS = count(1)


@pytest.fixture
def settings(db: str) -> Settings:
    return inbound_settings(db)


async def questioned(settings: Settings, text: str = "I accept", **options: object) -> tuple[
    Sent, InboundMessage
]:
    """A proposal and an unsigned acceptance of it, which the listener asked the owner about."""
    sent = await sent_proposal(settings, **options)  # type: ignore[arg-type]
    row = await record(reply(sent.reply_to, text), mailbox="m", uidvalidity=1, uid=next(UIDS))
    row = await process_inbound(row.id, settings)
    assert row.decision == "ask_owner"
    return sent, row


async def test_accepting_for_the_client_records_the_owner_as_the_decider(settings) -> None:
    sent, row = await questioned(settings)

    conversion = await accept_for_client(sent.business, row.id, sent.owner, settings)
    again = await accept_for_client(sent.business, row.id, sent.owner, settings)

    assert conversion.created and not again.created
    assert again.invoice.id == conversion.invoice.id
    acceptance = await Acceptance.get(proposal_id=sent.proposal.id)
    assert acceptance.method == AcceptanceMethod.OWNER_BUTTON
    assert (acceptance.decided_by_id, acceptance.inbound_message_id) == (sent.owner.id, row.id)
    assert acceptance.sender_address == "jane@doe.example" and acceptance.reply_text == "I accept"
    assert (await InboundMessage.get(id=row.id)).decision == "owner_accepted"
    change = await StatusChange.get(document_id=sent.proposal.id, to_status=DocumentStatus.ACCEPTED)
    assert (change.source, change.user_id) == ("owner", sent.owner.id)
    assert await AuditLog.filter(action="reply_owner_accepted", entity_id=row.id).count() == 1


async def test_marking_declined_moves_the_proposal_once(settings) -> None:
    sent, row = await questioned(settings, "Maybe later, let me think about it.")

    await mark_declined(sent.business, row.id, sent.owner)
    await mark_declined(sent.business, row.id, sent.owner)

    assert (await Document.get(id=sent.proposal.id)).status == DocumentStatus.DECLINED
    (change,) = await StatusChange.filter(document_id=sent.proposal.id,
                                          to_status=DocumentStatus.DECLINED)
    assert (change.source, change.user_id) == ("owner", sent.owner.id)
    assert (await InboundMessage.get(id=row.id)).decision == "owner_declined"


async def test_ignoring_changes_nothing_but_is_recorded(settings) -> None:
    sent, row = await questioned(settings)

    ignored = await ignore(sent.business, row.id, sent.owner)

    assert ignored.decision == "owner_ignored"
    assert (await Document.get(id=sent.proposal.id)).status == DocumentStatus.SENT
    assert await Acceptance.filter(proposal_id=sent.proposal.id).count() == 0
    (line,) = await AuditLog.filter(entity="InboundMessage", entity_id=row.id)
    assert (line.user_id, line.after) == (sent.owner.id, {"decision": "owner_ignored"})


async def test_another_business_cannot_decide_on_the_reply(settings) -> None:
    sent, row = await questioned(settings)
    other = await sent_proposal(settings, business_name="Other Studio")

    for decide in (
        accept_for_client(other.business, row.id, other.owner, settings),
        mark_declined(other.business, row.id, other.owner),
        ignore(other.business, row.id, other.owner),
    ):
        with pytest.raises(ReplyNotFound):
            await decide

    assert (await Document.get(id=sent.proposal.id)).status == DocumentStatus.SENT
    assert (await InboundMessage.get(id=row.id)).decision == "ask_owner"


async def test_the_review_buttons_act_through_the_dialog_engine(settings: Settings) -> None:
    from assent.wiring import build_engine
    from flows.events import Event
    from tests.chat import Chat

    sent, row = await questioned(settings)
    owner = Chat(build_engine(settings), sent.owner, chat_id="owner-chat")
    await owner.send(Event.chosen(f"review:accept:{row.id}"))  # unverified: typed, not a token
    assert "expired" in owner.text
    await owner.send(Event.chosen(f"review:accept:{row.id}", verified=True))
    assert "Accepted for the client" in owner.text
    assert any(reply.document and reply.document.data[:4] == b"%PDF" for reply in owner.replies)
    await owner.send(Event.chosen(f"review:accept:{row.id}", verified=True))  # a double tap
    assert await Document.filter(converted_from_id=sent.proposal.id).count() == 1
    other = await questioned(settings)
    await owner.send(Event.chosen(f"review:ignore:{other[1].id}", verified=True))
    assert "doesn't exist" in owner.text  # the other reply belongs to another business
