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
from bot.users import KnownUsers
from flows.engine import Engine
from flows.events import Event
from models import User

CHANNEL = "telegram"
TYPING_EVERY = 4.5  # Telegram shows a chat action for about five seconds


class Conversation:
    """What the handlers share: the engine, the bot settings and the users this process knows."""

    def __init__(self, engine: Engine, settings: BotSettings) -> None:
        self.engine = engine
        self.settings = settings
        self.users = KnownUsers(settings)

    async def user(self, account: TelegramUser) -> User:
        return await self.users.user(account)

    async def turn(
        self, bot: Bot, chat_id: int, user: User, event: Event, pressed: Message | None = None
    ) -> None:
        """Advance the dialog by one event and show the replies; `pressed` is the message whose
        button was tapped, which an `edit` reply replaces."""
        replies = await self.engine.handle(
            CHANNEL, str(chat_id), user, event, slow=lambda: typing(bot, chat_id)
        )
        self.users.remember(user)  # as the engine read it: the next update needs no read
        # The engine keeps `user` as stored: if it switched or created the business, buttons
        # belong to the new one.
        target = Target(chat_id, user, user.current_business_id, pressed)
        await send_replies(bot, target, replies)


@contextlib.asynccontextmanager
async def typing(bot: Bot, chat_id: int) -> AsyncIterator[None]:
    """Show "typing…" while the block runs: the engine wraps only slow work in it (rendering a
    PDF, reading a photo). Every other step answers within moments, and a chat action for each
    would double the Bot API calls under load (and count against Telegram's limits)."""

    async def keep_typing() -> None:
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
