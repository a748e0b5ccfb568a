"""Telegram updates → engine events: one short handler per kind of message, wired in one place.

Only private chats are served: replies show a business's clients, which a group must not see.
Edited messages are ignored, so correcting an old answer never replays it as a new one.
"""

from __future__ import annotations

import contextlib
import logging

from telegram import Update
from telegram.constants import FileSizeLimit
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.callbacks import Buttons
from bot.conversation import Conversation
from bot.language import t
from flows.events import ContactCard, Event, EventKind, FileUpload
from models import User

log = logging.getLogger(__name__)

MAX_DOWNLOAD = FileSizeLimit.FILESIZE_DOWNLOAD  # what the Bot API lets a bot download
TOO_BIG = "file is too big"


def vcard_email(vcard: str | None) -> str:
    """The first EMAIL of a forwarded contact card's vCard, if it has one."""
    for line in (vcard or "").splitlines():
        name, _, value = line.partition(":")
        if name.split(";", 1)[0].strip().upper() == "EMAIL" and value.strip():
            return value.strip()
    return ""


class Messages:
    def __init__(self, conversation: Conversation) -> None:
        self.conversation = conversation

    async def text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Typed answers and /commands alike; the engine tells them apart."""
        message = update.effective_message
        user = await self.conversation.user(update.effective_user)
        await self.conversation.turn(
            context.bot, message.chat_id, user, Event.from_text(message.text)
        )

    async def contact(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The user's own number (the share button) or a forwarded contact card."""
        message = update.effective_message
        shared = message.contact
        card = ContactCard(
            phone=shared.phone_number,
            first_name=shared.first_name or "",
            last_name=shared.last_name or "",
            email=vcard_email(shared.vcard),
            vcard=shared.vcard or "",
        )
        user = await self.conversation.user(update.effective_user)
        await self.conversation.turn(
            context.bot, message.chat_id, user, Event(EventKind.CONTACT, contact=card)
        )

    async def file(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A document or a photo: downloaded (bots may fetch up to 20 MB) and handed over."""
        message = update.effective_message
        user = await self.conversation.user(update.effective_user)
        too_big = t(user.language, "That file is too big for me: I can take files up to 20 MB.")
        if message.document is not None:
            sent = message.document
            filename = sent.file_name or "file"
            mime_type = sent.mime_type or "application/octet-stream"
        else:
            sent = message.photo[-1]  # the largest size Telegram made
            filename, mime_type = f"photo-{message.date:%Y%m%d-%H%M%S}.jpg", "image/jpeg"
        if (sent.file_size or 0) > MAX_DOWNLOAD:
            await message.reply_text(too_big)
            return
        try:
            data = bytes(await (await sent.get_file()).download_as_bytearray())
        except BadRequest as error:
            if TOO_BIG not in error.message.lower():
                raise
            await message.reply_text(too_big)
            return
        upload = FileUpload(filename=filename, mime_type=mime_type, data=data)
        await self.conversation.turn(
            context.bot, message.chat_id, user, Event(EventKind.FILE, file=upload)
        )

    async def unsupported(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Stickers, voice, locations…: say what works instead of staying silent."""
        user = await self.conversation.user(update.effective_user)
        await update.effective_message.reply_text(
            t(user.language, "I can read text, contact cards, files and photos.")
        )


class Failures:
    """The one error handler: log with ids, tell the user; the engine's transaction already kept
    the dialog as it was before the failed event."""

    def __init__(self, conversation: Conversation) -> None:
        self.conversation = conversation

    async def report(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        log.error(
            "update %s in chat %s failed",
            update.update_id if isinstance(update, Update) else None,
            chat.id if chat else None,
            exc_info=context.error,
        )
        if isinstance(update, Update) and update.effective_user is not None:
            self.conversation.users.forget(update.effective_user.id)
        if chat is None:
            return
        language = await self._language(update)
        with contextlib.suppress(TelegramError):
            if update.callback_query:
                await update.callback_query.answer()
        with contextlib.suppress(TelegramError):
            await context.bot.send_message(
                chat.id,
                t(
                    language,
                    "Something went wrong; your answers so far are kept. Please try again.",
                ),
            )

    async def _language(self, update: Update) -> str:
        default = self.conversation.settings.default_language
        account = update.effective_user
        if account is None:
            return default
        try:
            user = await User.get_or_none(telegram_id=account.id)
        except Exception:  # the failure may be the database itself
            log.warning("chat %s: no language for the error message", update.effective_chat.id)
            return default
        return user.language if user else default


def add_handlers(application: Application, conversation: Conversation) -> None:
    messages = Messages(conversation)
    private = filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE
    application.add_handler(CallbackQueryHandler(Buttons(conversation).pressed))
    application.add_handler(MessageHandler(private & filters.TEXT, messages.text))
    application.add_handler(MessageHandler(private & filters.CONTACT, messages.contact))
    application.add_handler(
        MessageHandler(private & (filters.Document.ALL | filters.PHOTO), messages.file)
    )
    application.add_handler(
        MessageHandler(private & ~filters.StatusUpdate.ALL, messages.unsupported)
    )
    application.add_error_handler(Failures(conversation).report)
