"""Who is talking, for which business, in which language: what every step needs to answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assent.settings import BotSettings
from billing.i18n import translate, translate_plural
from models import Business, User

DOMAIN = "bot"


@dataclass
class Context:
    user: User
    business: Business | None
    channel: str
    chat_id: str
    settings: BotSettings
    # Answers so far in a form, for parsers whose rules depend on them (tax ID by country).
    answers: dict[str, Any] = field(default_factory=dict)

    @property
    def language(self) -> str:
        return self.user.language or self.settings.default_language

    def t(self, message: str, /, **params: object) -> str:
        """Translate a bot text into the user's language."""
        return translate(DOMAIN, self.language, message, **params)

    def tn(self, singular: str, plural: str, n: int, /, **params: object) -> str:
        """Translate a counted text ("{count} documents") in the form the language uses for n."""
        return translate_plural(DOMAIN, self.language, singular, plural, n, **params)

    def require_business(self) -> Business:
        if self.business is None:  # the engine routes business-less users to onboarding first
            raise RuntimeError("flow needs a business but the user has none")
        return self.business
