"""The engine marks the work that takes seconds — rendering PDFs — so a chat shows "typing…"
then and only then (bot/conversation.py passes `slow`); a plain step never enters it."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import AsyncIterator

from assent.settings import Settings
from tests.chat import Chat
from tests.test_flow_onboarding import setup_business


async def test_only_pdf_rendering_is_wrapped_as_slow_work(db: str) -> None:
    chat = await Chat.open(Settings())
    await setup_business(chat)
    entered: list[str] = []

    @contextlib.asynccontextmanager
    async def slow() -> AsyncIterator[None]:
        entered.append("enter")
        yield

    chat.engine.handle = functools.partial(chat.engine.handle, slow=slow)  # type: ignore[method-assign]
    await chat.register_jane()
    await chat.say("/clients")
    assert entered == []
    await chat.write_document("/newinvoice Jane", "Logo @ 100", "Issue")
    assert entered == ["enter"]
    assert any(reply.document is not None for reply in chat.replies)
