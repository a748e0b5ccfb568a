"""Which language the bot answers a Telegram user in, and the adapter's own sentences in it.

The flows translate what they say themselves; only the few texts the adapter adds (expired
buttons, files too big, errors) are translated here, through the same "bot" catalog.
"""

from __future__ import annotations

from billing.i18n import translate
from flows.context import DOMAIN
from flows.validators import BOT_LANGUAGES


def language_for(language_code: str | None, default: str) -> str:
    """Telegram sends an IETF tag ('es', 'es-MX', 'pt-br'); the bot speaks a few base languages.

    An unknown or missing tag ('zh-hans', None) gets the deployment's default language.
    """
    base = (language_code or "").split("-", 1)[0].lower()
    return base if base in BOT_LANGUAGES else default


def t(language: str, message: str, **params: object) -> str:
    """Translate one of the adapter's sentences (msgids are the English text)."""
    return translate(DOMAIN, language, message, **params)
