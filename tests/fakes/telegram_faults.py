"""Failures a test switches on — Telegram's flood limits, one-off errors, dropped connections —
so the bot's retry and back-off paths run against the real HTTP client."""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.fakes.telegram_errors import ApiError, too_many_requests

RATE_LIMITED_METHODS = frozenset({"sendMessage", "sendDocument", "sendPhoto"})
DROP = "drop"


@dataclass
class _RateLimits:
    per_chat: int
    overall: int
    clock: Callable[[], float] = time.monotonic  # a test may pass a clock it moves itself

    def __post_init__(self) -> None:
        self.sent: deque[float] = deque()
        self.sent_by_chat: dict[Any, deque[float]] = {}

    def retry_after(self, chat_id: Any) -> int | None:
        """Seconds to wait if this send would exceed a limit over the last second; else record
        the send and return None."""
        moment = self.clock()
        by_chat = self.sent_by_chat.setdefault(chat_id, deque())
        for window in (self.sent, by_chat):
            while window and window[0] <= moment - 1:
                window.popleft()
        for window, limit in ((by_chat, self.per_chat), (self.sent, self.overall)):
            if len(window) >= limit:
                return max(1, math.ceil(window[0] + 1 - moment))
        self.sent.append(moment)
        by_chat.append(moment)
        return None


class FaultInjection:
    """Mixed into the fake server: decides, before a method runs, whether it fails."""

    def __init__(self) -> None:
        self._limits: _RateLimits | None = None
        self._failures: dict[str, deque[ApiError]] = {}
        self._drops: dict[str, int] = {}
        self._stalls: dict[str, deque[asyncio.Event]] = {}

    def enforce_rate_limits(
        self,
        per_chat_per_sec: int = 1,
        global_per_sec: int = 30,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Answer sends beyond these rates with 429 and retry_after, as Telegram's flood control;
        `clock` lets a test decide what "the same second" is, whatever the machine's speed."""
        self._limits = _RateLimits(per_chat_per_sec, global_per_sec, clock)

    def disable_rate_limits(self) -> None:
        self._limits = None

    def fail_next(
        self, method: str, error_code: int = 429, *, retry_after: int | None = None,
        description: str | None = None,
    ) -> None:
        """Make the next call of ``method`` fail once with this error (queued: call it twice to
        fail twice). A 429 defaults to retry_after=1."""
        if error_code == 429:
            retry_after = retry_after or 1
            error = too_many_requests(retry_after)
            if description:
                error.description = description
        else:
            error = ApiError(error_code, description or f"Error {error_code}", retry_after)
        self._failures.setdefault(method.lower(), deque()).append(error)

    def fail_network(self, method: str, times: int = 1) -> None:
        """Close the connection without an answer on the next ``times`` calls of ``method``."""
        self._drops[method.lower()] = self._drops.get(method.lower(), 0) + times

    def stall_next(self, method: str) -> asyncio.Event:
        """Leave the next call of ``method`` unanswered until the returned event is set, then
        close its connection without running it: a bot stuck mid-request (killed, or stopped)."""
        release = asyncio.Event()
        self._stalls.setdefault(method.lower(), deque()).append(release)
        return release

    def fault_for(
        self, method: str, params: dict[str, Any]
    ) -> ApiError | asyncio.Event | str | None:
        """DROP, an error to answer with, a stall to wait out before dropping, or None to run
        the method."""
        key = method.lower()
        if self._stalls.get(key):
            return self._stalls[key].popleft()
        if self._drops.get(key):
            self._drops[key] -= 1
            return DROP
        if self._failures.get(key):
            return self._failures[key].popleft()
        if self._limits and method in RATE_LIMITED_METHODS:
            retry_after = self._limits.retry_after(params.get("chat_id"))
            if retry_after is not None:
                return too_many_requests(retry_after)
        return None
