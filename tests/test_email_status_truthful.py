"""What the owner reads about an emailed document is what happened: "queued" until the SMTP server
took it, then "sent"; without a server they are told once; /outbox lists what waits or failed and
retries it; a retried email that fails again is reported again.

Real SMTP (aiosmtpd), real dialogs through the engine, real sender task.
"""

from __future__ import annotations

from assent.settings import replace
from flows.events import Event
from flows.outbox import NO_SERVER
from mail.outbound.sender import Backoff, OutboxSender
from models import DocumentKind, Notification, OutboxEmail, OutboxStatus, User
from tests.chat import Chat
from tests.factories import make_business, make_client, make_owner
from tests.factories.outbound import mail_settings, make_issued
from tests.services.smtp import SmtpSink


async def _owner_chat(settings, business) -> Chat:  # type: ignore[no-untyped-def]
    owner = await make_owner(business)
    chat = await Chat.open(settings, name=f"owner{owner.id}")
    chat.user = await User.get(id=owner.id)
    return chat


async def test_a_document_is_queued_until_the_server_takes_it_then_sent(
    db: str, smtp_sink: SmtpSink
) -> None:
    settings = mail_settings(smtp_sink)
    business = await make_business()
    chat = await _owner_chat(settings, business)
    proposal = await make_issued(business, await make_client(business), DocumentKind.PROPOSAL)

    await chat.send(Event.chosen(f"go:document:{proposal.id}", verified=True))
    await chat.press("Send by email")
    assert "Queued the email to jane@doe.example." in chat.text
    assert "Status: queued" in chat.text and "Status: sent" not in chat.text
    await chat.say("/proposals")
    assert "(queued)" in chat.text

    assert await OutboxSender(settings.smtp).run_once() == 1
    await chat.send(Event.chosen(f"go:document:{proposal.id}", verified=True))
    assert "Status: sent" in chat.text
    await chat.say("/proposals")
    assert "(sent)" in chat.text
    assert NO_SERVER not in chat.text  # a server is configured: nothing to warn about


async def test_without_a_server_the_owner_is_told_once_and_outbox_lists_it(db: str) -> None:
    settings = mail_settings()  # no smtp.host
    business = await make_business()
    chat = await _owner_chat(settings, business)
    client = await make_client(business)
    first = await make_issued(business, client, DocumentKind.PROPOSAL)
    second = await make_issued(business, client, DocumentKind.PROPOSAL)

    await chat.send(Event.chosen(f"go:document:{first.id}", verified=True))
    await chat.press("Send by email")
    assert "No mail server is set up, so emails wait in the outbox" in chat.text
    assert "Status: queued" in chat.text
    await chat.send(Event.chosen(f"go:document:{second.id}", verified=True))
    await chat.press("Send by email")
    assert "Queued the email" in chat.text and "No mail server" not in chat.text

    await chat.say("/outbox")
    assert "Emails not delivered yet:" in chat.text
    assert chat.text.count("waiting for a mail server") == 2
    assert f"Proposal {first.number}" in chat.text and f"Proposal {second.number}" in chat.text


async def test_outbox_retry_and_a_second_failure_reaches_the_owner_again(
    db: str, smtp_sink: SmtpSink
) -> None:
    settings = mail_settings(smtp_sink, max_attempts=1)
    business = await make_business()
    chat = await _owner_chat(settings, business)
    proposal = await make_issued(business, await make_client(business), DocumentKind.PROPOSAL)
    await chat.send(Event.chosen(f"go:document:{proposal.id}", verified=True))
    await chat.press("Send by email")
    sender = OutboxSender(settings.smtp, backoff=Backoff(0.01, 0.02))
    smtp_sink.stop()
    assert await sender.run_once() == 0
    assert await Notification.filter(user=chat.user, kind="email_failed").count() == 1

    await chat.send(Event.chosen(f"go:document:{proposal.id}", verified=True))
    assert "Status: not delivered" in chat.text
    await chat.say("/outbox")
    assert "could not be delivered" in chat.text
    await chat.press("Retry")
    assert "Queued the email to jane@doe.example again." in chat.text
    assert "waiting" in chat.text and "Retry" not in chat.buttons()

    assert await sender.run_once() == 0  # the server is still down: it fails once more
    failures = await Notification.filter(user=chat.user, kind="email_failed").order_by("id")
    assert len(failures) == 2 and failures[0].key != failures[1].key

    await chat.say("/outbox")
    await chat.press("Retry")
    smtp_sink.start()
    assert await sender.run_once() == 1
    await chat.say("/outbox")
    assert "Every email has gone out" in chat.text
    (row,) = await OutboxEmail.filter(document_id=proposal.id)
    assert row.status == OutboxStatus.SENT


async def test_outbox_retry_of_another_business_email_does_nothing(db: str) -> None:
    settings = replace(mail_settings(), smtp={"max_attempts": 1})
    ours, theirs = await make_business(), await make_business("Other Ltd")
    chat = await _owner_chat(settings, ours)
    proposal = await make_issued(theirs, await make_client(theirs), DocumentKind.PROPOSAL)
    await chat.engine.flows["document"].mailer.send(theirs, proposal.id, user=None, send_number=0)
    row = await OutboxEmail.get(document_id=proposal.id)
    await OutboxEmail.filter(id=row.id).update(status=OutboxStatus.FAILED)

    await chat.say("/outbox")
    await chat.send(Event.chosen(f"ob:retry:{row.id}", verified=True))
    assert "That email is no longer waiting." in chat.text or "expired" in chat.text
    assert (await OutboxEmail.get(id=row.id)).status == OutboxStatus.FAILED
