"""Amounts and percentages typed in chat read the same way every time, per language, and what our
own formatters print reads back unchanged (billing/money.py parse_amount, parse_percent)."""

from __future__ import annotations

import random
from decimal import Decimal as D

import pytest
from babel.numbers import format_decimal

from billing.errors import InvalidAmount
from billing.i18n import money
from billing.money import parse_amount, parse_percent, quantize

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("1,234.56", "en", "1234.56"),
        ("1.234,56", "es", "1234.56"),
        ("1.234,56", "de", "1234.56"),
        (f"1{NNBSP}234,56", "fr", "1234.56"),
        (f"1{NBSP}234,56", "fr", "1234.56"),
        ("1 234,56", "fr", "1234.56"),
        ("1'234.56", "de_CH", "1234.56"),
        ("1’234.56", "de_CH", "1234.56"),
        ("1.234.567,89", "pt", "1234567.89"),
        ("1,234,567", "en", "1234567"),
        ("12,34,567.5", "hi", "1234567.5"),  # the locale's own grouping
        ("1,234,567.5", "hi", "1234567.5"),  # and thousands too
        ("250", "en", "250"),
        ("250.5", "en", "250.5"),
        ("250.5", "es", "250.5"),  # a lone '.' not followed by three digits is a decimal mark
        ("250,5", "en", "250.5"),
        ("0.500", "de", "0.500"),  # a leading 0 is never a thousands group
        ("-3", "en", "-3"),
        ("−3", "fr", "-3"),  # U+2212, as babel prints minus in some locales
        ("+3", "en", "3"),
        ("-0", "en", "0"),
        ("€250", "en", "250"),
        ("250 €", "de", "250"),
        ("250 EUR", "en", "250"),
        ("eur 250", "en", "250"),
        ("$1,234.50", "en", "1234.50"),
        ("-€250", "en", "-250"),
        ("€ -250", "en", "-250"),
        ("US$ 12", "es", "12"),
        ("250 zł", "pl", "250"),
        ("  42  ", "en", "42"),
        ("\u200e-42", "he", "-42"),  # a bidi mark copied along with the number
        ("١٢٣", "ar", "123"),  # Arabic-Indic digits
        ("0.123456", "en", "0.123456"),
        ("5", "xx", "5"),  # an unknown language reads as English
    ],
)
def test_amounts_people_type(text: str, language: str, expected: str):
    assert str(parse_amount(text, language)) == expected


@pytest.mark.parametrize(
    ("text", "by_language"),
    [
        ("1,234", {"en": "1234", "hi": "1234", "de": "1.234", "es": "1.234", "fr": "1.234"}),
        ("1.234", {"en": "1.234", "de_CH": "1.234", "fr": "1.234", "de": "1234", "es": "1234"}),
        ("1,23", {"en": "1.23", "de": "1.23"}),
        ("1.2345", {"en": "1.2345", "de": "1.2345"}),
    ],
)
def test_ambiguous_single_separators_follow_the_language(text: str, by_language: dict):
    assert {lang: str(parse_amount(text, lang)) for lang in by_language} == by_language


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("abc", "amount_not_a_number"),
        ("", "amount_not_a_number"),
        ("NaN", "amount_not_a_number"),
        ("Infinity", "amount_not_a_number"),
        ("-inf", "amount_not_a_number"),
        ("1e5", "amount_not_a_number"),
        ("1E-5", "amount_not_a_number"),
        ("1,2,3.4.5", "amount_not_a_number"),
        ("1.234.56", "amount_not_a_number"),
        ("12,34,5", "amount_not_a_number"),
        ("1,23,456", "amount_not_a_number"),  # Indian grouping is not English grouping
        ("0,123,456", "amount_not_a_number"),
        ("1  234", "amount_not_a_number"),
        ("1 234.567,8", "amount_not_a_number"),  # two kinds of grouping
        ("1,234 567", "amount_not_a_number"),
        (".5", "amount_not_a_number"),
        ("5.", "amount_not_a_number"),
        ("--3", "amount_not_a_number"),
        ("3-", "amount_not_a_number"),
        ("€250 EUR", "amount_not_a_number"),
        ("5 apples", "amount_not_a_number"),
        ("0x1F", "amount_not_a_number"),
        ("1/2", "amount_not_a_number"),
        ("1.2345678", "amount_too_many_decimals"),
        ("0,0000001", "amount_too_many_decimals"),
    ],
)
def test_unreadable_amounts_are_refused_with_a_key(text: str, key: str):
    with pytest.raises(InvalidAmount) as raised:
        parse_amount(text, "en")
    assert raised.value.key == key
    assert raised.value.params["text"] == text


def test_parsing_does_not_round_to_the_currency():
    assert str(parse_amount("1.005", "en")) == "1.005"
    assert str(quantize(parse_amount("1.005", "en"), "EUR")) == "1.01"


LANGUAGES = [
    "en",
    "de",
    "fr",
    "es",
    "it",
    "pt",
    "pt_BR",
    "nl",
    "pl",
    "sv",
    "ru",
    "de_CH",
    "en_IN",
    "hi",
    "ja",
    "ar",
    "he",
    "fa",
    "tr",
]


def test_what_babel_prints_reads_back_in_every_language():
    rng = random.Random(4217)
    for _ in range(300):
        language = rng.choice(LANGUAGES)
        sign = rng.choice(["", "-"])
        value = D(f"{sign}{rng.randint(0, 10 ** rng.randint(0, 12))}.{rng.randint(0, 999999):06d}")
        printed = format_decimal(value, locale=language, decimal_quantization=False)
        assert parse_amount(printed, language) == value, (language, printed)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("currency", ["EUR", "USD", "JPY", "KWD", "PLN", "CHF", "INR"])
def test_what_the_bot_prints_as_money_reads_back(language: str, currency: str):
    value = quantize(D("-1234567.891"), currency)
    printed = money(value, currency, language)
    assert parse_amount(printed, language) == value, printed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("21", "21"),
        ("21%", "21"),
        ("10.5 %", "10.5"),
        (f"10,5{NBSP}%", "10.5"),
        ("10,5", "10.5"),
        ("%18", "18"),
        ("0", "0"),
        ("100", "100"),
        ("-5", "-5"),  # the range is the caller's rule (InvalidDiscount, InvalidTaxRate)
        ("7.7000", "7.7000"),
    ],
)
def test_percentages_people_type(text: str, expected: str):
    assert str(parse_percent(text)) == expected


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("abc", "percent_not_a_number"),
        ("", "percent_not_a_number"),
        ("%", "percent_not_a_number"),
        ("21%%", "percent_not_a_number"),
        ("%21%", "percent_not_a_number"),
        ("1.000,5", "percent_not_a_number"),
        ("NaN", "percent_not_a_number"),
        ("1e2", "percent_not_a_number"),
        ("10.12345", "percent_too_many_decimals"),
    ],
)
def test_unreadable_percentages_are_refused_with_a_key(text: str, key: str):
    with pytest.raises(InvalidAmount) as raised:
        parse_percent(text)
    assert raised.value.key == key
