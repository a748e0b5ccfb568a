"""From a client's "I accept" to the invoice in the owner's chat: latency, end to end on loopback.

Run: .venv/bin/python bench/acceptance_latency.py [--replies 200] [--cold 40]
[--database sqlite|postgres] (as root, like the tests: Dovecot, aiosmtpd and PostgreSQL are
started on free loopback ports). About four minutes per database on an idle 2-core box.

Each proposal is emailed by Assent's outbox sender (to an aiosmtpd sink), which renders the
invoice its acceptance would create (billing/documents/acceptance_pdf.py); then the client's
signed reply is APPENDed to a real Dovecot while the listener idles, timed from the APPEND to
(1) the invoice row, (2) the owner's "proposal_accepted" notification row, and (3) the message
with the invoice PDF arriving in the owner's chat of a fake Bot API served to the real bot
(`bot.app.run_bot`). Then `--cold` more replies to proposals only queued, whose invoice PDF is
rendered on acceptance (another worker sent them, or the process restarted since). Replies go
one at a time, each after a random pause: this is latency, not throughput. One warm-up reply
first, so the PDF worker processes are already started.

A second IMAP connection idles on the same mailbox and times Dovecot's own IDLE push of each
APPEND: the anchor. The target is on what Assent adds beyond it (push → PDF in chat). Hooks
(bench/support/stages.py) time each step between: fetch, store, understand and commit, the
notification sender's wake-up, the PDF render, sendDocument.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import random
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import aioimaplib

from assent.db import close_database, open_database
from assent.settings import Settings, replace
from assent.wiring import build_engine
from bench.support.databases import KINDS, database
from bench.support.stages import HOOKS, StageClock
from bench.support.table import Figure, percentile, report
from billing.pdf import shutdown_pdf_pool
from bot.app import run_bot
from mail.inbound.listener import MailboxListener
from mail.outbound.reply_token import make_reply_address
from mail.outbound.send_document import send_document
from mail.outbound.sender import OutboxSender
from models import Document, Notification
from tests.factories import make_business, make_client, make_owner
from tests.factories.outbound import PDF, make_issued
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_ptb import TOKEN
from tests.inbound_support import CLIENT, CLIENT_EMAIL, inbound_settings, signed_acceptance
from tests.inbound_support import Sent as SentProposal
from tests.services.dovecot import DovecotServer
from tests.services.smtp import SmtpSink

OWNER_CHAT = 5_550_001
STAGES = ("invoice row", "notification row", "chat message", "IDLE push")
# Where the time goes, step by step: (name, from mark, to mark); marks are StageClock labels,
# "APPEND", "IDLE push", "sendDocument" (the call reaching the fake) and "in chat".
STEPS = (
    ("Dovecot IDLE push", "APPEND", "IDLE push"),
    ("listener leaves IDLE", "IDLE push", "IDLE returned"),
    ("fetch the new UID", "IDLE returned", "fetched"),
    ("store the row", "fetched", "understanding"),
    ("understand + invoice commit", "understanding", "invoice committed"),
    ("notification sender wakes", "understanding", "sender round"),
    ("invoice commit → sendDocument", "invoice committed", "sendDocument"),
    ("invoice commit → PDF render", "invoice committed", "PDF render start"),
    ("PDF render", "PDF render start", "PDF rendered"),
    ("sendDocument call", "PDF rendered", "sendDocument"),
    ("sendDocument answered", "sendDocument", "in chat"),
)


AHEAD = "invoice PDF rendered when the proposal's email went out"
COLD = "invoice PDF rendered on acceptance"


@dataclass
class Measured:
    """Per reply: the STAGES (seconds after the APPEND) and the STEPS' durations."""

    rows: list[list[float]] = field(default_factory=list)
    steps: list[dict[str, float]] = field(default_factory=list)

    def add(self, stages: list[float], durations: dict[str, float]) -> None:
        self.rows.append(stages)
        self.steps.append(durations)

    def beyond_push(self) -> float:
        """Median of (PDF in chat − Dovecot's IDLE push), per reply."""
        return statistics.median(row[2] - row[3] for row in self.rows)


async def until(check: Callable[[], Awaitable[object]], timeout: float = 120.0) -> float:
    """time.monotonic() at which `check()` first held (polled every 5 ms)."""
    deadline = time.monotonic() + timeout
    while not await check():
        if time.monotonic() > deadline:
            raise TimeoutError("the reply was not handled in time")
        await asyncio.sleep(0.005)
    return time.monotonic()


async def proposals(settings: Settings, count: int) -> list[SentProposal]:
    """One business, its owner in the fake chat, and `count` issued proposals to one client
    (each is sent just before its reply: see `send`)."""
    business = await make_business("Bench Studio")
    owner = await make_owner(business, telegram_id=OWNER_CHAT)
    client = await make_client(business, CLIENT, email=CLIENT_EMAIL)
    made = []
    for _ in range(count):
        proposal = await make_issued(business, client)
        made.append(SentProposal(business, owner, client, proposal, None,
                                 make_reply_address(settings.mail, proposal.id)))
    return made


async def send(settings: Settings, proposal: SentProposal, *, through_sender: bool) -> None:
    """Queue the proposal's email; through Assent's outbox sender (SMTP to a sink), which
    renders its invoice ahead, or not (as when another worker sent it, or before a restart)."""
    await send_document(proposal.business, proposal.proposal.id, pdf=PDF, settings=settings)
    if through_sender:
        await OutboxSender(settings.smtp).run_once()


class IdleWatcher:
    """An IMAP client idling on the mailbox: when Dovecot pushes a new message's EXISTS."""

    def __init__(self, dovecot: DovecotServer, user: str) -> None:
        self.client = aioimaplib.IMAP4(dovecot.host, dovecot.port, timeout=10)
        self.user = user

    async def start(self) -> None:
        await self.client.wait_hello_from_server()
        await self.client.login(self.user, "secret")
        await self.client.select("INBOX")
        await self.client.idle_start(timeout=3600)

    async def next_exists(self) -> float:
        """time.monotonic() of the next EXISTS push (pushes before the call are dropped)."""
        queue = self.client.protocol.idle_queue
        while not queue.empty():
            queue.get_nowait()
        while True:
            lines = await self.client.wait_server_push(timeout=120)
            if any(b"EXISTS" in line for line in lines if isinstance(line, bytes)):
                return time.monotonic()

    async def stop(self) -> None:
        self.client.idle_done()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.client.logout(), 5)


async def measure(dovecot: DovecotServer, user: str, sent: SentProposal,
                  fake: FakeTelegram, watcher: IdleWatcher, clock: StageClock,
                  ) -> tuple[list[float], dict[str, float]]:
    """The STAGES (seconds after the APPEND) and each of the STEPS' durations."""
    chat_before = len(fake.transcript(OWNER_CHAT))
    push = asyncio.create_task(watcher.next_exists())
    await asyncio.sleep(0)  # the watcher drains old pushes before the APPEND
    started = time.monotonic()
    await asyncio.to_thread(dovecot.append, user, "secret", signed_acceptance(sent))
    invoices = Document.filter(converted_from_id=sent.proposal.id)
    invoice = await until(invoices.exists)
    key = f"proposal-accepted:{sent.proposal.id}:"
    notified = await until(Notification.filter(key__startswith=key).exists)
    chatted = await until(lambda: _has_document_after(fake, chat_before))
    pushed = await asyncio.wait_for(push, 120)
    marks = {"APPEND": started, "IDLE push": pushed, "in chat": chatted}
    for label, _, _, _ in HOOKS:
        marks[label] = clock.first_after(label, started)
    # The sender may be woken by the insert, before the commit (SQLite: its query then waits
    # for the transaction), so its round is the first one after understanding began.
    marks["sender round"] = clock.first_after("sender round", marks["understanding"] or started)
    committed = marks["invoice committed"] or started
    for label in ("PDF render start", "PDF rendered"):
        marks[label] = clock.first_after(label, committed)
    marks["sendDocument"] = next(
        (call.at for call in fake.calls_to("sendDocument") if call.at >= started), None)
    steps = {name: marks[end] - marks[begin] for name, begin, end in STEPS
             if marks.get(begin) is not None and marks.get(end) is not None}
    return [invoice - started, notified - started, chatted - started, pushed - started], steps


async def _has_document_after(fake: FakeTelegram, before: int) -> bool:
    return any(m.document is not None for m in fake.transcript(OWNER_CHAT)[before:])


async def run(replies: int, cold: int, kind: str) -> dict[str, Measured]:
    """`replies` acceptances of proposals emailed by the outbox sender, then `cold` of
    proposals whose invoice nobody rendered ahead; one warm-up first (PDF workers start)."""
    with DovecotServer() as dovecot, SmtpSink() as sink, \
            tempfile.TemporaryDirectory() as files:
        user = "bench"
        dovecot.add_user(user, "secret")
        async with database(kind) as url, FakeTelegram(token=TOKEN) as fake:
            await open_database(url)
            fake.user(OWNER_CHAT, "Olivia")
            settings = replace(
                inbound_settings(url, host=dovecot.host, port=dovecot.port, username=user,
                                 password="secret", idle_renew_seconds=300),
                smtp={"host": sink.host, "port": sink.port},
                telegram={"token": TOKEN, "base_url": fake.base_url,
                          "base_file_url": fake.base_file_url},
                storage={"path": files},
            )
            sent = await proposals(settings, 1 + replies + cold)
            stop, rng = asyncio.Event(), random.Random(7)
            tasks = [asyncio.create_task(MailboxListener(settings).run_forever(stop)),
                     asyncio.create_task(run_bot(settings, build_engine(settings), stop))]
            watcher, clock = IdleWatcher(dovecot, user), StageClock()
            await watcher.start()
            measured: dict[str, Measured] = {AHEAD: Measured(), COLD: Measured()}
            try:
                with clock.installed():
                    await send(settings, sent[0], through_sender=False)
                    await measure(dovecot, user, sent[0], fake, watcher, clock)  # warm-up
                    for index, one in enumerate(sent[1:]):
                        ahead = index < replies
                        await send(settings, one, through_sender=ahead)
                        # Replies arrive at random moments, not in step with the sender's
                        # rounds or the chat's: a random pause keeps the phase from flattering.
                        await asyncio.sleep(rng.uniform(0, 0.3))
                        clock.marks.clear()
                        stages, durations = await measure(dovecot, user, one, fake, watcher,
                                                          clock)
                        measured[AHEAD if ahead else COLD].add(stages, durations)
                return measured
            finally:
                await watcher.stop()
                stop.set()
                await asyncio.wait_for(asyncio.gather(*tasks), 15)
                await close_database()
                shutdown_pdf_pool()


def print_measured(label: str, measured: Measured) -> None:
    rows, steps = measured.rows, measured.steps
    print(f"\n{label}: APPEND → ... over {len(rows)} signed acceptances, milliseconds")
    print(f"{'stage':<30}{'p50':>8}{'p99':>8}{'max':>8}")
    for index, stage in enumerate(STAGES):
        values = [row[index] * 1000 for row in rows]
        print(f"{stage:<30}{statistics.median(values):>8.0f}{percentile(values, 0.99):>8.0f}"
              f"{max(values):>8.0f}")
    print("step by step")
    for name, _, _ in STEPS:
        values = [one[name] * 1000 for one in steps if name in one]
        if values:
            print(f"{name:<30}{statistics.median(values):>8.1f}{percentile(values, 0.99):>8.1f}"
                  f"  ({len(values)} replies)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=200)
    parser.add_argument("--cold", type=int, default=20,
                        help="acceptances of proposals whose invoice was not rendered ahead")
    parser.add_argument("--database", choices=KINDS, default="sqlite")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    measured = asyncio.run(run(args.replies, args.cold, args.database))
    for label, one in measured.items():
        if one.rows:
            print_measured(label, one)
    ahead, cold, db = measured[AHEAD], measured[COLD], args.database
    push = statistics.median(row[3] for row in ahead.rows)
    figures = [
        Figure(f"APPEND → Dovecot IDLE push, p50, {db}", push, "s"),
        Figure(f"APPEND → invoice row, p50, {db}",
               statistics.median(row[0] for row in ahead.rows), "s"),
        Figure(f"acceptance: invoice PDF in chat beyond the IDLE push, p50 of "
               f"{len(ahead.rows)}, {db}", ahead.beyond_push(), "s", anchor=push,
               target="<= 0.15"),
    ]
    if cold.rows:
        figures.append(Figure(
            f"acceptance: invoice PDF in chat beyond the IDLE push, not rendered ahead, p50 of "
            f"{len(cold.rows)}, {db}", cold.beyond_push(), "s", anchor=push))
    report(figures)


if __name__ == "__main__":
    main()
