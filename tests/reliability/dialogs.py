"""The dialogs under fire: hypothesis walks of every step with hostile text, odd digits, stale and
forged buttons, contacts and files (no exception may escape Engine.handle, the stored state stays
valid), and tenant isolation: every command and every button value tried against another
business's ids and names (nothing of it may be read or written)."""

from __future__ import annotations

import asyncio
import hashlib
import sys
import time
import traceback
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assent.settings import Settings
from flows.events import ContactCard, Event, EventKind, FileUpload
from flows.registry import COMMANDS
from flows.replies import Reply
from models import Category, Client, DialogState, Document, DocumentKind, InboundMessage
from tests.chat import Chat
from tests.factories import make_business, make_client, make_draft
from tests.reliability.environment import sqlite_database
from tests.reliability.report import SuiteResult
from tests.test_flow_onboarding import setup_business

HOSTILE = [
    "²", "①", "٣", "9" * 5000, "\x00", "Ja\x00ne\x07", "A" * 50_000, "%_" * 300, "-1e30",
    "Audit @ 1" + "0" * 30, "1000000000 x Audit @ 10000000", "Audit @ 100 vat1000",
    "Audit @ 100 -150%", "{seq}{year}", "<b>x</b>", "0", "-1", "999999999999", "\u202e",
]  # fmt: skip
WORDS = ["Jane Doe", "jane@doe.example", "Spain", "EUR", "Done", "Save", "Skip", "yes", "1", "2"]
COMMAND_NAMES = [*COMMANDS, "cancel", "back", "skip", "help", "bogus", "repeat"]

steps = st.one_of(
    st.tuples(st.just("text"), st.one_of(st.sampled_from(HOSTILE + WORDS), st.text(max_size=40))),
    st.tuples(st.just("command"), st.sampled_from(COMMAND_NAMES), st.sampled_from(["", *WORDS])),
    st.tuples(st.just("press"), st.integers(0, 40)),
    st.tuples(st.just("stale"), st.integers(0, 40)),
    st.tuples(st.just("forged"), st.text(max_size=30)),
    st.tuples(st.just("contact"), st.sampled_from(["+34600000001", "x", ""]), st.text(max_size=8)),
    st.tuples(st.just("file"), st.sampled_from(["a.pdf", "\x00.pdf", "x" * 400])),
)


class Walker:
    """One chat driven by generated steps, keeping the replies that offered buttons."""

    def __init__(self, chat: Chat) -> None:
        self.chat = chat
        self.shown: list[Reply] = []
        self.events = 0
        self.crashes: list[str] = []
        self.invalid = 0

    def event(self, step: tuple[Any, ...]) -> Event:
        kind = step[0]
        offered = [(c.value, r.offer) for r in self.chat.replies for c in r.choices]
        older = [(c.value, r.offer) for r in self.shown for c in r.choices]
        if kind == "text":
            return Event.from_text(step[1])
        if kind == "command":
            return Event.from_text(f"/{step[1]} {step[2]}")
        if kind in ("press", "stale"):
            pool = offered if kind == "press" else older
            if not pool:
                return Event.from_text("/help")
            value, offer = pool[step[1] % len(pool)]
            return Event.chosen(value, verified=True, offer=offer)
        if kind == "forged":
            return Event.chosen(step[1])
        if kind == "contact":
            return Event(EventKind.CONTACT, contact=ContactCard(step[1], step[2]))
        return Event(EventKind.FILE, file=FileUpload(step[1], "application/pdf", b"%PDF-1.7"))

    async def play(self, walk: list[tuple[Any, ...]]) -> None:
        for step in walk:
            event = self.event(step)
            self.events += 1
            try:
                replies = await self.chat.send(event)
            except Exception:
                self.crashes.append(f"{event!r:.300}\n{traceback.format_exc()}")
                continue
            self.shown = (self.shown + [r for r in replies if r.choices])[-20:]
            row = await DialogState.get(user=self.chat.user, chat_id=self.chat.chat_id)
            if row.flow not in ("", *self.chat.engine.flows) or not isinstance(row.data, dict):
                self.invalid += 1


async def dialog_fuzz(examples: int) -> SuiteResult:
    """Hypothesis walks of up to 15 steps each; runs counts the events played.

    Hypothesis drives from a worker thread; each walk runs on this event loop, where the
    database connection lives (to_thread carries the loop's context over to the thread)."""
    started = time.monotonic()
    async with sqlite_database():
        chat = await Chat.open(Settings())
        await setup_business(chat)
        walker = Walker(chat)
        loop = asyncio.get_running_loop()

        @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(st.lists(steps, min_size=1, max_size=15))
        def walk(generated: list[tuple[Any, ...]]) -> None:
            asyncio.run_coroutine_threadsafe(walker.play(generated), loop).result()

        await asyncio.to_thread(walk)
    if walker.crashes:
        print(f"dialog fuzz: first of {len(walker.crashes)} escapes:\n{walker.crashes[0]}",
              file=sys.stderr)
    return SuiteResult(
        "hypothesis fuzz of every dialog", runs=walker.events, failures=walker.invalid,
        lost=walker.invalid, crashed=len(walker.crashes), seconds=time.monotonic() - started,
    )  # fmt: skip


SECRETS = ("bea.secret@other.example", "Other Ltd", "B0TH3R", "VIPB")
PREFIXES = ["invoice:send:", "invoice:edit:", "proposal:view:", "review:"]


async def tenant_isolation(rounds: int = 1) -> SuiteResult:
    """Business A's owner tries every command and every button against business B."""
    started = time.monotonic()
    result = SuiteResult("tenant isolation, 2 businesses")
    async with sqlite_database():
        chat = await Chat.open(Settings())
        await setup_business(chat)
        ids = await other_business()
        before = await snapshot(ids["business"])
        probes = [Event.from_text(f"/{name} Bea") for name in COMMANDS]
        probes += [Event.from_text(f"/{name} {ids['client']}") for name in COMMANDS]
        values = [f"go:{name}:" for name in chat.engine.flows if name != "onboarding"] + PREFIXES
        arguments = [
            str(ids["invoice"]), str(ids["proposal"]), str(ids["client"]),
            f"edit:{ids['invoice']}", f"client:{ids['client']}", f"category:{ids['category']}",
            f"accept:{ids['inbound']}", f"decline:{ids['inbound']}", f"ignore:{ids['inbound']}",
        ]  # fmt: skip
        probes += [Event.chosen(v + a, verified=True) for v in values for a in arguments]
        for _ in range(rounds):
            for probe in probes:
                result.runs += 1
                try:
                    replies = await chat.send(probe)
                except Exception:
                    result.crashed += 1
                    continue
                shown = "\n".join(r.text + " ".join(c.label for c in r.choices) for r in replies)
                result.failures += any(secret in shown for secret in SECRETS)
                for follow_up in ("1", "Bea", "/cancel"):  # go one step into what opened
                    await chat.say(follow_up)
                    result.failures += any(secret in chat.text for secret in SECRETS)
        result.lost = int(await snapshot(ids["business"]) != before)  # a write into B
    result.seconds = time.monotonic() - started
    return result


async def other_business() -> dict[str, int]:
    """Business B with one of everything a command or a button can name."""
    other = await make_business("Other Ltd", tax_id="B0TH3R")
    client = await make_client(other, "Bea Other", email="bea.secret@other.example")
    invoice = await make_draft(other, client)
    proposal = await make_draft(other, client, DocumentKind.PROPOSAL)
    category = await Category.create(business=other, name="VIPB")
    raw = b"Subject: yes\r\n\r\nI accept"
    inbound = await InboundMessage.create(
        business=other, dedup_key="<x@other.example>", mailbox="INBOX", raw_bytes=raw,
        raw_sha256=hashlib.sha256(raw).hexdigest(), proposal=proposal,
    )  # fmt: skip
    return {"business": other.id, "client": client.id, "invoice": invoice.id,
            "proposal": proposal.id, "category": category.id, "inbound": inbound.id}


async def snapshot(business_id: int) -> list[object]:
    return [
        await Document.filter(business_id=business_id).order_by("id").values(),
        await Client.filter(business_id=business_id).order_by("id").values(),
        await InboundMessage.filter(business_id=business_id).values("status", "decision"),
        await Category.filter(business_id=business_id).count(),
    ]
