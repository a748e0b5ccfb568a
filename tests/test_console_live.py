"""The console chat as an owner uses it: notices appear while it waits for input, a paste in a
terminal is one message, ` | ` joins lines in piped input, every saved document keeps its own
file, `/attach` of a missing file says so, and SIGTERM ends `assent run` at once.

The terminal cases run the real console on a pseudo-terminal (the stdlib `pty`), so the prompt,
bracketed paste and notices printed above the prompt are exercised as a terminal shows them.
"""

from __future__ import annotations

import asyncio
import fcntl
import io
import os
import pty
import re
import signal
import struct
import sys
import termios
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from assent.settings import Settings
from assent.wiring import build_engine
from billing.documents.convert import Evidence, accept_proposal
from bot.console import run_console
from models import AcceptanceMethod, Attachment, Business, DocumentKind, Notification, User
from tests.bot_support import probe_engine
from tests.cli_support import cli_env
from tests.factories import make_business, make_client, make_owner
from tests.factories.outbound import make_issued


async def _until(condition: Callable[[], bool], what: str, timeout: float = 20) -> None:
    """Poll a condition (no fixed sleeps); fail naming what never happened."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"never happened: {what}")
        await asyncio.sleep(0.02)


async def _console_owner() -> tuple[User, Business]:
    business = await make_business()
    owner = await make_owner(business)
    owner.console_name = "olivia"
    await owner.save()
    return await User.get(id=owner.id), business


async def _notice(user: User, business: Business, key: str, text: str) -> None:
    await Notification.create(
        business=business, user=user, key=key, kind="test", payload={"text": text}
    )


async def test_piped_input_joins_parts_into_lines_and_shows_notices_while_waiting(
    db: str, tmp_path: Path
) -> None:
    user, business = await _console_owner()
    read_fd, write_fd = os.pipe()
    stdin, feed = os.fdopen(read_fd, "r"), os.fdopen(write_fd, "w")
    out = io.StringIO()
    chat = asyncio.create_task(
        run_console(probe_engine(Settings()), user, stdin=stdin, stdout=out,
                    output_folder=tmp_path, notice_seconds=0.05)
    )  # fmt: skip
    feed.write("/echo Tomás Ruiz | Ferretería Ruiz S.L. | 28013 Madrid\n")
    feed.flush()
    await _until(lambda: "Tomás Ruiz\nFerretería Ruiz S.L.\n28013 Madrid" in out.getvalue(), "echo")

    # Nothing more is typed; the notice shows anyway.
    await _notice(user, business, "n1", "Jane Doe accepted proposal {number}.")
    await _until(lambda: "Jane Doe accepted proposal" in out.getvalue(), "notice while waiting")
    feed.close()
    await asyncio.wait_for(chat, 20)
    assert out.getvalue().count("Jane Doe accepted proposal") == 1


async def test_attach_of_a_missing_file_says_so_and_keeps_the_question(
    db: str, tmp_path: Path
) -> None:
    user, business = await _console_owner()
    await make_client(business)
    real = tmp_path / "brief.txt"
    real.write_text("the brief")
    script = f"/clients\n1\nAttach file\n/attach {tmp_path}/nope.pdf\n/attach {real}\n"
    out = io.StringIO()
    await run_console(build_engine(Settings()), user, stdin=io.StringIO(script), stdout=out,
                      output_folder=tmp_path)  # fmt: skip
    text = out.getvalue()
    assert f"There is no file at {tmp_path}/nope.pdf; nothing was attached." in text
    assert "Attached brief.txt." in text
    (stored,) = await Attachment.filter(business=business)
    assert stored.original_name == "brief.txt" and stored.size == len("the brief")


async def test_each_saved_document_keeps_its_own_file(db: str, tmp_path: Path) -> None:
    user, business = await _console_owner()
    client = await make_client(business)
    for _ in range(2):  # two acceptances: two draft invoices, both named draft-invoice.pdf
        proposal = await make_issued(business, client, DocumentKind.PROPOSAL)
        evidence = Evidence(method=AcceptanceMethod.EMAIL_REPLY, signer_name="Jane Doe",
                            accepted_at=datetime.now(UTC))  # fmt: skip
        await accept_proposal(business, proposal.id, evidence)
    out = io.StringIO()
    await run_console(build_engine(Settings()), user, stdin=io.StringIO(""), stdout=out,
                      output_folder=tmp_path)  # fmt: skip
    saved = sorted(path.name for path in tmp_path.glob("*.pdf"))
    assert len(saved) == 2, saved
    assert {f"📎 {tmp_path / name}" for name in saved} <= set(out.getvalue().splitlines())
    first, second = (tmp_path / name for name in saved)
    assert first.read_bytes() != second.read_bytes()


class _Terminal:
    """The master side of a pseudo-terminal: what the user types, and the screen's bytes."""

    def __init__(self) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
        self.stdin = os.fdopen(slave, "r")
        self.stdout = os.fdopen(os.dup(slave), "w")
        self.screen = b""
        asyncio.get_running_loop().add_reader(self.master, self._read)

    def _read(self) -> None:
        try:
            self.screen += os.read(self.master, 65536)
        except OSError:
            asyncio.get_running_loop().remove_reader(self.master)

    def text(self) -> str:
        return self.screen.decode("utf-8", "replace").replace("\r\n", "\n")

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def close(self) -> None:
        asyncio.get_running_loop().remove_reader(self.master)
        for handle in (self.stdin, self.stdout):
            handle.close()
        os.close(self.master)


async def test_in_a_terminal_a_paste_is_one_message_and_notices_appear_at_the_prompt(
    db: str, tmp_path: Path
) -> None:
    user, business = await _console_owner()
    terminal = _Terminal()
    chat = asyncio.create_task(
        run_console(probe_engine(Settings()), user, stdin=terminal.stdin, stdout=terminal.stdout,
                    output_folder=tmp_path, notice_seconds=0.05)
    )  # fmt: skip
    try:
        # The prompt, with bracketed paste switched on in the terminal.
        await _until(lambda: "\x1b[?2004h" in terminal.text() and "›" in terminal.text(), "prompt")
        # A bracketed paste of three lines, then one Enter: one message with three lines.
        terminal.type("\x1b[200~/echo first line\r\nsecond line\r\nthird line\x1b[201~")
        terminal.type("\r")
        reply = "first line\nsecond line\nthird line"
        await _until(lambda: reply in terminal.text(), "the paste echoed as one message")
        assert "You said" not in terminal.text()  # no pasted line went to the engine on its own

        before = len(terminal.screen)
        await _notice(user, business, "n2", "Sam signed proposal {number} on the web.")
        await _until(lambda: b"Sam signed proposal" in terminal.screen[before:], "notice")
        terminal.type("\x04")  # Ctrl-D at the prompt ends the chat
        await asyncio.wait_for(chat, 20)
    finally:
        if not chat.done():
            chat.cancel()
        terminal.close()


@pytest.mark.timeout(120)
async def test_sigterm_ends_assent_run_in_console_mode_at_once(tmp_path: Path) -> None:
    """Before, the chat kept waiting for a line after SIGTERM: the process lived on."""
    env = cli_env(
        ASSENT_DATABASE_URL=f"sqlite://{tmp_path}/run.sqlite3",
        ASSENT_STORAGE_PATH=str(tmp_path / "files"),
        ASSENT_WEB_BASE_URL="",
        ASSENT_LOGGING_LEVEL="DEBUG",
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "assent.cli", "run",
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE, env=env,
    )  # fmt: skip
    assert process.stdin is not None and process.stderr is not None
    process.stdin.write(b"/start\n")
    await process.stdin.drain()
    log = b""
    while b"started: console chat" not in log:
        log += await asyncio.wait_for(process.stderr.readline(), 60)
    process.send_signal(signal.SIGTERM)  # stdin stays open: the chat is waiting for a line
    try:
        code = await asyncio.wait_for(process.wait(), 30)
    finally:
        if process.returncode is None:
            process.kill()
    assert code == 0
    log += await process.stderr.read()
    assert process.stdout is not None
    output = (await process.stdout.read()).decode()
    assert "business" in output.lower()  # the chat answered /start before it ended
    # Even at DEBUG, the libraries' own chatter stays out of the owner's terminal.
    noisy = {"tortoise", "aiosqlite", "httpx", "telegram", "weasyprint", "fontTools"}
    loggers = re.findall(r"^\S+ \S+ [A-Z]+ ([\w.]+): ", log.decode(), re.MULTILINE)
    assert "assent" in loggers  # the format is what this test reads
    assert not [name for name in loggers if name.split(".")[0] in noisy]
