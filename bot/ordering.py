"""Updates of one chat run strictly one after another; different chats run side by side.

A person who types two answers quickly must have them applied in the order typed, while fifty
other owners should not wait behind them. PTB's own processors offer only "all concurrent" or
"all sequential". PTB holds its semaphore for the whole of `do_process_update`, including the
wait for a chat's turn, so that semaphore only bounds how many updates may be waiting; the
number actually running is bounded separately, and only once an update's turn has come, so a
slow or flooding chat cannot fill the running slots with updates that are merely queued.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

MAX_RUNNING = 64
MAX_WAITING = 4096


class _ChatQueue:
    """A FIFO lock (asyncio.Lock wakes waiters in order) and how many updates hold or want it."""

    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0


class ChatOrderedProcessor(BaseUpdateProcessor):
    def __init__(self, max_running: int = MAX_RUNNING, max_waiting: int = MAX_WAITING) -> None:
        super().__init__(max_concurrent_updates=max(max_waiting, max_running))
        self.max_running = max_running
        self._running = asyncio.Semaphore(max_running)
        self._chats: dict[object, _ChatQueue] = {}

    @property
    def chats_in_flight(self) -> int:
        """Chats with an update running or waiting; entries go away when a chat falls quiet."""
        return len(self._chats)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = chat_key(update)
        if key is None:  # nothing to order it against (e.g. a poll update)
            async with self._running:
                await coroutine
            return
        queue = self._chats.setdefault(key, _ChatQueue())
        queue.users += 1
        try:
            async with queue.lock, self._running:
                await coroutine
        finally:
            queue.users -= 1
            if queue.users == 0:
                del self._chats[key]

    async def initialize(self) -> None:
        """Nothing to allocate: locks are made on demand."""

    async def shutdown(self) -> None:
        """Nothing to free: the application waits for pending updates before it shuts down."""


def chat_key(update: object) -> object | None:
    """What orders updates: the chat, else the user; None for updates of neither."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    return ("user", update.effective_user.id) if update.effective_user else None
