"""Where the console chat's messages come from: a pipe read line by line, or a live terminal.

A message may hold several lines (a pasted email signature, a letterhead): in a terminal a paste
arrives whole (bracketed paste, via prompt_toolkit) and becomes one message; in piped input, where
every line is a message, a line whose parts are joined by " | " is read as those lines.
Both sources return None at the end of input, and neither keeps the process alive after a
signal asked it to stop: the pipe is read by a daemon thread, the terminal prompt is cancelled.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from typing import Protocol, TextIO

from prompt_toolkit import PromptSession
from prompt_toolkit.application import run_in_terminal
from prompt_toolkit.input import create_input
from prompt_toolkit.output import create_output

PIPED_LINE_BREAK = " | "


class LineSource(Protocol):
    async def read(self) -> str | None:
        """The next message, or None at the end of input."""
        ...

    async def show(self, text: str) -> None:
        """Print a block without garbling what the user is typing."""
        ...


def joined_lines(line: str) -> str:
    """`a | b | c` → three lines; a line without the separator is itself."""
    return line.rstrip("\r\n").replace(PIPED_LINE_BREAK, "\n")


class PipedLines:
    """Lines from a pipe or file, read ahead by a daemon thread into a queue."""

    def __init__(self, stream: TextIO, stdout: TextIO) -> None:
        self._stdout = stdout
        self._queue: asyncio.Queue[str | None] = asyncio.Queue()
        loop = asyncio.get_running_loop()

        def put(item: str | None) -> None:
            with contextlib.suppress(RuntimeError):  # the loop closed: nobody is reading
                loop.call_soon_threadsafe(self._queue.put_nowait, item)

        threading.Thread(target=_pump, args=(stream, put), daemon=True, name="console-in").start()

    async def read(self) -> str | None:
        line = await self._queue.get()
        if line is None:
            self._queue.put_nowait(None)  # every later read sees the end too
            return None
        return joined_lines(line)

    async def show(self, text: str) -> None:
        print(text, file=self._stdout, flush=True)


def _pump(stream: TextIO, put: Callable[[str | None], None]) -> None:
    try:
        for line in iter(stream.readline, ""):
            put(line)
    finally:
        put(None)


class TerminalLines:
    """A prompt with line editing; a paste is inserted whole and sent with one Enter."""

    def __init__(self, stdin: TextIO, stdout: TextIO, prompt: str = "› ") -> None:
        self._stdout = stdout
        self._prompt = prompt
        self._session: PromptSession[str] = PromptSession(
            input=create_input(stdin), output=create_output(stdout)
        )

    async def read(self) -> str | None:
        try:
            return await self._session.prompt_async(self._prompt)
        except (EOFError, KeyboardInterrupt):  # Ctrl-D or Ctrl-C at the prompt: leave
            return None

    async def show(self, text: str) -> None:
        # Above the prompt while one is showing (a notice arriving), plainly otherwise.
        await run_in_terminal(lambda: print(text, file=self._stdout, flush=True))
