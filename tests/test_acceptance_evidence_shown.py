"""An acceptance says who accepted and how: the owner's by-hand press is named in the notice the
other owners get (not a blank signer, not a late repeat to the presser), and the proposal's card
shows the evidence — who, when, how, the sender checks and the message hash."""

from __future__ import annotations

from datetime import UTC, datetime

from assent.settings import Settings
from billing.documents.convert import Evidence, accept_proposal
from bot.notices import notification_replies
from flows.events import Event
from models import AcceptanceMethod, Business, DocumentKind, Notification, User
from tests.chat import Chat
from tests.factories import make_business, make_client, make_owner
from tests.factories.outbound import make_issued


async def _chat(business: Business, name: str) -> Chat:
    owner = await make_owner(business)
    owner.name = name
    await owner.save()
    chat = await Chat.open(Settings(), name=name)
    chat.user = await User.get(id=owner.id)
    return chat


async def test_a_by_hand_acceptance_names_who_and_how(db: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    business = await make_business()
    olivia = await _chat(business, "Olivia Owner")
    sam = await _chat(business, "Sam Partner")
    proposal = await make_issued(business, await make_client(business), DocumentKind.PROPOSAL)

    await olivia.send(Event.chosen(f"go:document:{proposal.id}", verified=True))
    await olivia.press("Accepted → invoice")
    assert f"You marked proposal {proposal.number} accepted by Jane Doe, by hand." in olivia.text

    # The presser was answered in the chat: no notice arrives later to repeat it.
    assert not await Notification.filter(user=olivia.user, kind="proposal_accepted").exists()
    (notice,) = await Notification.filter(user=sam.user, kind="proposal_accepted")
    (reply,) = await notification_replies(notice, "en", tmp_path)
    assert reply.text.startswith(
        f"Olivia Owner marked proposal {proposal.number} accepted by Jane Doe, by hand."
    )

    await olivia.send(Event.chosen(f"go:document:{proposal.id}", verified=True))
    assert "Accepted by Jane Doe, by hand, marked by Olivia Owner, on" in olivia.text


async def test_an_email_acceptance_shows_its_evidence_on_the_card(db: str) -> None:
    business = await make_business()
    chat = await _chat(business, "Olivia Owner")
    proposal = await make_issued(business, await make_client(business), DocumentKind.PROPOSAL)
    evidence = Evidence(
        method=AcceptanceMethod.EMAIL_REPLY,
        signer_name="Jane Doe",
        sender_address="jane@doe.example",
        message_id="<reply-1@doe.example>",
        raw_sha256="ab" * 32,
        authenticated=True,
        auth_verdicts={"dkim": "pass", "spf": "pass", "dmarc": "pass"},
        accepted_at=datetime(2026, 3, 4, 21, 5, tzinfo=UTC),
    )
    await accept_proposal(business, proposal.id, evidence)

    await chat.send(Event.chosen(f"go:document:{proposal.id}", verified=True))
    card = chat.text
    assert "Accepted by Jane Doe, by email reply, on Mar 4, 2026, 9:05:00" in card
    assert "From: jane@doe.example" in card
    assert "Sender checks: DKIM pass, DMARC pass, SPF pass (authenticated)" in card
    assert f"Message SHA-256: {'ab' * 32}" in card
