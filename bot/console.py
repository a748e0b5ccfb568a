"""The same dialogs in a terminal: what `make run` offers when no Telegram token is set.

Interactive use shows a prompt and numbered buttons; piped input (scripts, tests) gets exactly one
reply block per input line and no decorations, and the chat ends at end of input.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import getpass
import logging
import os
import sys
from collections.abc import Awaitable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from billing.i18n import translate
from bot.console_input import LineSource, PipedLines, TerminalLines
from bot.language import language_for
from bot.notices import notification_replies
from flows.engine import Engine
from flows.events import Event, EventKind, FileUpload
from flows.flow import N_
from flows.ids import parse_position
from flows.replies import Choice, Reply
from flows.typed import NUMBER_ANSWERS
from models import Notification, User

CHANNEL = "console"
NO_FILE = N_("There is no file at {path}; nothing was attached.")
BANNER = N_("Assent — type /help for what I can do, Ctrl-D to leave.")
log = logging.getLogger(__name__)


async def console_user(name: str | None, default_language: str) -> User:
    """The chatting user, by --user or the OS account; the language follows LANG on first use."""
    login = name or getpass.getuser()
    language = language_for(posix_language(os.environ), default_language)
    user, _ = await User.get_or_create(
        console_name=login, defaults={"name": login, "language": language}
    )
    return user


def posix_language(environ: Mapping[str, str]) -> str | None:
    """The terminal's language as an IETF tag ("pt_BR.UTF-8" → "pt-BR"), the way gettext looks
    it up: LC_ALL, then LC_MESSAGES, then LANG; the C/POSIX locale names no language."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        tag = environ.get(name, "").split(".", 1)[0].split("@", 1)[0]
        if tag and tag not in ("C", "POSIX"):
            return tag.replace("_", "-")
    return None


def format_replies(replies: list[Reply]) -> str:
    """Buttons are numbered for typing, except under a question whose answer may itself be a
    number (a day count, a rate): there "1" is the answer, so no button may look like [1]."""
    numbered = not any(reply.extra.get(NUMBER_ANSWERS) for reply in replies)
    blocks = []
    for reply in replies:
        text = reply.text
        if reply.choices:
            buttons = "  ".join(
                f"[{n}] {c.label}" if numbered else f"[{c.label}]"
                for n, c in enumerate(reply.choices, start=1)
            )
            text = f"{text}\n{buttons}"
        if reply.document is not None:
            text += f"\n📎 {reply.extra.get('saved_to', reply.document.filename)}"
        blocks.append(text)
    return "\n".join(blocks)


class MissingFile(Exception):
    """`/attach PATH` named no readable file: said to the user, nothing is sent to the dialog."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


def to_event(line: str, last: list[Reply]) -> Event:
    """A typed button label, or its number where the question takes no free text, is a press."""
    choices: list[Choice] = [c for reply in last for c in reply.choices]
    free_text = any(reply.extra.get(NUMBER_ANSWERS) for reply in last)
    wanted = line.strip().casefold()
    # The buttons were printed by this process from its own replies: as good as a server token.
    position = None if free_text else parse_position(wanted, len(choices))
    if position is not None:
        return Event.chosen(choices[position].value, verified=True)
    for choice in choices:
        if wanted and wanted == choice.label.removeprefix("✅ ").casefold():
            return Event.chosen(choice.value, verified=True)
    if wanted.startswith("/attach "):
        path = Path(line.strip()[8:].strip()).expanduser()
        if not path.is_file():
            raise MissingFile(path)
        data = path.read_bytes()
        return Event(EventKind.FILE, file=FileUpload(path.name, "application/octet-stream", data))
    return Event.from_text(line)


def save_documents(replies: list[Reply], folder: Path) -> list[Reply]:
    """Documents cannot be shown in a terminal: each is written to a folder under its own name."""
    shown = []
    for reply in replies:
        if reply.document is not None:
            folder.mkdir(parents=True, exist_ok=True)
            target = _own_name(folder, Path(reply.document.filename).name, reply.document.data)
            target.write_bytes(reply.document.data)
            reply = dataclasses.replace(reply, extra={**reply.extra, "saved_to": str(target)})
        shown.append(reply)
    return shown


def _own_name(folder: Path, name: str, data: bytes) -> Path:
    """`name`, or `stem-2.ext`, `stem-3.ext`… when another document already has that name (two
    draft invoices are both "draft-invoice.pdf"); the very same bytes keep their file."""
    target, stem, suffix = folder / name, Path(name).stem, Path(name).suffix
    copy = 1
    while target.exists() and target.read_bytes() != data:
        copy += 1
        target = folder / f"{stem}-{copy}{suffix}"
    return target


class _Notices:
    """Owed notifications, shown as they arrive: polled while the user types, and once more
    before each message is read, so a piped script sees them in a fixed place."""

    def __init__(self, user: User, storage_path: Path, output_folder: Path, out: LineSource):
        self.user, self.storage_path, self.output_folder, self.out = (
            user,
            storage_path,
            output_folder,
            out,
        )
        self.lock = asyncio.Lock()
        self.last: list[Reply] = []

    async def show_due(self) -> None:
        async with self.lock:  # the poller and the loop never show one notice twice
            replies = await pending_notices(self.user, self.storage_path)
            if replies:
                self.last = replies
                await self.out.show(format_replies(save_documents(replies, self.output_folder)))
                await self.out.show("")

    async def watch(self, every: float) -> None:
        while True:
            await asyncio.sleep(every)
            try:
                await self.show_due()
            except Exception:  # the database away for a moment: the next round tries again
                log.exception("console notices round failed")


async def pending_notices(user: User, storage_path: Path) -> list[Reply]:
    """Notifications owed to this console user (acceptances, reviews), marked delivered."""
    replies: list[Reply] = []
    for notification in await Notification.filter(user=user, sent_at__isnull=True).order_by("id"):
        replies += await notification_replies(notification, user.language, storage_path)
        await Notification.filter(id=notification.id).update(sent_at=datetime.now(UTC))
    return replies


async def run_console(
    engine: Engine,
    user: User,
    *,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
    output_folder: Path = Path("var/out"),
    storage_path: Path = Path("var/files"),
    stop: asyncio.Event | None = None,
    notice_seconds: float = 0.5,
) -> None:
    """Chat until the input ends or `stop` is set (SIGTERM in `assent run`)."""
    interactive = stdin.isatty() and stdout.isatty()
    source: LineSource = TerminalLines(stdin, stdout) if interactive else PipedLines(stdin, stdout)
    chat_id = f"console:{user.console_name}"
    if interactive:
        await source.show(translate("bot", user.language, BANNER))
    notices = _Notices(user, storage_path, output_folder, source)
    watcher = asyncio.create_task(notices.watch(notice_seconds), name="console-notices")
    last: list[Reply] = []
    try:
        while True:
            await notices.show_due()
            if notices.last:
                last, notices.last = notices.last, []
            line = await _unless_stopped(source.read(), stop)
            if line is None:
                break
            if not line.strip():
                if not interactive:
                    await source.show("")
                continue
            if notices.last:  # a notice arrived while typing: its buttons are the current ones
                last, notices.last = notices.last, []
            try:
                event = to_event(line, last)
            except MissingFile as missing:  # said, and the question before stays open
                text = translate("bot", user.language, NO_FILE, path=str(missing.path))
                await source.show("⚠️ " + text)
            else:
                last = await _answer(engine, chat_id, user, event)
                await source.show(format_replies(save_documents(last, output_folder)))
            if not interactive:
                await source.show("")
    finally:
        watcher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watcher


async def _answer(engine: Engine, chat_id: str, user: User, event: Event) -> list[Reply]:
    try:
        return await engine.handle(CHANNEL, chat_id, user, event)
    except Exception:  # the dialog state is intact (one transaction per event): say so
        log.exception("console event failed for %s", chat_id)
        text = N_("Something went wrong; your answers so far are kept. Please try again.")
        return [Reply(translate("bot", user.language, text))]


async def _unless_stopped(read: Awaitable[str | None], stop: asyncio.Event | None) -> str | None:
    """The next line, or None as soon as `stop` is set (the read is abandoned)."""
    reading = asyncio.ensure_future(read)
    if stop is None:
        return await reading
    stopping = asyncio.ensure_future(stop.wait())
    done, _ = await asyncio.wait({reading, stopping}, return_when=asyncio.FIRST_COMPLETED)
    for task in (reading, stopping):
        if task not in done:
            task.cancel()
    return reading.result() if reading in done else None
