"""One turn of a chat: a user's event goes through the engine and its replies back to Telegram.

Every handler (messages, contacts, files, button presses) ends here, so the engine is called the
same way whatever the user did.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from telegram import Bot, Message
from telegram import User as TelegramUser
from telegram.constants import ChatAction
from telegram.error import TelegramError

from assent.settings import BotSettings
from bot.render import Target, send_replies
from bot.users import resolve_user
from flows.engine import Engine
from flows.events import Event
from models import User

CHANNEL = "telegram"
TYPING_AFTER = 1.0  # seconds of engine work before the user sees "typing…"
TYPING_EVERY = 4.5  # Telegram shows a chat action for about five seconds


class Conversation:
    """What the handlers share: the engine and the bot settings."""

    def __init__(self, engine: Engine, settings: BotSettings) -> None:
        self.engine = engine
        self.settings = settings

    async def user(self, account: TelegramUser) -> User:
        return await resolve_user(account, self.settings)

    async def turn(
        self, bot: Bot, chat_id: int, user: User, event: Event, pressed: Message | None = None
    ) -> None:
        """Advance the dialog by one event and show the replies; `pressed` is the message whose
        button was tapped, which an `edit` reply replaces."""
        async with typing_while_slow(bot, chat_id):
            replies = await self.engine.handle(CHANNEL, str(chat_id), user, event)
        # The engine may have switched or created the business; buttons belong to the new one.
        business_id = (
            await User.filter(id=user.id).first().values_list("current_business_id", flat=True)
        )
        target = Target(chat_id, user, business_id, pressed)
        await send_replies(bot, target, replies)


@contextlib.asynccontextmanager
async def typing_while_slow(bot: Bot, chat_id: int) -> AsyncIterator[None]:
    """Show "typing…" while the block runs, but only once it has taken noticeably long."""

    async def keep_typing() -> None:
        await asyncio.sleep(TYPING_AFTER)
        while True:
            with contextlib.suppress(TelegramError):
                await bot.send_chat_action(chat_id, ChatAction.TYPING)
            await asyncio.sleep(TYPING_EVERY)

    task = asyncio.create_task(keep_typing())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
