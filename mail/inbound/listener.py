"""The mailbox listener: new mail is recorded, acted on and flagged within a second of arriving.

A cycle: retry rows a crash or an error left unfinished, fetch every UID above the checkpoint
(each stored and checkpointed before it is processed), flag it, then IDLE until the server
announces a change or imap.idle_renew_seconds pass. The last command before IDLE is always the
empty UID SEARCH, so a message arriving between two commands is announced by the IDLE itself.

UIDs are meaningful only under one UIDVALIDITY. When the server announces a new one (or the
mailbox was never seen), the listener asks for every message's Message-ID header only and
downloads just the bodies it does not hold: nothing is processed twice, nothing re-downloaded.

Failures — refused connections, BYE, timeouts, refused logins, a database hiccup — close the
connection and reconnect after a capped, jittered exponential backoff; each is logged, and the
owners are told once per outage after `failures_before_notice` in a row.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import ssl
from datetime import UTC, datetime

from assent.settings import Settings
from mail.inbound.imap import ImapConnection, SelectedMailbox
from mail.inbound.imap_errors import MailboxCommandRefused, MailboxError, MailboxUnreachable
from mail.inbound.mailbox_lock import RETRY_SECONDS, MailboxLock, mailbox_lock, wait_for_lock
from mail.inbound.notices import (
    mailbox_back_payload,
    mailbox_down_payload,
    outage_key,
    tell_every_business,
)
from mail.inbound.process import process_inbound, process_pending
from mail.inbound.storing import (
    advance,
    checkpoint,
    mailbox_key,
    message_id_of,
    record,
    stored_message_ids,
)
from mail.outbound.sender import Backoff
from models import InboundMessage, InboundStatus

log = logging.getLogger(__name__)
RECONNECT_BACKOFF = Backoff(base_seconds=1.0, cap_seconds=300.0)
PROBE_SECONDS = 1.0  # while backing off from an unreachable server, how often to knock


async def _answers(host: str, port: int) -> bool:
    """Whether something accepts TCP connections there again (no IMAP spoken)."""
    try:
        _, writer = await asyncio.wait_for(asyncio.open_connection(host, port), PROBE_SECONDS)
    except (OSError, TimeoutError):
        return False
    writer.close()
    with contextlib.suppress(OSError):
        await writer.wait_closed()
    return True


class MailboxBusy(MailboxError):
    """Another listener holds this mailbox."""


class MailboxListener:
    def __init__(
        self,
        settings: Settings,
        *,
        ssl_context: ssl.SSLContext | None = None,
        backoff: Backoff = RECONNECT_BACKOFF,
        failures_before_notice: int = 5,
        lock_retry_seconds: float = RETRY_SECONDS,
        rng: random.Random | None = None,
    ) -> None:
        self.settings = settings
        self.imap = settings.imap
        self.mailbox = mailbox_key(settings.imap)
        self._ssl_context = ssl_context
        self._backoff = backoff
        self._failures_before_notice = failures_before_notice
        self._lock_retry_seconds = lock_retry_seconds
        self._rng = rng or random.Random()
        self._failures = 0
        self._down_since: datetime | None = None
        self._last_error: Exception | None = None

    async def run_forever(self, stop: asyncio.Event) -> None:
        """Listen until `stop` is set; never raises for a mailbox or database failure."""
        while not stop.is_set():
            lock = mailbox_lock(self.settings.database.url, self.mailbox)
            if not await wait_for_lock(lock, self.mailbox, stop, self._lock_retry_seconds):
                return
            try:
                await self._listen(stop, lock)
            finally:
                await lock.release()

    async def run_once(self) -> int:
        """Record and process whatever is new, then log out; returns how many were fetched."""
        lock = mailbox_lock(self.settings.database.url, self.mailbox)
        if not await lock.try_acquire():
            raise MailboxBusy(f"{self.mailbox}: another listener holds it")
        try:
            connection = await ImapConnection.open(self.imap, self._ssl_context)
            try:
                selected = await connection.select()
                await self._finish_marks(connection, selected)
                return await self._catch_up(connection, selected)
            finally:
                await connection.close()
        finally:
            await lock.release()

    async def _listen(self, stop: asyncio.Event, lock: MailboxLock) -> None:
        while not stop.is_set() and lock.alive():
            try:
                await self._session(stop, lock)
            except MailboxError as error:
                await self._failed(error)
            except Exception as error:  # the database or a bug: logged, retried, never fatal
                log.exception("mailbox %s: listener cycle failed", self.mailbox)
                await self._failed(error)
            else:
                continue
            await self._pause(stop, probing=isinstance(self._last_error, MailboxUnreachable))
        if not lock.alive():
            log.warning("mailbox %s: lost the listener lock; queueing again", self.mailbox)

    async def _pause(self, stop: asyncio.Event, *, probing: bool) -> None:
        """Wait out the backoff before reconnecting. After an unreachable server a cheap TCP
        probe every PROBE_SECONDS ends the wait as soon as the port answers again, so a long
        backoff never keeps the listener away from a server that is back."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._backoff.delay(self._failures, self._rng)
        while not stop.is_set():
            remaining = deadline - loop.time()
            if remaining <= 0:
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), min(remaining, PROBE_SECONDS))
            if probing and await _answers(self.imap.host, self.imap.port):
                return

    async def _session(self, stop: asyncio.Event, lock: MailboxLock) -> None:
        connection = await ImapConnection.open(self.imap, self._ssl_context)
        try:
            selected = await connection.select()
            await self._connected(selected)
            await self._finish_marks(connection, selected)
            while not stop.is_set() and lock.alive():
                await self._catch_up(connection, selected)
                await connection.idle(self.imap.idle_renew_seconds, stop)
        finally:
            await connection.close()

    async def _catch_up(self, connection: ImapConnection, selected: SelectedMailbox) -> int:
        for row in await process_pending(self.settings):
            if (row.mailbox, row.uidvalidity) == (self.mailbox, selected.uidvalidity):
                await self._mark(connection, selected, row)
        fetched = 0
        last = await checkpoint(self.mailbox, selected.uidvalidity)
        if last is None:
            fetched += await self._resync(connection, selected)
            last = await checkpoint(self.mailbox, selected.uidvalidity)
        while True:
            uids = await connection.uids_from((last or 0) + 1)
            if not uids:
                return fetched
            for uid in uids:
                fetched += await self._take(connection, selected, uid)
            last = max(uids)  # each _take moved the checkpoint past its UID

    async def _finish_marks(self, connection: ImapConnection, selected: SelectedMailbox) -> None:
        """Flag (or move) messages whose row is finished but whose flag a crash interrupted:
        their UIDs lie behind the checkpoint, so no fetch reaches them again."""
        keyword = self.imap.processed_keyword if selected.keywords_allowed else ""
        last = await checkpoint(self.mailbox, selected.uidvalidity)
        if not last or not (keyword or self.imap.move_to):
            return
        uids = await connection.unmarked_up_to(last, keyword)
        done = (InboundStatus.PROCESSED, InboundStatus.SKIPPED)
        for start in range(0, len(uids), 500):
            for row in await InboundMessage.filter(
                mailbox=self.mailbox,
                uidvalidity=selected.uidvalidity,
                uid__in=uids[start : start + 500],
                status__in=done,
            ):
                await self._mark(connection, selected, row)

    async def _resync(self, connection: ImapConnection, selected: SelectedMailbox) -> int:
        """Unknown UIDVALIDITY: match messages by Message-ID, download only the unknown ones."""
        headers = await connection.message_id_headers()
        ids = {uid: message_id_of(block) for uid, block in headers.items()}
        known = await stored_message_ids(ids.values())
        log.info("mailbox %s: resync under UIDVALIDITY %s: %s messages, %s already recorded",
                 self.mailbox, selected.uidvalidity, len(ids),
                 sum(m in known for m in ids.values()))
        fetched = 0
        for uid in sorted(ids):
            if ids[uid] not in known:
                fetched += await self._take(connection, selected, uid)
        await advance(self.mailbox, selected.uidvalidity, max(ids, default=0))
        return fetched

    async def _take(self, connection: ImapConnection, selected: SelectedMailbox, uid: int) -> int:
        raw = await connection.fetch(uid)
        if raw is None:  # expunged between SEARCH and FETCH
            await advance(self.mailbox, selected.uidvalidity, uid)
            return 0
        row = await record(raw, mailbox=self.mailbox, uidvalidity=selected.uidvalidity, uid=uid)
        log.info("mailbox %s: uid %s recorded as inbound message %s (%s)", self.mailbox, uid,
                 row.id, row.message_id or "no Message-ID")
        if row.status == InboundStatus.RECEIVED:
            row = await process_inbound(row, self.settings)
        await self._mark(connection, selected, row)
        return 1

    async def _mark(
        self, connection: ImapConnection, selected: SelectedMailbox, row: InboundMessage
    ) -> None:
        if row.status not in (InboundStatus.PROCESSED, InboundStatus.SKIPPED) or row.uid is None:
            return
        keyword = self.imap.processed_keyword if selected.keywords_allowed else ""
        try:
            await connection.mark(row.uid, keyword=keyword, move_to=self.imap.move_to)
        except MailboxCommandRefused as refusal:  # e.g. moved away by a person meanwhile
            log.warning("mailbox %s: could not flag uid %s: %s", self.mailbox, row.uid, refusal)

    async def _connected(self, selected: SelectedMailbox) -> None:
        if self._failures:
            log.info("mailbox %s: reachable again after %s failures", self.mailbox,
                     self._failures)
        if self._down_since is not None and self._failures >= self._failures_before_notice:
            await tell_every_business(  # the owners heard it was down: now they hear it is back
                key=outage_key(self.mailbox, self._down_since, "back"), kind="mailbox_back",
                payload=mailbox_back_payload(self.mailbox),
            )
        log.info("mailbox %s: selected, UIDVALIDITY %s", self.mailbox, selected.uidvalidity)
        self._failures, self._down_since, self._last_error = 0, None, None

    async def _failed(self, error: Exception) -> None:
        self._failures += 1
        self._last_error = error
        self._down_since = self._down_since or datetime.now(UTC)
        log.warning("mailbox %s: %s: %s (failure %s in a row)", self.mailbox,
                    type(error).__name__, error, self._failures)
        if self._failures != self._failures_before_notice:
            return
        try:
            await tell_every_business(
                key=outage_key(self.mailbox, self._down_since), kind="mailbox_down",
                payload=mailbox_down_payload(self.mailbox, error),
            )
        except Exception:  # the database may be what is down; the log has it
            log.exception("mailbox %s: could not tell the owners about the outage", self.mailbox)
