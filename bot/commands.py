"""The command menu Telegram shows next to the text box, in each language the bot speaks.

Telegram picks the list by the user's app language; users of other languages get the default
list, written in the deployment's default language.
"""

from __future__ import annotations

from telegram import Bot, BotCommand

from bot.language import t
from flows.engine import HELP_LINES
from flows.flow import N_
from flows.validators import BOT_LANGUAGES

# Lists without a short text of their own say in the menu what /help says of them.
_HELP = dict(HELP_LINES)

COMMANDS = (
    ("start", N_("start or go back to the menu")),
    ("newclient", N_("register a client")),
    ("clients", N_("find, view and edit clients")),
    ("categories", _HELP["categories"]),
    ("newproposal", N_("write a proposal")),
    ("newinvoice", N_("write an invoice")),
    ("invoices", N_("list invoices")),
    ("proposals", _HELP["proposals"]),
    ("mail", _HELP["mail"]),
    ("outbox", _HELP["outbox"]),
    ("report", N_("sales report")),
    ("settings", N_("your language and business settings")),
    ("invite", N_("invite a colleague")),
    ("help", N_("what I can do")),
    ("cancel", N_("stop what we are doing")),
)


def command_list(language: str) -> list[BotCommand]:
    return [BotCommand(command, t(language, description)) for command, description in COMMANDS]


async def set_commands(bot: Bot, default_language: str) -> None:
    """One list per language plus the default one; safe to repeat at every start."""
    await bot.set_my_commands(command_list(default_language))
    for language in BOT_LANGUAGES:
        await bot.set_my_commands(command_list(language), language_code=language)
