"""The product's promise end to end on loopback: a proposal goes out by SMTP, the client's signed
reply lands in the IMAP mailbox, and the invoice PDF reaches the owner's chat — exactly once,
even though the mail server delivered the reply twice."""

from __future__ import annotations

import asyncio
import email
import uuid
from email.policy import default as default_policy
from pathlib import Path

from assent.wiring import build_engine
from bot.app import run_bot
from mail.inbound.listener import MailboxListener
from mail.outbound.send_document import send_document
from mail.outbound.sender import OutboxSender
from models import Document, Notification
from tests.factories import make_business, make_client, make_owner
from tests.factories.outbound import PDF, make_issued
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_ptb import TOKEN
from tests.inbound_support import CLIENT, CLIENT_EMAIL, end_to_end_settings, reply
from tests.services.dovecot import DovecotServer
from tests.services.smtp import SmtpSink

OWNER_CHAT = 4_240_001


async def test_a_signed_reply_puts_the_invoice_pdf_in_the_owners_chat_once(
    db: str, dovecot: DovecotServer, smtp_sink: SmtpSink, tmp_path: Path
) -> None:
    user = f"e{uuid.uuid4().hex[:10]}"
    dovecot.add_user(user, "secret")
    async with FakeTelegram(token=TOKEN) as telegram:
        telegram.user(OWNER_CHAT, "Olivia")
        settings = end_to_end_settings(db, dovecot=dovecot, user=user, smtp=smtp_sink,
                                       telegram=telegram, storage=str(tmp_path))
        business = await make_business()
        await make_owner(business, telegram_id=OWNER_CHAT)
        client = await make_client(business, CLIENT, email=CLIENT_EMAIL)
        proposal = await make_issued(business, client)
        await send_document(business, proposal.id, pdf=PDF, settings=settings)
        assert await OutboxSender(settings.smtp).run_once() == 1
        (sent,) = await smtp_sink.wait_for(1)
        proposal_email = email.message_from_bytes(sent.content, policy=default_policy)

        answer = reply(str(proposal_email["Reply-To"]), f"I accept — {CLIENT}",
                       in_reply_to=str(proposal_email["Message-ID"]),
                       subject=f"Re: {proposal_email['Subject']}")
        stop = asyncio.Event()
        tasks = [asyncio.create_task(MailboxListener(settings).run_forever(stop)),
                 asyncio.create_task(run_bot(settings, build_engine(settings), stop))]
        try:
            for _ in range(2):  # the same message delivered twice
                await asyncio.to_thread(dovecot.append, user, "secret", answer)
            await telegram.wait_for(
                lambda: any(m.document for m in telegram.transcript(OWNER_CHAT)), timeout=20)
            await asyncio.wait_for(_all_notifications_delivered(), 10)
        finally:
            stop.set()
            await asyncio.wait_for(asyncio.gather(*tasks), 15)

    (message,) = telegram.transcript(OWNER_CHAT)  # one message, nothing else owed
    invoice = await Document.get(converted_from_id=proposal.id)
    assert message.document.file_name.endswith(".pdf")
    assert CLIENT in (message.caption or "")
    assert [b["text"] for b in message.buttons()] == ["Send", "Edit", "View proposal"]
    assert await Document.filter(converted_from_id=proposal.id).count() == 1
    assert invoice.total == proposal.total


async def _all_notifications_delivered() -> None:
    """Once the outbox is empty, nothing more can reach the chat."""
    while await Notification.filter(sent_at__isnull=True).exists():
        await asyncio.sleep(0.05)
