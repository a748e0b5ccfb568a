"""Timestamps of the steps between a reply's arrival and its PDF in chat, taken by hooks.

`StageClock.install()` wraps the few functions that mark a step (IMAP IDLE return and FETCH,
the processing of the stored row, the acceptance's commit, the notification sender's round,
the PDF render) so each call notes `time.monotonic()` when it starts or ends. The bench reads
the first mark of each step after a reply was APPENDed; the code under test is not changed.
"""

from __future__ import annotations

import contextlib
import functools
import time
from collections.abc import Callable, Iterator
from typing import Any

import bot.notifications
import mail.inbound.act
import mail.inbound.listener
from billing.pdf.pool import PdfRenderPool
from mail.inbound.imap import ImapConnection

# (label, owner, attribute, when): the mark is taken at the call's "start" or "end".
HOOKS: tuple[tuple[str, Any, str, str], ...] = (
    ("IDLE returned", ImapConnection, "idle", "end"),
    ("fetched", ImapConnection, "fetch", "end"),
    ("understanding", mail.inbound.listener, "process_inbound", "start"),
    ("invoice committed", mail.inbound.act, "accept_proposal", "end"),
    ("sender round", bot.notifications.NotificationSender, "deliver_due", "start"),
    ("PDF render start", PdfRenderPool, "_run", "start"),
    ("PDF rendered", PdfRenderPool, "_run", "end"),
)


class StageClock:
    def __init__(self) -> None:
        self.marks: list[tuple[str, float]] = []

    def _wrap(self, label: str, function: Callable[..., Any], when: str) -> Callable[..., Any]:
        @functools.wraps(function)
        async def marked(*args: Any, **kwargs: Any) -> Any:
            if when == "start":
                self.marks.append((label, time.monotonic()))
            result = await function(*args, **kwargs)
            if when == "end":
                self.marks.append((label, time.monotonic()))
            return result

        return marked

    @contextlib.contextmanager
    def installed(self) -> Iterator[StageClock]:
        saved = [(owner, name, getattr(owner, name)) for _, owner, name, _ in HOOKS]
        for label, owner, name, when in HOOKS:
            setattr(owner, name, self._wrap(label, getattr(owner, name), when))
        try:
            yield self
        finally:
            for owner, name, original in reversed(saved):
                setattr(owner, name, original)

    def first_after(self, label: str, moment: float) -> float | None:
        """The first mark of `label` at or after `moment` (None when it never came)."""
        return next((at for name, at in self.marks if name == label and at >= moment), None)
