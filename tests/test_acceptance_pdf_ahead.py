"""The invoice PDF an acceptance sends is rendered once the proposal's email is out, so the signed
reply reaches the owner's chat without waiting on WeasyPrint — and never with a stale file.

Through the real path: the outbox sender hands the proposal to an aiosmtpd server, the client's
reply is APPENDed to Dovecot, the listener and the bot (fake Bot API) deliver the invoice PDF.
The render pool's `reused` count says whether the chat's PDF was the one rendered ahead."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from assent.settings import Settings
from assent.wiring import build_engine
from billing.pdf import pdf_pool
from bot.app import run_bot
from mail.inbound.listener import MailboxListener
from mail.outbound.sender import OutboxSender
from models import Client, Document, DocumentKind, Notification
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_objects import BotMessage
from tests.fakes.telegram_ptb import TOKEN
from tests.inbound_support import Sent, end_to_end_settings, sent_proposal, signed_acceptance
from tests.pdf_text import pdf_text
from tests.services.dovecot import DovecotServer
from tests.services.smtp import SmtpSink

OWNER_CHAT = 4_250_001


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(token=TOKEN) as fake:
        fake.user(OWNER_CHAT, "Olivia")
        yield fake


@pytest.fixture
def settings(db: str, dovecot: DovecotServer, smtp_sink: SmtpSink, telegram: FakeTelegram,
             tmp_path: Path) -> Settings:
    user = f"p{uuid.uuid4().hex[:10]}"
    dovecot.add_user(user, "secret")
    return end_to_end_settings(db, dovecot=dovecot, user=user, smtp=smtp_sink,
                               telegram=telegram, storage=str(tmp_path))


async def _emailed(settings: Settings) -> Sent:
    """A proposal sent by the real outbox sender (which renders its invoice ahead)."""
    sent = await sent_proposal(settings, telegram_id=OWNER_CHAT)
    assert await OutboxSender(settings.smtp).run_once() == 1
    return sent


async def _accepted(settings: Settings, sent: Sent, telegram: FakeTelegram,
                    dovecot: DovecotServer) -> BotMessage:
    """The client's signed reply, read by the listener; the owner's message with the PDF."""
    stop = asyncio.Event()
    tasks = [asyncio.create_task(MailboxListener(settings).run_forever(stop)),
             asyncio.create_task(run_bot(settings, build_engine(settings), stop))]
    try:
        await asyncio.to_thread(dovecot.append, settings.imap.username, "secret",
                                signed_acceptance(sent))
        await telegram.wait_for(
            lambda: any(m.document for m in telegram.transcript(OWNER_CHAT)), timeout=30)
        while await Notification.filter(sent_at__isnull=True).exists():
            await asyncio.sleep(0.05)
    finally:
        stop.set()
        await asyncio.wait_for(asyncio.gather(*tasks), 15)
    (message,) = telegram.transcript(OWNER_CHAT)
    return message


async def test_the_accepted_proposals_invoice_pdf_was_rendered_when_the_email_went_out(
    settings: Settings, telegram: FakeTelegram, dovecot: DovecotServer
) -> None:
    sent = await _emailed(settings)
    # Rendering ahead built the invoice in a transaction it rolled back: nothing was written.
    assert await Document.filter(kind=DocumentKind.INVOICE).count() == 0
    reused = pdf_pool().reused

    message = await _accepted(settings, sent, telegram, dovecot)

    assert pdf_pool().reused == reused + 1
    invoice = await Document.get(converted_from_id=sent.proposal.id)
    assert invoice.number is None  # the draft policy: the PDF is the draft's
    text = pdf_text(message.document.data)
    assert sent.proposal.number in text and sent.client.display_name in text


async def test_a_client_changed_after_the_email_gets_a_pdf_rendered_anew(
    settings: Settings, telegram: FakeTelegram, dovecot: DovecotServer
) -> None:
    sent = await _emailed(settings)
    street = f"Calle Nueva {uuid.uuid4().hex[:6]}"
    await Client.filter(id=sent.client.id).update(billing_street=street)
    reused = pdf_pool().reused

    message = await _accepted(settings, sent, telegram, dovecot)

    assert pdf_pool().reused == reused
    assert street in pdf_text(message.document.data)
