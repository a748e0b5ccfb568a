"""The anchor of the dialog benchmark: python-telegram-bot's own ConversationHandler doing what
Assent does when an owner registers a client by quick add, with the dialog in memory and no
database — the same messages, texts and buttons, on the same fake Bot API and update processor.
What Assent costs beyond it is its own work (the database, the flows, the button tokens).
"""

from __future__ import annotations

import html
import warnings

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
)
from telegram.warnings import PTBUserWarning

from bot.ordering import ChatOrderedProcessor
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_ptb import builder_for

CONFIRM = 0
CHECK = ("Save", "Save & new", "Edit…")
SAVED = ("Open card", "New client", "All clients")


def _buttons(labels: tuple[str, ...], prefix: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=f"{prefix}{n}") for n, label in
          enumerate(labels)]]
    )


async def _send(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    await update.effective_chat.send_message(
        html.escape(text), parse_mode=ParseMode.HTML, reply_markup=markup
    )


async def _new_client(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """`/newclient Name, email, phone` → the three messages Assent sends, the last with buttons."""
    name, email, phone = (part.strip() for part in " ".join(context.args).split(","))
    phone = phone.replace(" ", "")
    context.user_data["client"] = name
    await _send(update, "New client")
    await _send(update, "Here is what I read from your message.")
    summary = (
        f"Please check:\n• Type: Person\n• Name: {name}\n• Email: {email}\n• Phone: {phone}"
    )
    await _send(update, summary, _buttons(CHECK, "f:"))
    return CONFIRM


async def _save(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    query = update.callback_query
    await query.answer()
    await _send(update, f"Saved client {context.user_data['client']}.", _buttons(SAVED, "go:"))
    return ConversationHandler.END


def anchor_application(fake: FakeTelegram) -> Application:
    application = builder_for(fake).concurrent_updates(ChatOrderedProcessor()).build()
    with warnings.catch_warnings():  # per_message=False with a CallbackQueryHandler is meant
        warnings.simplefilter("ignore", PTBUserWarning)
        handler = ConversationHandler(
            entry_points=[CommandHandler("newclient", _new_client)],
            states={CONFIRM: [CallbackQueryHandler(_save, pattern="^f:0$")]},
            fallbacks=[],
        )
    application.add_handler(handler)
    return application
