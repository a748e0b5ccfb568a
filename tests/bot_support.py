"""A tiny engine of probe flows and a running bot around it, so the Telegram adapter is tested
against the real engine, the real PTB Application and the fake Bot API — without the product's
flows, whose texts change for reasons unrelated to the adapter."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from telegram.ext import Application

from assent.settings import Settings, replace
from bot.app import build_application
from bot.render import SLOW_UPLOAD_BYTES
from flows.context import Context
from flows.engine import Engine
from flows.events import Event, EventKind
from flows.flow import Outcome
from flows.replies import Attachment, Choice, Reply
from models import Business, Membership, Role
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_objects import now
from tests.fakes.telegram_ptb import TOKEN, polling, webhook
from tests.fakes.telegram_users import FakeUser

SECRET = "bot-webhook_secret"
PDF = b"%PDF-1.7 probe report"
PICKS = (Choice("A & B", "a"), Choice("<i>C</i>", "c"), Choice("D", "d"), Choice("Done", "done"))


class Probe:
    """Base of the probe flows: one reply per event, no state unless a subclass keeps some."""

    name = ""

    async def start(self, ctx: Context, args: str, event: Event | None, carry: dict) -> Outcome:
        return Outcome([Reply(f"{self.name} started")])

    async def handle(self, ctx: Context, state: dict[str, Any], event: Event) -> Outcome:
        return await self.start(ctx, "", event, {})

    def help(self, ctx: Context, state: dict[str, Any]) -> str:
        return f"help for {self.name}"


class Onboarding(Probe):
    """First contact makes the user owner of a business at once."""

    name = "onboarding"

    async def start(self, ctx: Context, args: str, event: Event | None, carry: dict) -> Outcome:
        business = await Business.create(name=f"{ctx.user.name} Ltd")
        await Membership.create(business=business, user=ctx.user, role=Role.OWNER)
        return Outcome([Reply(f"Welcome, {business.name} is ready.")])


class Home(Probe):
    """Idle chats: text is echoed; files and unknown choices are described."""

    name = "home"

    async def start(self, ctx: Context, args: str, event: Event | None, carry: dict) -> Outcome:
        if event is not None and event.kind == EventKind.FILE and event.file is not None:
            digest = hashlib.sha256(event.file.data).hexdigest()[:12]
            upload = event.file
            text = f"Got {upload.filename} ({upload.mime_type}, {len(upload.data)} bytes, {digest})"
            return Outcome([Reply(text)])
        if event is not None and event.kind == EventKind.TEXT:
            return Outcome([Reply(f"You said: {event.text}")])
        return Outcome([Reply("Nothing to do.")])


class Echo(Probe):
    """/echo TEXT: the text comes back exactly as typed."""

    name = "echo"

    async def start(self, ctx: Context, args: str, event: Event | None, carry: dict) -> Outcome:
        return Outcome([Reply(args)])


class Long(Probe):
    """/long N: N numbered lines of 50 characters."""

    name = "long"

    async def start(self, ctx: Context, args: str, event: Event | None, carry: dict) -> Outcome:
        lines = [f"{i:04d} " + "x" * 45 for i in range(int(args))]
        return Outcome([Reply("\n".join(lines), (Choice("More", "more"),))], state={})


class Document(Probe):
    """/doc: a PDF with a caption, then a large one with a caption too long to be one."""

    name = "doc"

    async def start(self, ctx: Context, args: str, event: Event | None, carry: dict) -> Outcome:
        short = Attachment("report <1>.pdf", "application/pdf", PDF)
        long = Attachment("long.pdf", "application/pdf", PDF.ljust(SLOW_UPLOAD_BYTES, b" "))
        return Outcome([Reply("Your <report>", document=short), Reply("y" * 1500, document=long)])


class Phone(Probe):
    """/phone: asks for the user's number, with and without inline buttons beside it."""

    name = "phone"

    async def start(self, ctx: Context, args: str, event: Event | None, carry: dict) -> Outcome:
        if args == "both":
            return Outcome([Reply("Phone?", (Choice("Skip", "skip"),), ask_contact=True)], {})
        return Outcome([Reply("Your phone number, please.", ask_contact=True)], state={})

    async def handle(self, ctx: Context, state: dict[str, Any], event: Event) -> Outcome:
        return await NewClient().start(ctx, "", event, {})


class NewClient(Probe):
    """Where the engine sends a contact shared outside any dialog."""

    name = "new_client"

    async def start(self, ctx: Context, args: str, event: Event | None, carry: dict) -> Outcome:
        card = event.contact if event else None
        if card is None:
            return Outcome([Reply("No contact.")])
        text = f"Contact: {card.first_name}|{card.last_name}|{card.phone}|{card.email}"
        return Outcome([Reply(text)])


class Slow(Probe):
    """/slow: takes a while to answer, then says more is coming."""

    name = "slow"

    async def start(self, ctx: Context, args: str, event: Event | None, carry: dict) -> Outcome:
        await asyncio.sleep(float(args))
        return Outcome([Reply("Rendering…", typing=True), Reply("Rendered.")])


class Pick(Probe):
    """/pick: buttons that accumulate choices, shown by editing the same message."""

    name = "pick"

    async def start(self, ctx: Context, args: str, event: Event | None, carry: dict) -> Outcome:
        return Outcome([Reply("Pick some", PICKS, columns=2)], state={"picks": []})

    async def handle(self, ctx: Context, state: dict[str, Any], event: Event) -> Outcome:
        if event.kind == EventKind.TEXT and event.text == "boom":
            state["picks"].append("lost")  # the failure below must roll this back
            raise RuntimeError("probe failure")
        if event.choice == "done":
            return Outcome([Reply("Picked: " + ", ".join(state["picks"]), edit=True)])
        if event.choice:
            state["picks"].append(event.choice)
        text = "Picked so far: " + ", ".join(state["picks"])
        return Outcome([Reply(text, PICKS, columns=2, edit=True)], state=state)


def probe_engine(settings: Settings) -> Engine:
    commanded = [Echo(), Long(), Document(), Phone(), Slow(), Pick()]
    flows = [Onboarding(), Home(), NewClient(), *commanded]
    commands = {flow.name: flow.name for flow in commanded}
    return Engine({flow.name: flow for flow in flows}, commands, settings.bot)


def settings_for(fake: FakeTelegram, storage_path: str = "var/files") -> Settings:
    return replace(
        Settings(),
        telegram={"token": TOKEN, "base_url": fake.base_url, "base_file_url": fake.base_file_url},
        storage={"path": storage_path},
    )


@asynccontextmanager
async def running_bot(
    fake: FakeTelegram, engine: Engine, mode: str = "polling"
) -> AsyncIterator[Application]:
    """The production Application (handlers, ordering, rate limiter) receiving updates by long
    polling or by webhook."""
    application = build_application(settings_for(fake), engine)
    if mode == "polling":
        async with polling(application):
            yield application
    else:
        async with webhook(application, SECRET):
            yield application


async def newcomer(
    fake: FakeTelegram, user_id: int, name: str = "Jane", **account: Any
) -> FakeUser:
    """A user past the probe onboarding: first contact, welcome message read."""
    user = fake.user(user_id, name, **account)
    await user.send_text("hi")
    await fake.wait_for(lambda: any("is ready" in (m.text or "") for m in fake.messages(user_id)))
    return user


def push_message(fake: FakeTelegram, user: FakeUser, **content: Any) -> dict[str, Any]:
    """A message of a kind FakeUser has no method for (photo, vCard, location), as Telegram
    would deliver it."""
    chat = fake.chats[user.id]
    message = {
        "message_id": chat.next_message_id(), "from": user.info, "chat": chat.info,
        "date": now(), **content,
    }
    fake.push_update("message", message)
    return message
