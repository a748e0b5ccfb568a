"""One IMAP connection, reduced to the few verbs the listener needs, none of which can hang.

aioimaplib leaves a command waiting forever when the server says BYE or the socket drops, and it
never closes its socket after LOGOUT. So every await here races the server's answer against the
connection-lost signal and is bounded by imap.command_timeout_seconds; any failure becomes one
of the `imap_errors` classes, after which the connection is to be closed and opened anew.
Messages are read with BODY.PEEK so that fetching them leaves the \\Seen flag to the people who
read the mailbox too.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import ssl
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any, TypeVar

import aioimaplib

from assent.settings import ImapSettings
from mail.inbound.imap_errors import (
    MailboxCommandRefused,
    MailboxDisconnected,
    MailboxError,
    MailboxLoginRefused,
    MailboxTimeout,
    MailboxUnreachable,
)

log = logging.getLogger(__name__)

T = TypeVar("T")
_FETCH_START = re.compile(rb"\d+ FETCH \(")
_UID = re.compile(rb"\bUID (\d+)")
_NUMBERS = re.compile(rb"[\d ]*")
_UIDVALIDITY = re.compile(rb"\[UIDVALIDITY (\d+)\]")
_PERMANENTFLAGS = re.compile(rb"\[PERMANENTFLAGS \(([^)]*)\)\]")
_NO_IDLE_POLL_SECONDS = 30.0


@dataclass(frozen=True)
class SelectedMailbox:
    uidvalidity: int
    keywords_allowed: bool  # PERMANENTFLAGS lets us store our own keyword on messages


class ImapConnection:
    """A logged-in connection; open with `ImapConnection.open`, always `close` it."""

    def __init__(self, imap: ImapSettings, client: aioimaplib.IMAP4) -> None:
        self._imap = imap
        self._client = client
        self._timeout = imap.command_timeout_seconds
        self._lost = asyncio.Event()
        client.protocol.conn_lost_cb = self._connection_lost

    @classmethod
    async def open(
        cls, imap: ImapSettings, ssl_context: ssl.SSLContext | None = None
    ) -> ImapConnection:
        """Connect, secure the channel as imap.security says, and log in."""
        if imap.security == "ssl":
            context = ssl_context or ssl.create_default_context()
            client: aioimaplib.IMAP4 = aioimaplib.IMAP4_SSL(
                imap.host, imap.port, timeout=imap.command_timeout_seconds, ssl_context=context
            )
        else:
            client = aioimaplib.IMAP4(imap.host, imap.port, timeout=imap.command_timeout_seconds)
        connection = cls(imap, client)
        try:
            try:
                await connection._bounded(client.wait_hello_from_server(), "greeting")
            except MailboxDisconnected as error:
                raise MailboxUnreachable(f"{imap.host}:{imap.port}: {error}") from None
            if imap.security == "starttls":
                await connection._starttls(ssl_context or ssl.create_default_context())
            response = await connection._bounded(
                client.login(aioimaplib.quoted(imap.username), imap.password), "LOGIN"
            )
            if response.result != "OK":
                raise MailboxLoginRefused(f"{imap.username}@{imap.host}: {_last_text(response)}")
        except BaseException:
            await connection.close()
            raise
        return connection

    async def select(self) -> SelectedMailbox:
        mailbox = self._imap.mailbox
        response = self._ok(
            await self._bounded(self._client.select(aioimaplib.quoted(mailbox)), "SELECT"),
            f"SELECT {mailbox}",
        )
        text = b"\n".join(line for line in response.lines if isinstance(line, bytes))
        found = _UIDVALIDITY.search(text)
        if found is None:
            raise MailboxCommandRefused(f"SELECT {mailbox}: no UIDVALIDITY")
        flags = _PERMANENTFLAGS.search(text)
        allowed = flags.group(1).split() if flags else []
        keyword = self._imap.processed_keyword.encode()
        return SelectedMailbox(int(found.group(1)), b"\\*" in allowed or keyword in allowed)

    async def uids_from(self, first: int) -> list[int]:
        """UIDs ≥ first. "n:*" always matches the highest UID, even below n: filtered out."""
        return [uid for uid in await self._search(f"UID {first}:*") if uid >= first]

    async def unmarked_up_to(self, last: int, keyword: str) -> list[int]:
        """UIDs ≤ last still without `keyword` (or all of them when there is none to look for:
        with imap.move_to, a message still here has not been moved)."""
        return await self._search(f"UID 1:{last}" + (f" UNKEYWORD {keyword}" if keyword else ""))

    async def _search(self, criteria: str) -> list[int]:
        response = self._ok(
            await self._bounded(self._client.uid_search(criteria, charset=None), "UID SEARCH"),
            "UID SEARCH",
        )
        found = {
            int(number)
            for line in response.lines[:-1]
            if isinstance(line, bytes) and _NUMBERS.fullmatch(line)
            for number in line.split()
        }
        return sorted(found)

    async def message_id_headers(self) -> dict[int, bytes]:
        """Every message's UID and its Message-ID header block, without downloading bodies."""
        response = self._ok(
            await self._bounded(
                self._client.uid(
                    "fetch", "1:*", "(UID BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])"
                ),
                "UID FETCH headers",
            ),
            "UID FETCH headers",
        )
        return dict(_fetched(response.lines))

    async def fetch(self, uid: int) -> bytes | None:
        """The message exactly as stored, or None when it was expunged meanwhile."""
        response = self._ok(
            await self._bounded(self._client.uid("fetch", str(uid), "(UID BODY.PEEK[])"), "FETCH"),
            f"UID FETCH {uid}",
        )
        return dict(_fetched(response.lines)).get(uid)

    async def mark(self, uid: int, *, keyword: str, move_to: str) -> None:
        """Flag the message as ours (when allowed), then move it away (when configured)."""
        if keyword:
            self._ok(
                await self._bounded(
                    self._client.uid("store", str(uid), "+FLAGS.SILENT", f"({keyword})"), "STORE"
                ),
                f"UID STORE {uid}",
            )
        if not move_to:
            return
        if not self._client.has_capability("MOVE"):
            log.warning("imap.move_to is set but the server has no MOVE: message %s stays", uid)
            return
        self._ok(
            await self._bounded(
                self._client.uid("move", str(uid), aioimaplib.quoted(move_to)), "MOVE"
            ),
            f"UID MOVE {uid}",
        )

    async def idle(self, seconds: float, stop: asyncio.Event) -> bool:
        """Wait up to `seconds` for the server to announce a change; False on renewal or stop."""
        if not self._client.has_capability("IDLE"):
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), min(seconds, _NO_IDLE_POLL_SECONDS))
            return False
        idle = await self._bounded(self._client.idle_start(timeout=seconds), "IDLE")
        try:
            lines = await asyncio.wait_for(self._or_lost(self._push_or(stop)), seconds)
        except TimeoutError:
            lines = None
        if lines and any(bytes(line).startswith(b"BYE") for line in lines):
            raise MailboxDisconnected(f"BYE while idling: {_text(lines)}")
        self._client.idle_done()
        self._ok(await self._bounded(idle, "IDLE DONE"), "IDLE")
        return bool(lines)

    async def close(self) -> None:
        """Log out if still connected, then close the socket ourselves: aioimaplib does not."""
        protocol = self._client.protocol
        if not self._lost.is_set() and protocol.state in (aioimaplib.AUTH, aioimaplib.SELECTED):
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._or_lost(self._client.logout()), self._timeout)
        if protocol.transport is not None:
            protocol.transport.close()
        for task in [*self._client.tasks, *protocol.tasks]:
            task.cancel()

    async def _starttls(self, context: ssl.SSLContext) -> None:
        protocol = self._client.protocol
        if "STARTTLS" not in protocol.capabilities:
            raise MailboxLoginRefused(
                f"{self._imap.host} offers no STARTTLS: the password is not sent in clear"
            )
        command = aioimaplib.Command("STARTTLS", protocol.new_tag(), loop=protocol.loop)
        self._ok(await self._bounded(protocol.execute(command), "STARTTLS"), "STARTTLS")
        loop = asyncio.get_running_loop()
        handshake = loop.start_tls(
            protocol.transport, protocol, context, server_hostname=self._imap.host
        )
        protocol.transport = await self._bounded(handshake, "TLS handshake")
        await self._bounded(protocol.capability(), "CAPABILITY")  # RFC 3501: ask again after TLS

    async def _push_or(self, stop: asyncio.Event) -> list[Any] | None:
        """The next lines the server pushed while idling, or None when asked to stop."""
        push = asyncio.ensure_future(self._client.protocol.idle_queue.get())
        stopping = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait({push, stopping}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopping.cancel()
            if not push.done():
                push.cancel()
        if push.done() and not push.cancelled():
            lines = push.result()
            return None if lines == aioimaplib.STOP_WAIT_SERVER_PUSH else lines
        return None

    async def _bounded(self, awaitable: Awaitable[T], what: str) -> T:
        try:
            return await asyncio.wait_for(self._or_lost(awaitable), self._timeout)
        except (TimeoutError, aioimaplib.CommandTimeout):
            raise MailboxTimeout(f"{what}: no answer within {self._timeout} s") from None
        except (OSError, ssl.SSLError, aioimaplib.AioImapException) as error:
            raise MailboxDisconnected(f"{what}: {error!r}") from None

    async def _or_lost(self, awaitable: Awaitable[T]) -> T:
        """The awaitable's result, unless the connection drops first."""
        if self._lost.is_set():
            if asyncio.iscoroutine(awaitable):  # never started: close it, or Python warns
                awaitable.close()
            raise MailboxDisconnected("connection closed")
        work = asyncio.ensure_future(awaitable)
        lost = asyncio.ensure_future(self._lost.wait())
        try:
            await asyncio.wait({work, lost}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            lost.cancel()
            if not work.done():
                work.cancel()
        if work.done() and not work.cancelled():
            return work.result()
        raise MailboxDisconnected("connection closed by the server")

    def _ok(self, response: aioimaplib.Response, what: str) -> aioimaplib.Response:
        if response.result != "OK":
            raise MailboxCommandRefused(f"{what}: {response.result} {_last_text(response)}")
        return response

    def _connection_lost(self, _error: Exception | None) -> None:
        self._lost.set()


def _fetched(lines: list[Any]) -> list[tuple[int, bytes]]:
    """(uid, literal) per FETCH response; the UID may come before or after the literal."""
    items: list[tuple[int, bytes]] = []
    text, literal = b"", None

    def flush() -> None:
        found = _UID.search(text)
        if found and literal is not None:
            items.append((int(found.group(1)), literal))

    for line in lines:
        if isinstance(line, bytearray):
            literal = bytes(line)
        elif _FETCH_START.match(line):
            flush()
            text, literal = line, None
        else:
            text += b" " + line
    flush()
    return items


def _text(lines: list[Any]) -> str:
    return " ".join(bytes(line).decode("utf-8", "replace") for line in lines)[:300]


def _last_text(response: aioimaplib.Response) -> str:
    return _text(response.lines[-1:]) if response.lines else ""


__all__ = ["ImapConnection", "MailboxError", "SelectedMailbox"]
