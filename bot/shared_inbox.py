"""Webhook updates shared by every bot worker on PostgreSQL: stored first, run in chat order.

Behind one webhook URL, consecutive updates of one chat may reach different workers. An
in-process lock cannot order them, so the order lives in the database:

- the worker that receives an update stores it (idempotent on update_id: Telegram re-delivers)
  before answering 200, then tries to run the chat;
- running a chat means, per update, one transaction that takes the chat's advisory transaction
  lock, picks the chat's oldest stored update, runs it through the PTB handlers (whose queries,
  the dialog step included, join this transaction) and marks it done. Replies are sent while the
  lock is held, so they go out in commit order; an update whose predecessor is still running
  waits in the table until the lock holder (which reads the next row before letting go) or a
  later pass runs it;
- a worker that dies mid-update loses its connection, so PostgreSQL rolls the step back and
  frees the lock; a worker that stops answering while holding it is cut off by
  idle_in_transaction_session_timeout (the lease). Either way the update is still pending, and
  every worker's sweep runs pending updates nobody has started for STALE_SECONDS;
- each run is counted before it starts, outside the step's transaction, so a run that kills its
  worker still counts. An update that has killed MAX_ATTEMPTS runs is not tried again: it is
  marked done and the user is told (the error handler), so the chat's next updates can run.

On SQLite (one process by definition) none of this runs: bot/ordering.py orders in memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from typing import Any

from telegram import Update
from telegram.ext import Application
from tortoise import Tortoise
from tortoise.transactions import in_transaction

from bot.ordering import chat_key

log = logging.getLogger(__name__)

LEASE = "30s"  # a step idle in its transaction longer than this has its worker cut off
STALE_SECONDS = 2.0  # a stored update nobody has started for this long is taken by the sweep
SWEEP_SECONDS = 1.0
PURGE_EVERY_SECONDS = 3600.0
MAX_ATTEMPTS = 3
KEEP_DONE = "2 days"  # longer than Telegram keeps re-delivering an update
SPARE_CONNECTIONS = 2  # pooled connections a worker keeps free: webhook inserts, the senders

INSERT = (
    "INSERT INTO telegram_update (update_id, chat_key, payload, received_at)"
    " VALUES ($1, $2, $3, now()) ON CONFLICT (update_id) DO NOTHING"
)
TAKE_TURN = (
    "SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS mine,"
    " set_config('idle_in_transaction_session_timeout', $2, true)"
)
NEXT = (
    "SELECT id, payload, attempts FROM telegram_update WHERE chat_key = $1 AND done_at IS NULL"
    " ORDER BY update_id LIMIT 1"
)
DONE = "UPDATE telegram_update SET done_at = now() WHERE id = $1"
ATTEMPT = "UPDATE telegram_update SET attempts = attempts + 1 WHERE id = $1"
PENDING = "SELECT 1 FROM telegram_update WHERE chat_key = $1 AND done_at IS NULL LIMIT 1"
STALE = (
    "SELECT DISTINCT chat_key FROM telegram_update WHERE done_at IS NULL"
    " AND received_at < now() - make_interval(secs => $1)"
)
PURGE = f"DELETE FROM telegram_update WHERE done_at < now() - interval '{KEEP_DONE}'"


class StepFailed(Exception):
    """The step's transaction could not record it done (a handler's query aborted it)."""

    def __init__(self, row_id: int) -> None:
        super().__init__(row_id)
        self.row_id = row_id


class UpdateKeptFailing(Exception):
    """An update whose runs ended MAX_ATTEMPTS times without finishing (its worker died)."""


class SharedInbox:
    """The webhook inbox of a worker on PostgreSQL; `application` is set while the bot runs."""

    def __init__(self, max_running: int | None = None) -> None:
        self.application: Application | None = None
        self._max_running = max_running
        self._running: asyncio.Semaphore | None = None
        self._draining: set[str] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._stopping = False

    async def deliver(self, data: dict[str, Any]) -> bool:
        """Store one update, then start its chat; False while the bot is not running."""
        application = self.application
        if application is None or not application.running or self._stopping:
            return False
        update = Update.de_json(data, application.bot)
        ordered_by = chat_key(update)
        key = str(ordered_by) if ordered_by is not None else f"update:{update.update_id}"
        await _connection().execute_query(INSERT, [update.update_id, key, json.dumps(data)])
        self._start(key)
        return True

    async def run(self, stop: asyncio.Event) -> None:
        """The sweep: run stored updates nobody started (their worker died or was busy)."""
        purged = time.monotonic()
        while not stop.is_set():
            try:
                for row in await _connection().execute_query_dict(STALE, [STALE_SECONDS]):
                    self._start(row["chat_key"])
                if time.monotonic() - purged > PURGE_EVERY_SECONDS:
                    await _connection().execute_query(PURGE)
                    purged = time.monotonic()
            except Exception:  # the database may be away for a moment; the next sweep retries
                log.exception("sweeping stored webhook updates failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), SWEEP_SECONDS)
        self._stopping = True
        if self._tasks:
            await asyncio.wait(self._tasks)

    def _start(self, key: str) -> None:
        if key in self._draining:  # the running pass reads the next row before it lets go
            return
        self._draining.add(key)
        task = asyncio.create_task(self._drain(key), name=f"chat {key}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _drain(self, key: str) -> None:
        try:
            # After a pass that held the turn, look once more: an update stored while its
            # worker found the turn taken (by this pass) is this pass's to run.
            while not self._stopping and await self._pass(key) and await _pending(key):
                pass
        except Exception:
            log.exception("chat %s: running stored updates failed; the sweep retries", key)
        finally:
            self._draining.discard(key)

    async def _pass(self, key: str) -> bool:
        """Run the chat's stored updates in order; False if another worker has its turn."""
        if self._running is None:
            self._running = asyncio.Semaphore(self._max_running or _running_slots())
        async with self._running:
            while not self._stopping:
                try:
                    ran = await self._step(key)
                except StepFailed as failed:
                    log.warning("chat %s: stored update %s failed; not run again", key,
                                failed.row_id)
                    await _mark_done(failed.row_id)
                    continue
                if ran is None:
                    return True
                if not ran:
                    return False
        return True

    async def _step(self, key: str) -> bool | None:
        """One update in one transaction: True when run, False when not our turn, None when
        the chat has nothing pending."""
        application = self.application
        if application is None:
            return False
        pool = _connection()  # outside the transaction: what it writes survives a rollback
        async with in_transaction() as tx:
            turn = await tx.execute_query_dict(TAKE_TURN, [key, LEASE])
            if not turn[0]["mine"]:
                return False
            rows = await tx.execute_query_dict(NEXT, [key])
            if not rows:
                return None
            row_id, payload = rows[0]["id"], rows[0]["payload"]
            data = json.loads(payload) if isinstance(payload, str) else payload
            update = Update.de_json(data, application.bot)
            if rows[0]["attempts"] >= MAX_ATTEMPTS:
                log.error("chat %s: stored update %s ended %d runs unfinished; given up",
                          key, update.update_id, rows[0]["attempts"])
                await tx.execute_query(DONE, [row_id])
                await application.process_error(update, UpdateKeptFailing(update.update_id))
                return True
            await pool.execute_query(ATTEMPT, [row_id])
            await application.process_update(update)
            try:
                await tx.execute_query(DONE, [row_id])
            except Exception as error:
                raise StepFailed(row_id) from error
        return True


async def _pending(key: str) -> bool:
    return bool(await _connection().execute_query_dict(PENDING, [key]))


async def _mark_done(row_id: int) -> None:
    """A failed step already told the user (bot/handlers.py Failures); it is not re-run."""
    await _connection().execute_query(DONE, [row_id])


def _running_slots() -> int:
    """A step holds a pooled connection for its transaction; if steps took them all, the
    webhook could not store the next update and Telegram's posts would queue behind them."""
    pool_size = getattr(_connection(), "pool_maxsize", 5)  # the URL's ?maxsize=
    return max(1, pool_size - SPARE_CONNECTIONS)


def _connection() -> Any:
    return Tortoise.get_connection("postgres")
