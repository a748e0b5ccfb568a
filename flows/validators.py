"""Parsers for what people type: each returns the normalized value or raises Invalid with a msgid.

The libraries that know the rules do the checking (email-validator, phonenumbers, python-stdnum,
babel); this module only adapts them to one signature and one error type.
"""

from __future__ import annotations

import re

import phonenumbers
from babel import Locale
from email_validator import EmailNotValidError, validate_email

from assent.settings import BOT_LANGUAGES
from billing.countries import country_from_name, fold, is_country_code
from billing.money import currency_from_name, is_valid_currency
from billing.pdf.glyphs import undrawable
from billing.tax_ids import InvalidTaxId, parse_tax_id
from flows.context import Context
from flows.errors import Invalid
from flows.flow import N_
from flows.refusals import refusal

DOCUMENT_LANGUAGES = ("en", "es", "ro", "fr", "de", "pt", "it", "ar")
CURRENCY_SYMBOLS = {"€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY", "zł": "PLN", "lei": "RON"}


def name(_ctx: Context, text: str) -> str:
    value = " ".join(text.split())
    if not value or len(value) > 200:
        raise Invalid(N_("A name needs 1 to 200 characters."))
    if not any(ch.isalpha() for ch in value):
        raise Invalid(N_("A name needs at least one letter."))
    return printable(value)


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
    return printable(value)


def long_text(_ctx: Context, text: str) -> str:
    value = text.strip()
    if len(value) > 4000:
        raise Invalid(N_("That is too long (4000 characters at most)."))
    return printable(value)


def printable(text: str) -> str:
    """Refuse what no document font can draw: it would print as an empty box on a PDF."""
    missing = undrawable(text)
    if missing:
        raise Invalid(
            N_("Your documents can't show {characters}. Please write it without them."),
            characters=" ".join(missing),
        )
    return text


def postcode(_ctx: Context, text: str) -> str:
    """Letters, digits, spaces and dashes (28014, SW1A 2AA, 1100-053), as the country writes it."""
    value = " ".join(text.split()).upper()
    if not 2 <= len(value) <= 12 or not re.fullmatch(r"[A-Z0-9][A-Z0-9 \-]*", value):
        raise Invalid(N_("That doesn't look like a postcode (like 28014 or SW1A 2AA)."))
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
    if is_country_code(text.strip()):
        return text.strip().upper()
    code = country_from_name(text)
    if code is not None:
        return code
    raise Invalid(
        N_("I don't know that country. Use its name or its two-letter code, like ES or MX.")
    )


def currency(ctx: Context, text: str) -> str:
    """A code, a symbol or a name: owners type "euros" or "lei" as often as EUR or RON."""
    value = text.strip()
    code = CURRENCY_SYMBOLS.get(value) or currency_from_name(value, ctx.language) or value.upper()
    if not is_valid_currency(code):
        raise Invalid(N_(
            "I don't know which currency that is. Type its code, like EUR, USD or MXN, "
            "or its name, like euros."
        ))
    return code


def document_language(ctx: Context, text: str) -> str:
    return _language(ctx, text, DOCUMENT_LANGUAGES)


def bot_language(ctx: Context, text: str) -> str:
    return _language(ctx, text, BOT_LANGUAGES)


def _language(ctx: Context, text: str, allowed: tuple[str, ...]) -> str:
    wanted = fold(text)
    for code in allowed:
        names = {
            code,
            fold(Locale.parse(code).display_name),
            fold(Locale.parse(code).get_display_name(ctx.language)),
        }
        names.add(fold(Locale.parse(code).get_display_name("en")))
        if wanted in names:
            return code
    raise Invalid(N_("Choose one of: {languages}."), languages=", ".join(allowed))


def client_tax_id(ctx: Context, text: str) -> str:
    """By the country answered earlier in the form, else the business's country."""
    country_code = ctx.answers.get("country") or (ctx.business.country if ctx.business else "")
    return tax_id(text, country_code)


def business_tax_id(ctx: Context, text: str) -> str:
    """The seller's own: an EU business's VAT ID gets its country prefix (ESB12345674)."""
    country_code = ctx.answers.get("country") or (ctx.business.country if ctx.business else "")
    return tax_id(text, country_code, seller=True)


def tax_id(text: str, country_code: str | None, *, seller: bool = False) -> str:
    """Checked with python-stdnum by country (EU VAT, ES NIF, MX RFC, RO CUI, …)."""
    try:
        return parse_tax_id(text, country_code or "", seller=seller).number
    except InvalidTaxId as error:
        raise refusal(error) from None
