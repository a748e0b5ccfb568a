"""Maps the Telegram account behind an update to an Assent user, creating it on first contact.

Only the person is resolved here. Which business they act for is decided by the engine from
memberships on every event, never from the chat the message came from.

The engine reads the user's row afresh in the first statement of every step, and a Telegram
account's user id never changes, so a process need not read the row before the engine as well:
`KnownUsers` keeps each account's row as the last step left it and hands out a copy. The copy
is stale only in what the engine overwrites at once; before the engine, just the language of a
short notice ("This button has expired") may lag a change made in another worker by one step.
The name follows Telegram's: an account whose name differs from the one kept is read and
renamed as on first contact.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

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


class KnownUsers:
    """Each account's user row as this process last saw it, at most `size` accounts."""

    def __init__(self, settings: BotSettings, size: int = 4096) -> None:
        self.settings = settings
        self.size = size
        self._rows: OrderedDict[int, dict[str, Any]] = OrderedDict()

    async def user(self, account: TelegramUser) -> User:
        """A User of its own for this update: from the kept row when the account is known and
        its name unchanged, else read (or created, or renamed) as on first contact."""
        row = self._rows.get(account.id)
        if row is not None and row["name"] == account.full_name[:NAME_LENGTH]:
            self._rows.move_to_end(account.id)
            return User._init_from_db(**row)
        user = await resolve_user(account, self.settings)
        self.remember(user)
        return user

    def remember(self, user: User) -> None:
        """Keep `user` as it stands now (after a step: as the engine read it)."""
        if user.telegram_id is None:
            return
        self._rows[user.telegram_id] = {
            column: getattr(user, name) for name, column in User._meta.fields_db_projection.items()
        }
        self._rows.move_to_end(user.telegram_id)
        while len(self._rows) > self.size:
            self._rows.popitem(last=False)

    def forget(self, telegram_id: int) -> None:
        """After a failed update: the next one reads the row again."""
        self._rows.pop(telegram_id, None)
