"""Shows the engine's replies in a Telegram chat: escaped text, opaque buttons, edits and files.

The flows write plain text, so everything the user reads is HTML-escaped before it is sent with
the HTML parse mode: a client called "<b>Tom & Jerry</b>" appears exactly like that. Button
labels are not parsed by Telegram and go out as they are. A button carries only a short random
token; the value it stands for stays in the database (see bot/tokens.py).
"""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)
from telegram.constants import ChatAction, MessageLimit, ParseMode
from telegram.error import BadRequest

from bot.language import t
from bot.tokens import issue_tokens
from flows.replies import Reply
from models import User

log = logging.getLogger(__name__)

MAX_TEXT = MessageLimit.MAX_TEXT_LENGTH
MAX_CAPTION = MessageLimit.CAPTION_LENGTH
NOT_MODIFIED = "message is not modified"
# What Telegram shows inline with sendPhoto (it recompresses; PDFs and the rest stay documents).
PHOTO_TYPES = frozenset({"image/png", "image/jpeg"})
# A file this large takes a noticeable moment to upload, so the chat says "sending a file…"
# first. A smaller one (an invoice PDF is tens of kB) would arrive before the status showed,
# and the extra Bot API call only delays it: an accepted proposal's invoice waits on it.
SLOW_UPLOAD_BYTES = 1 << 20


@dataclass
class Target:
    """Where replies go, on whose behalf buttons are issued, and the message whose button was
    pressed (the one an `edit` reply replaces)."""

    chat_id: int
    user: User
    business_id: int | None
    pressed: Message | None = None


def utf16_len(text: str) -> int:
    """Telegram counts message length in UTF-16 code units (an emoji counts two)."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Cut a long text into messages at line breaks; a single overlong line is cut where it must."""
    chunks: list[str] = []
    lines: list[str] = []
    size = 0
    for line in text.split("\n"):
        for piece in _hard_wrap(line, limit):
            cost = utf16_len(piece) + (1 if lines else 0)
            if lines and size + cost > limit:
                chunks.append("\n".join(lines))
                lines, size, cost = [], 0, utf16_len(piece)
            lines.append(piece)
            size += cost
    chunks.append("\n".join(lines))
    return [chunk for chunk in chunks if chunk.strip()]


def _hard_wrap(line: str, limit: int) -> list[str]:
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        width = utf16_len(char)
        if size + width > limit:
            pieces.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += width
    pieces.append("".join(current))
    return pieces


async def keyboard(reply: Reply, target: Target) -> InlineKeyboardMarkup | None:
    """The reply's choices as inline buttons in `columns` per row, each behind a fresh token."""
    if not reply.choices:
        return None
    tokens = await issue_tokens(
        target.user.id,
        target.business_id,
        [choice.value for choice in reply.choices],
        reply.offer,
    )
    buttons = [
        InlineKeyboardButton(choice.label, callback_data=token)
        for choice, token in zip(reply.choices, tokens, strict=True)
    ]
    columns = max(reply.columns, 1)
    return InlineKeyboardMarkup([buttons[i : i + columns] for i in range(0, len(buttons), columns)])


def contact_keyboard(language: str) -> ReplyKeyboardMarkup:
    button = KeyboardButton(t(language, "📱 Share my phone number"), request_contact=True)
    return ReplyKeyboardMarkup([[button]], one_time_keyboard=True, resize_keyboard=True)


async def send_replies(bot: Bot, target: Target, replies: Sequence[Reply]) -> None:
    """Show replies in order; the first `edit` reply after a button press replaces that message."""
    editable = target.pressed
    for reply in replies:
        markup = await keyboard(reply, target)
        if reply.edit and editable is not None and await _edit(bot, editable, reply, markup):
            editable = None
        else:
            await _send(bot, target, reply, markup)
        if reply.typing:
            await bot.send_chat_action(target.chat_id, ChatAction.TYPING)


async def _edit(
    bot: Bot, message: Message, reply: Reply, markup: InlineKeyboardMarkup | None
) -> bool:
    """Replace the pressed message's text and buttons; False when it has to be a new message."""
    if reply.document is not None or reply.ask_contact or len(split_text(reply.text)) != 1:
        return False
    try:
        await bot.edit_message_text(
            html.escape(reply.text),
            chat_id=message.chat_id,
            message_id=message.message_id,
            parse_mode=ParseMode.HTML,
            reply_markup=markup,
        )
    except BadRequest as error:
        if NOT_MODIFIED in error.message.lower():
            return True
        log.info(
            "chat %s: edit of message %s refused (%s); sending a new one",
            message.chat_id,
            message.message_id,
            error.message,
        )
        return False
    return True


async def _send(
    bot: Bot, target: Target, reply: Reply, markup: InlineKeyboardMarkup | None
) -> None:
    text = reply.text if reply.text.strip() else ""
    caption = text if reply.document is not None and utf16_len(text) <= MAX_CAPTION else ""
    chunks = split_text(text) if text and not caption else []
    contact = contact_keyboard(target.user.language) if reply.ask_contact else None
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1 and reply.document is None
        # One message holds one keyboard: inline buttons win; the contact button gets its own.
        await bot.send_message(
            target.chat_id,
            html.escape(chunk),
            parse_mode=ParseMode.HTML,
            reply_markup=(markup or contact) if last else None,
        )
    if reply.document is not None:
        await _send_file(bot, target, reply, html.escape(caption) or None, markup or contact)
    if markup is not None and contact is not None:
        await bot.send_message(
            target.chat_id,
            html.escape(t(target.user.language, "Or share your number:")),
            parse_mode=ParseMode.HTML,
            reply_markup=contact,
        )


async def _send_file(
    bot: Bot,
    target: Target,
    reply: Reply,
    caption: str | None,
    markup: InlineKeyboardMarkup | ReplyKeyboardMarkup | None,
) -> None:
    """An image (the /report chart) is shown inline as a photo; anything else is a file."""
    assert reply.document is not None
    upload = InputFile(reply.document.data, filename=reply.document.filename)
    slow = len(reply.document.data) >= SLOW_UPLOAD_BYTES
    if reply.document.mime_type in PHOTO_TYPES:
        if slow:
            await bot.send_chat_action(target.chat_id, ChatAction.UPLOAD_PHOTO)
        await bot.send_photo(
            target.chat_id, upload, caption=caption, parse_mode=ParseMode.HTML,
            reply_markup=markup,
        )
        return
    if slow:
        await bot.send_chat_action(target.chat_id, ChatAction.UPLOAD_DOCUMENT)
    await bot.send_document(
        target.chat_id, upload, caption=caption, parse_mode=ParseMode.HTML, reply_markup=markup
    )
