"""The mail side through outages: the IMAP server going away and back while replies arrive (every
cut drops the connection mid-FETCH or mid-IDLE, as a BYE would), and an SMTP server that is
down, then answers 4xx, then 5xx for some recipients; and an IMAP server that stops answering
without hanging up."""

from __future__ import annotations

import asyncio
import email
import random
import time
from collections.abc import Awaitable, Callable

from aiosmtpd.controller import Controller
from tortoise.transactions import in_transaction

from assent.settings import replace
from mail.inbound.listener import MailboxListener
from mail.outbound.compose import Parties, compose_welcome
from mail.outbound.outbox import enqueue
from mail.outbound.sender import Backoff, OutboxSender
from models import InboundMessage, InboundStatus, Notification, OutboxEmail, OutboxStatus
from tests.factories import make_business, make_client, make_owner
from tests.factories.outbound import mail_settings
from tests.imap_proxy import ImapProxy
from tests.inbound_support import signed_acceptance
from tests.reliability.environment import (
    dovecot,
    eventually,
    invoice_tally,
    listener_settings,
    new_mailbox,
    proposals,
    sqlite_database,
)
from tests.reliability.report import SuiteResult
from tests.services.ports import LOOPBACK, free_port

FAST = Backoff(base_seconds=0.05, cap_seconds=0.5)
STALL_TIMEOUT = 0.5  # the listener's command timeout in the stall suite, in seconds
Fault = Callable[[ImapProxy, random.Random], Awaitable[None]]


async def imap_restarts(restarts: int, replies: int, seed: int = 20) -> SuiteResult:
    """The server goes down and comes back: connections drop wherever they are."""

    async def restart(proxy: ImapProxy, rng: random.Random) -> None:
        await proxy.cut()
        await asyncio.sleep(rng.uniform(0.05, 0.5))
        await proxy.resume()

    return await _imap_faults("IMAP restarts mid-FETCH/IDLE", restart, restarts, replies, seed)


async def imap_stalls(stalls: int, replies: int, seed: int = 21) -> SuiteResult:
    """The server stops answering without closing anything, longer than every timeout the
    listener has (greeting, command, IDLE's keep-alive), then answers again."""

    async def stall(proxy: ImapProxy, rng: random.Random) -> None:
        proxy.stall()
        await asyncio.sleep(STALL_TIMEOUT * rng.uniform(2, 4))
        proxy.flow()

    return await _imap_faults(
        "IMAP slower than every timeout", stall, stalls, replies, seed,
        command_timeout_seconds=STALL_TIMEOUT,
    )  # fmt: skip


async def _imap_faults(
    name: str, fault: Fault, faults: int, replies: int, seed: int, **imap: object
) -> SuiteResult:
    """Replies arrive in batches with a fault of the IMAP server between batches; at the end
    every acceptance is invoiced once and every message flagged."""
    started = time.monotonic()
    rng = random.Random(seed)
    result = SuiteResult(name, runs=replies, failures=faults)
    with dovecot() as server:
        box = new_mailbox(server)
        async with sqlite_database() as (url, _folder):
            direct = listener_settings(url, box, **imap)
            sent = await proposals(direct, replies)
            proxy = ImapProxy(server.port)
            await proxy.start()
            settings = replace(direct, imap={"port": proxy.port})
            stop = asyncio.Event()
            listener = MailboxListener(settings, backoff=FAST)
            task = asyncio.create_task(listener.run_forever(stop))
            pending = [signed_acceptance(item) for item in sent]
            for cycle in range(faults):
                batch = len(pending) // (faults - cycle)
                for raw in pending[:batch]:
                    await asyncio.to_thread(box.append, raw)
                del pending[:batch]
                await asyncio.sleep(rng.uniform(0.05, 0.8))
                await fault(proxy, rng)
            for raw in pending:
                await asyncio.to_thread(box.append, raw)

            async def settled() -> bool:
                done = await InboundMessage.filter(
                    status__in=(InboundStatus.PROCESSED, InboundStatus.SKIPPED)
                ).count()
                return done >= replies and await asyncio.to_thread(box.unflagged) == 0

            await eventually(settled, 60 + replies)
            stop.set()
            try:
                await asyncio.wait_for(task, 30)
            except Exception:
                result.crashed += 1
            await proxy.stop()
            tally = await invoice_tally(sent)
            result.lost = tally.lost + await asyncio.to_thread(box.unflagged)
            result.duplicated = tally.duplicated
    result.seconds = time.monotonic() - started
    return result


class _Flaky:
    """An SMTP server that answers 451 to the first `transient` DATA commands, refuses the
    recipients in `refused` for good (550), and keeps what it accepts."""

    def __init__(self, transient: int, refused: set[str]) -> None:
        self.transient = transient
        self.refused = refused
        self.accepted: list[bytes] = []

    async def handle_RCPT(self, server, session, envelope, address, options):  # type: ignore[no-untyped-def]
        if address in self.refused:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        if self.transient > 0:
            self.transient -= 1
            return "451 4.3.0 Try again later"
        self.accepted.append(envelope.original_content or b"")
        return "250 Message accepted for delivery"


async def smtp_faults(emails: int, seed: int = 25) -> SuiteResult:
    """Down for the first passes, then 4xx for a while, and 5xx for every tenth recipient."""
    started = time.monotonic()
    rng = random.Random(seed)
    result = SuiteResult("SMTP down, 4xx, 5xx", runs=emails)
    refused = {f"c{i}@doe.example" for i in range(0, emails, 10)}
    server = _Flaky(transient=emails // 2, refused=refused)
    port = free_port()
    async with sqlite_database():
        settings = replace(mail_settings(), smtp={"host": LOOPBACK, "port": port,
                                                  "max_attempts": 30})
        business = await make_business()
        await make_owner(business)
        rows = []
        for index in range(emails):
            client = await make_client(business, f"Client {index}", email=f"c{index}@doe.example")
            message = compose_welcome(Parties(business, client), smtp=settings.smtp,
                                      mail=settings.mail)
            async with in_transaction() as connection:
                rows.append(await enqueue(connection, business=business, key=f"welcome:{index}",
                                          purpose="welcome", message=message))
        sender = OutboxSender(settings.smtp, backoff=FAST, rng=rng)
        for _ in range(3):  # the server is down
            await sender.run_once()
            await asyncio.sleep(0.1)
        result.failures = await OutboxEmail.filter(attempts__gt=0).count()
        controller = Controller(server, hostname=LOOPBACK, port=port)
        controller.start()
        try:
            async def drained() -> bool:
                await sender.run_once()
                return not await OutboxEmail.filter(status=OutboxStatus.PENDING).exists()

            await eventually(drained, 120)
        finally:
            controller.stop()
    # Each deliverable email exactly once; each refused one failed and its owner told once.
        delivered = [email.message_from_bytes(raw)["Message-ID"] for raw in server.accepted]
        expected = {row.message_id for row in rows if row.recipients[0] not in refused}
        result.lost = len(expected - set(delivered))
        result.duplicated = len(delivered) - len(set(delivered))
        failed = await OutboxEmail.filter(status=OutboxStatus.FAILED).count()
        told = await Notification.filter(kind="email_failed").count()
        result.lost += abs(len(refused) - failed) + max(0, len(refused) - told)
        result.duplicated += max(0, told - len(refused))
        result.failures += emails // 2 + len(refused)
    result.seconds = time.monotonic() - started
    return result
