"""Independent reads sent at once, so a caller waits on one database round trip, not several.

On PostgreSQL each read takes a connection of its own from the pool and they run in parallel;
on SQLite, or inside a transaction (one connection, its queries queued behind a lock), they run
one after another exactly as awaited in turn would.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any


async def read_together(*reads: Awaitable[Any]) -> list[Any]:
    """The results in order. Every read has ended before a failure is raised (the first in
    order), so none is left running on a transaction that is being rolled back."""
    results = await asyncio.gather(*reads, return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results


async def known(value: Any) -> Any:
    """A value already in hand, in a place where `read_together` takes a read."""
    return value
