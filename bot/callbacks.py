"""Button presses: a token that is honoured becomes a choice event; any other does nothing.

An unknown, expired or forged token, a token issued to someone else, or one for a business the
user has left gets only a short "This button has expired" notice on the user's screen; the
engine is not called and the dialog is untouched.
"""

from __future__ import annotations

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot.conversation import Conversation
from bot.language import t
from bot.tokens import redeem
from flows.events import Event


class Buttons:
    def __init__(self, conversation: Conversation) -> None:
        self.conversation = conversation

    async def pressed(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Answer the query at once (the button stops spinning), then run the choice."""
        query = update.callback_query
        user = await self.conversation.user(query.from_user)
        pressed_button = await redeem(query.data, user)
        if pressed_button is None or query.message is None:  # no message: an inline-mode button
            await query.answer(t(user.language, "This button has expired."))
            return
        await query.answer()
        # Messages older than 48 hours arrive inaccessible: the choice still counts, but the
        # message can no longer be edited.
        pressed = query.message if isinstance(query.message, Message) else None
        await self.conversation.turn(
            context.bot,
            query.message.chat.id,
            user,
            Event.chosen(pressed_button.value, verified=True, offer=pressed_button.offer),
            pressed=pressed,
        )
