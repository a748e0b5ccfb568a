"""Message catalogs and locale formatting shared by bot texts, PDFs and emails.

Catalogs are gettext `.po` files under `templates/locale/<lang>/LC_MESSAGES/<domain>.po`. They are
compiled in memory on first use (no build step, so a fresh clone and `make run` just work) and
cached per (domain, language). English source strings are the msgids; a missing translation falls
back to English, never to an error.
"""

from __future__ import annotations

import functools
import gettext
import io
import unicodedata
from datetime import date
from decimal import Decimal
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.languages import get_official_languages
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal, format_percent

LOCALE_DIR = Path(__file__).resolve().parent.parent / "templates" / "locale"
FALLBACK_LANGUAGE = "en"


@functools.cache
def translations(domain: str, language: str) -> gettext.NullTranslations:
    """Return the compiled catalog, or a pass-through one when the language has none."""
    po_path = LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.po"
    if not po_path.exists():
        return gettext.NullTranslations()
    with open(po_path, "rb") as handle:
        catalog = read_po(handle, locale=language, domain=domain)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def available_languages(domain: str) -> list[str]:
    """Languages that have a catalog for this domain, English always included."""
    found = {path.parent.parent.name for path in LOCALE_DIR.glob(f"*/LC_MESSAGES/{domain}.po")}
    return sorted(found | {FALLBACK_LANGUAGE})


def translate(domain: str, language: str, message: str, /, **params: object) -> str:
    """Translate a msgid and fill its `{name}` placeholders."""
    text = translations(domain, language).gettext(message)
    return _for_chat(domain, text.format(**params) if params else text, language)


def translate_plural(
    domain: str, language: str, singular: str, plural: str, n: int, /, **params: object
) -> str:
    """The form of a counted sentence the language uses for `n` (Arabic has six, Romanian three).

    The catalog's Plural-Forms header picks the form, as gettext's ngettext does; the English
    msgids are the fallback ("1 document", "2 documents").
    """
    text = translations(domain, language).ngettext(singular, plural, n)
    return _for_chat(domain, text.format(**params), language)


CHAT_DOMAIN = "bot"
RLM = "\u200f"
_STRONG_RTL = frozenset({"R", "AL"})


def _for_chat(domain: str, text: str, language: str) -> str:
    """Start each Arabic chat line that opens with a Latin name, number or email with an RLM.

    Telegram (and bidi-aware terminals) take a paragraph's direction from its first strong
    letter, so an Arabic sentence that starts with "{name}" = "Studio Dubai" would be laid out
    left to right with its Arabic words reversed around the name. An invisible RIGHT-TO-LEFT MARK
    first makes the line read right to left. Lines that already start with Arabic, and lines with
    no Arabic at all (a client's quoted English reply), keep their own direction. PDFs, emails and
    web pages set dir="rtl" on the page instead, so only chat texts get marks.
    """
    if domain != CHAT_DOMAIN or text_direction(language) != "rtl":
        return text
    return "\n".join(RLM + line if _opens_latin(line) else line for line in text.split("\n"))


def chat_text(text: str, language: str) -> str:
    """`_for_chat` for text composed around translations ("/help — ..." lines start Latin)."""
    return _for_chat(CHAT_DOMAIN, text, language)


def _opens_latin(line: str) -> bool:
    """A line whose first strong letter is left-to-right but which has right-to-left words."""
    kinds = [unicodedata.bidirectional(char) for char in line]
    strong = [kind for kind in kinds if kind in ("L", "R", "AL")]
    return bool(strong) and strong[0] == "L" and bool(_STRONG_RTL & set(strong))


def _locale(language: str) -> Locale:
    try:
        return Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(FALLBACK_LANGUAGE)


# Portuguese is written the Brazilian way by babel's "pt"; Europe writes money the Portuguese way.
_EUROPE = frozenset(
    {"AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB", "GR", "HR"}
    | {"HU", "IE", "IS", "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE"}
    | {"SI", "SK"}
)


def regional_locale(language: str, buyer_country: str = "", seller_country: str = "") -> str:
    """The locale numbers and dates are written in: the language as spoken where the reader is.

    A Portuguese invoice reads "1 234,56 €" in Lisbon and "€ 1.234,56" in São Paulo; a Spanish one
    "1.234,56 €" in Madrid and "EUR 1,234.56" in Mexico City. The buyer's country decides when
    the language is spoken there, else the seller's; otherwise the language's own default, except
    that European readers of Portuguese get Portugal's way.
    """
    for country in (buyer_country, seller_country):
        if country and language in get_official_languages(country.upper(), de_facto=True):
            candidate = f"{language}_{country.upper()}"
            try:
                Locale.parse(candidate)
            except (UnknownLocaleError, ValueError):
                continue
            return candidate
    if language == "pt" and buyer_country.upper() in _EUROPE:
        return "pt_PT"
    return language


def money(amount: Decimal, currency: str, language: str) -> str:
    """Format an amount as the reader's locale writes money (symbol, separators, digits)."""
    return format_currency(amount, currency, locale=_locale(language), currency_digits=True)


def number(value: Decimal, language: str) -> str:
    return format_decimal(value, locale=_locale(language))


def day(value: date, language: str, format: str = "medium") -> str:
    return format_date(value, format=format, locale=_locale(language))


# Where a country's invoices write dates otherwise than the language's usual medium form: a
# Romanian factură and its accountant read 05.03.2026, not "5 mar. 2026".
_DOCUMENT_DATES = {"ro": "dd.MM.yyyy"}


def document_day(value: date, language: str) -> str:
    """A date on a document (PDF, the client's page): numeric where that is the practice."""
    locale = _locale(language)
    return format_date(value, format=_DOCUMENT_DATES.get(locale.language, "medium"), locale=locale)


def precise_number(value: Decimal, language: str) -> str:
    """Format a quantity without rounding it, so 0.0125 h or 2.5 kg print as entered."""
    return format_decimal(value.normalize(), locale=_locale(language), decimal_quantization=False)


def precise_money(amount: Decimal, currency: str, language: str) -> str:
    """Format a unit price: the currency's usual digits at least, sub-cent digits kept."""
    return format_currency(
        amount.normalize(), currency, locale=_locale(language), decimal_quantization=False
    )


def percent(value: Decimal, language: str) -> str:
    """Format a rate given in percent (21 means 21 %) as the reader's locale writes it."""
    return format_percent(
        value.normalize() / 100, locale=_locale(language), decimal_quantization=False
    )


def country_name(code: str, language: str) -> str:
    """The country's name in the reader's language, or the code itself when babel has none."""
    return _locale(language).territories.get(code.upper(), code)


def text_direction(language: str) -> str:
    """'rtl' or 'ltr': which way the language's script runs (Arabic is 'rtl')."""
    return _direction(language)


@functools.cache
def _direction(language: str) -> str:
    return _locale(language).text_direction
