"""The contract between the engine and a dialog: start, take one event, say what comes next."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from flows.context import Context
from flows.events import Event
from flows.replies import Reply


def N_(message: str) -> str:
    """Mark a msgid for extraction where it is translated later, at display time."""
    return message


@dataclass
class Outcome:
    """Replies to show, the flow's new private state (None: dialog over), and what follows."""

    replies: list[Reply]
    state: dict[str, Any] | None = None
    # Start another flow right after this one (e.g. "Save & new", or a card's "Edit" action),
    # with its command arguments and values carried over (the categories of the last client).
    then: tuple[str, str] | None = None
    carry: dict[str, Any] = field(default_factory=dict)


class Flow(Protocol):
    name: str

    async def start(
        self, ctx: Context, args: str, event: Event | None, carry: dict[str, Any]
    ) -> Outcome: ...

    async def handle(self, ctx: Context, state: dict[str, Any], event: Event) -> Outcome: ...

    def help(self, ctx: Context, state: dict[str, Any]) -> str: ...
