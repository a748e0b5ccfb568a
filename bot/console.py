"""The same dialogs in a terminal: what `make run` offers when no Telegram token is set.

Interactive use shows a prompt and numbered buttons; piped input (scripts, tests) gets exactly one
reply block per input line and no decorations, and the chat ends at end of input.
"""

from __future__ import annotations

import asyncio
import getpass
import logging
import os
import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from billing.i18n import translate
from bot.language import language_for
from bot.notices import notification_replies
from flows.engine import Engine
from flows.events import Event, EventKind, FileUpload
from flows.flow import N_
from flows.ids import parse_position
from flows.replies import Choice, Reply
from models import Notification, User

CHANNEL = "console"
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
    blocks = []
    for reply in replies:
        text = reply.text
        if reply.choices:
            buttons = "  ".join(f"[{n}] {c.label}" for n, c in enumerate(reply.choices, start=1))
            text = f"{text}\n{buttons}"
        if reply.document is not None:
            text += f"\n📎 {reply.extra.get('saved_to', reply.document.filename)}"
        blocks.append(text)
    return "\n".join(blocks)


def to_event(line: str, last: list[Reply]) -> Event:
    """A typed button label, or its number where the question takes no free text, is a press."""
    choices: list[Choice] = [c for reply in last for c in reply.choices]
    free_text = any(reply.extra.get("free_text") for reply in last)
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
        data = path.read_bytes() if path.is_file() else b""
        return Event(EventKind.FILE, file=FileUpload(path.name, "application/octet-stream", data))
    return Event.from_text(line)


def save_documents(replies: list[Reply], folder: Path) -> list[Reply]:
    """Documents cannot be shown in a terminal: they are written to a folder and named."""
    shown = []
    for reply in replies:
        if reply.document is not None:
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / Path(reply.document.filename).name
            target.write_bytes(reply.document.data)
            reply = Reply(
                reply.text,
                reply.choices,
                reply.columns,
                document=reply.document,
                extra={**reply.extra, "saved_to": str(target)},
            )
        shown.append(reply)
    return shown


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
) -> None:
    interactive = stdin.isatty() and stdout.isatty()
    chat_id = f"console:{user.console_name}"
    if interactive:
        print(translate("bot", user.language, BANNER), file=stdout)
    last: list[Reply] = []
    loop = asyncio.get_running_loop()
    while True:
        notices = await pending_notices(user, storage_path)
        if notices:
            last = notices
            print(format_replies(save_documents(notices, output_folder)), file=stdout, flush=True)
            print("", file=stdout, flush=True)
        if interactive:
            print("› ", end="", file=stdout, flush=True)
        line = await loop.run_in_executor(None, stdin.readline)
        if not line:
            break
        if not line.strip():
            if not interactive:
                print("", file=stdout, flush=True)
            continue
        try:
            last = await engine.handle(CHANNEL, chat_id, user, to_event(line, last))
        except Exception:  # the dialog state is intact (one transaction per event): say so
            log.exception("console event failed for %s", chat_id)
            text = N_("Something went wrong; your answers so far are kept. Please try again.")
            last = [Reply(translate("bot", user.language, text))]
        print(format_replies(save_documents(last, output_folder)), file=stdout, flush=True)
        if not interactive:
            print("", file=stdout, flush=True)
