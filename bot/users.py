"""Maps the Telegram account behind an update to an Assent user, creating it on first contact.

Only the person is resolved here. Which business they act for is decided by the engine from
memberships on every event, never from the chat the message came from.
"""

from __future__ import annotations

from telegram import User as TelegramUser
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from assent.settings import BotSettings
from bot.language import language_for
from models import User

NAME_LENGTH = 200


async def resolve_user(account: TelegramUser, settings: BotSettings) -> User:
    """The user for this account; the language is chosen once, the name follows Telegram's."""
    name = account.full_name[:NAME_LENGTH]
    user = await User.get_or_none(telegram_id=account.id)
    if user is None:
        language = language_for(account.language_code, settings.default_language)
        try:
            async with in_transaction():
                return await User.create(telegram_id=account.id, name=name, language=language)
        except IntegrityError:  # the same person's other update created it a moment ago
            user = await User.get(telegram_id=account.id)
    if user.name != name:
        user.name = name
        await user.save(update_fields=["name"])
    return user
