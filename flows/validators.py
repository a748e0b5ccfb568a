"""Parsers for what people type: each returns the normalized value or raises Invalid with a msgid.

The libraries that know the rules do the checking (email-validator, phonenumbers, python-stdnum,
babel); this module only adapts them to one signature and one error type.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import phonenumbers
from babel import Locale
from email_validator import EmailNotValidError, validate_email
from stdnum import exceptions as stdnum_errors
from stdnum.util import get_cc_module

from billing.money import is_valid_currency
from flows.context import Context
from flows.errors import Invalid
from flows.flow import N_

DOCUMENT_LANGUAGES = ("en", "es", "fr", "de", "pt", "it", "ar")
BOT_LANGUAGES = ("en", "es")
CURRENCY_SYMBOLS = {"€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY", "zł": "PLN", "lei": "RON"}


def name(_ctx: Context, text: str) -> str:
    value = " ".join(text.split())
    if not value or len(value) > 200:
        raise Invalid(N_("A name needs 1 to 200 characters."))
    if not any(ch.isalpha() for ch in value):
        raise Invalid(N_("A name needs at least one letter."))
    return value


def name_spellings(ctx: Context, text: str) -> str:
    """Other spellings of a person's name, separated by ";" (a reply signed with one counts)."""
    names = [name(ctx, part) for part in re.split(r"[;\n]", text) if part.strip()]
    value = "; ".join(dict.fromkeys(names))
    if len(value) > 500:
        raise Invalid(N_("That is too long (500 characters at most)."))
    return value


def short_text(_ctx: Context, text: str) -> str:
    value = " ".join(text.split())
    if len(value) > 200:
        raise Invalid(N_("That is too long (200 characters at most)."))
    return value


def long_text(_ctx: Context, text: str) -> str:
    value = text.strip()
    if len(value) > 4000:
        raise Invalid(N_("That is too long (4000 characters at most)."))
    return value


def email(_ctx: Context, text: str) -> str:
    """Syntax only, no DNS: a new client's domain may not resolve from here, and that is fine."""
    try:
        return validate_email(text.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        raise Invalid(
            N_("That doesn't look like an email address (like name@example.com).")
        ) from None


def phone(ctx: Context, text: str) -> str:
    """E.164, reading local numbers in the business's country."""
    region = (ctx.business.country if ctx.business else "") or None
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise Invalid(
            N_("That phone number isn't valid. Include the country code, like +34 600 000 000.")
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def country(_ctx: Context, text: str) -> str:
    """A two-letter ISO code, or a country name in any language Assent speaks ('españa')."""
    wanted = _fold(text)
    names = _country_names()
    if wanted.upper() in names.values():
        return wanted.upper()
    if wanted in names:
        return names[wanted]
    raise Invalid(
        N_("I don't know that country. Use its name or its two-letter code, like ES or MX.")
    )


@functools.cache
def _country_names() -> dict[str, str]:
    codes = {code for code in Locale.parse("en").territories if len(code) == 2 and code.isalpha()}
    return {
        _fold(label): code
        for language in DOCUMENT_LANGUAGES
        for code, label in Locale.parse(language).territories.items()
        if code in codes
    }


def currency(_ctx: Context, text: str) -> str:
    value = text.strip()
    code = CURRENCY_SYMBOLS.get(value, value.upper())
    if not is_valid_currency(code):
        raise Invalid(N_("Use a three-letter currency code, like EUR, USD or MXN."))
    return code


def document_language(ctx: Context, text: str) -> str:
    return _language(ctx, text, DOCUMENT_LANGUAGES)


def bot_language(ctx: Context, text: str) -> str:
    return _language(ctx, text, BOT_LANGUAGES)


def _language(ctx: Context, text: str, allowed: tuple[str, ...]) -> str:
    wanted = _fold(text)
    for code in allowed:
        names = {
            code,
            _fold(Locale.parse(code).display_name),
            _fold(Locale.parse(code).get_display_name(ctx.language)),
        }
        names.add(_fold(Locale.parse(code).get_display_name("en")))
        if wanted in names:
            return code
    raise Invalid(N_("Choose one of: {languages}."), languages=", ".join(allowed))


def client_tax_id(ctx: Context, text: str) -> str:
    """By the country answered earlier in the form, else the business's country."""
    country_code = ctx.answers.get("country") or (ctx.business.country if ctx.business else None)
    return tax_id(text, country_code)


def tax_id(text: str, country_code: str | None) -> str:
    """Checked with python-stdnum where the country has a module (MX RFC, EU VAT, …)."""
    raw = re.sub(r"[\s.\-/]", "", text).upper()
    if not raw or len(raw) > 40:
        raise Invalid(N_("That tax ID is empty or too long."))
    cc = (country_code or raw[:2]).lower()
    module = _stdnum_module(cc)
    if module is None:
        if not raw.isalnum():
            raise Invalid(N_("A tax ID has only letters and digits."))
        return raw
    prefixed = raw[:2].lower() == cc and cc != "mx"  # "ESB12345674": an EU VAT number, kept so
    candidate = raw[2:] if prefixed else raw
    try:
        number = module.compact(module.validate(candidate))
        return cc.upper() + number if prefixed else number
    except stdnum_errors.ValidationError:
        raise Invalid(
            N_("That isn't a valid tax ID for {country}. Check the digits."), country=cc.upper()
        ) from None


def _stdnum_module(cc: str) -> object | None:
    if cc == "mx":
        from stdnum.mx import rfc

        return rfc
    for kind in ("vat", "tin"):
        try:
            return get_cc_module(cc, kind)
        except (ImportError, ValueError):
            continue
    return None


def _fold(text: str) -> str:
    """Case- and accent-insensitive comparison key: 'España' == 'espana'."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
