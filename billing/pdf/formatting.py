"""Locale-aware formatting handed to document templates, so no template formats a number itself.

Templates may be a business's own override, rendered in a sandbox: they get this one object with
plain methods instead of access to babel or to the i18n module.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import partial

from markupsafe import Markup

from billing import i18n
from billing.pdf.view import PartyView

DOMAIN = "documents"
_PAGE = "{page}"
_PAGES = "{pages}"


@dataclass(frozen=True)
class DocumentFormat:
    """Labels in `language`; numbers, money in `currency` and dates as written in `locale`
    (pt_PT or pt_BR, see i18n.regional_locale), which defaults to the language itself."""

    language: str
    currency: str
    locale: str = ""

    def __post_init__(self) -> None:
        if not self.locale:
            object.__setattr__(self, "locale", self.language)

    def money(self, amount: Decimal, currency: str | None = None) -> str:
        """An amount in the document's currency, or in `currency` (VAT restated per Art. 230)."""
        return i18n.money(amount, currency or self.currency, self.locale)

    def number(self, value: Decimal) -> str:
        """A plain number as entered (an exchange rate such as 2.9845), no rounding."""
        return i18n.precise_number(value, self.locale)

    def price(self, amount: Decimal) -> str:
        """A unit price: sub-cent digits survive (0.0125 stays 0.0125)."""
        return i18n.precise_money(amount, self.currency, self.locale)

    def quantity(self, value: Decimal) -> str:
        return i18n.precise_number(value, self.locale)

    def percent(self, value: Decimal) -> str:
        return i18n.percent(value, self.locale)

    def day(self, value: date | None) -> str:
        """Empty for a missing date, so a template can test the result instead of the value."""
        return i18n.document_day(value, self.locale) if value else ""

    def country(self, code: str) -> str:
        return i18n.country_name(code, self.language) if code else ""

    def party_lines(self, party: PartyView) -> list[str]:
        """The postal block of a party: legal name when it differs, address, country."""
        lines = [party.legal_name] if party.legal_name and party.legal_name != party.name else []
        lines.extend(line for line in party.address_lines if line)
        if party.country_code:
            lines.append(self.country(party.country_code))
        return lines

    @staticmethod
    def text_dir(text: str) -> str:
        """Direction of one piece of user text, from its first strong letter; 'ltr' if none.

        WeasyPrint does not implement dir="auto", and a Latin address or a phone number laid out
        right-to-left comes out scrambled ("+34 910" as "910 34+"), so templates set it per text.
        """
        for char in text:
            kind = unicodedata.bidirectional(char)
            if kind in ("R", "AL"):
                return "rtl"
            if kind == "L":
                return "ltr"
        return "ltr"

    @property
    def direction(self) -> str:
        return i18n.text_direction(self.language)

    @property
    def translate(self) -> partial[str]:
        return partial(i18n.translate, DOMAIN, self.language)


def page_counter_css(label: str) -> Markup:
    """Turn a translated "Page {page} of {pages}" into a CSS `content` value with page counters.

    The label comes from a catalog, so every character that is not a letter, digit or space is
    CSS-escaped: no translation can close the string or the surrounding style element.
    """
    parts: list[str] = []
    rest = label
    while rest:
        found = [(rest.find(token), token) for token in (_PAGE, _PAGES) if token in rest]
        if not found:
            parts.append(_css_string(rest))
            break
        index, token = min(found)
        if index:
            parts.append(_css_string(rest[:index]))
        parts.append("counter(page)" if token == _PAGE else "counter(pages)")
        rest = rest[index + len(token) :]
    return Markup(" ".join(parts))


def _css_string(text: str) -> str:
    escaped = "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text)
    return f'"{escaped}"'
