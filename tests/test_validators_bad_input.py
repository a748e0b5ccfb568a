"""Every parser a dialog uses refuses bad input with a message key, and accepts good input."""

from __future__ import annotations

from datetime import date

import pytest

from assent.settings import BotSettings
from billing.i18n import translate
from flows import validators as v
from flows.context import Context
from flows.documents.dates import parse_date
from flows.errors import Invalid
from models import Business, User

ES = Business(name="Acme", country="ES", currency="EUR", language="es")


def context(**answers: object) -> Context:
    ctx = Context(User(name="o", language="en"), ES, "console", "c", BotSettings())
    ctx.answers = dict(answers)
    return ctx


BAD = [
    (v.name, ""),
    (v.name, "12345"),
    (v.name, "x" * 201),
    (v.short_text, "x" * 201),
    (v.long_text, "x" * 4001),
    (v.email, "jane"),
    (v.email, "jane@"),
    (v.email, "jane doe@x.com"),
    (v.email, "@x.com"),
    (v.phone, "123"),
    (v.phone, "abc"),
    (v.phone, "+34 600"),
    (v.phone, "+1 555 000 0000 999"),
    (v.country, "Atlantis"),
    (v.country, "XX"),
    (v.country, ""),
    (v.currency, "dollars"),
    (v.currency, "dollars"),
    (v.currency, "XYZ"),
    (v.document_language, "klingon"),
    (v.document_language, "ru"),
    (v.bot_language, "zh"),
    (v.client_tax_id, "B12345678"),
    (v.client_tax_id, "ESB1234567"),
    (v.client_tax_id, "!!!"),
]
GOOD = [
    (v.name, "  Jane   Doe ", "Jane Doe"),
    (v.email, "Jane@Doe.example", "Jane@doe.example"),
    (v.phone, "600 123 456", "+34600123456"),
    (v.phone, "+52 55 1234 5678", "+525512345678"),
    (v.country, "españa", "ES"),
    (v.country, "Deutschland", "DE"),
    (v.country, "mx", "MX"),
    (v.currency, "€", "EUR"),
    (v.currency, "mxn", "MXN"),
    (v.document_language, "Arabic", "ar"),
    (v.document_language, "es", "es"),
    (v.document_language, "Română", "ro"),
    (v.document_language, "romanian", "ro"),
    (v.client_tax_id, "B-1234567-4", "B12345674"),
    (v.client_tax_id, "ESB12345674", "ESB12345674"),
]


@pytest.mark.parametrize(("parse", "text"), BAD, ids=[f"{p.__name__}:{t[:12]!r}" for p, t in BAD])
def test_bad_input_is_refused_with_a_translatable_message(parse, text: str) -> None:
    with pytest.raises(Invalid) as refused:
        parse(context(), text)
    message = refused.value.key
    assert translate("bot", "es", message, **refused.value.params) != message  # Spanish exists


@pytest.mark.parametrize(("parse", "text", "expected"), GOOD)
def test_good_input_is_normalized(parse, text: str, expected: str) -> None:
    assert parse(context(), text) == expected


def test_romanian_is_a_document_language_by_any_of_its_names() -> None:
    """A Spanish-speaking owner answers "rumano" for a Romanian client; it was refused."""
    spanish = Context(User(name="o", language="es"), ES, "console", "c", BotSettings())
    assert v.document_language(spanish, "rumano") == "ro"
    assert v.document_language(spanish, "Rumano") == "ro"


def test_tax_ids_follow_the_country_answered_in_the_form() -> None:
    assert v.client_tax_id(context(country="MX"), "XAXX010101000") == "XAXX010101000"
    assert v.client_tax_id(context(country="FR"), "FR40303265045") == "FR40303265045"
    assert v.client_tax_id(context(country="DE"), "DE136695976") == "DE136695976"
    with pytest.raises(Invalid):
        v.client_tax_id(context(country="MX"), "B12345674")


@pytest.mark.parametrize("text", ["31/02/2027", "yesterday", "2020-01-01", "1/1/2000", "99999"])
def test_bad_dates_are_refused(text: str) -> None:
    with pytest.raises(Invalid):
        parse_date(text, "en", today=date(2026, 11, 23))


def test_dates_read_day_first_and_days_from_today() -> None:
    today = date(2026, 11, 23)
    assert parse_date("31/12/2026", "es", today=today) == date(2026, 12, 31)
    assert parse_date("12/31/2026", "en", today=today) == date(2026, 12, 31)
    assert parse_date("2027-01-15", "es", today=today) == date(2027, 1, 15)
    assert parse_date("15", "en", today=today) == date(2026, 12, 8)
    assert parse_date("en 10 días", "es", today=today) == date(2026, 12, 3)


def test_refusals_name_statuses_in_the_users_language() -> None:
    from billing.documents.errors import InvalidTransition
    from flows.refusals import error_text

    ctx = context()
    ctx.user.language = "es"
    text = error_text(ctx, InvalidTransition(kind="invoice", current="draft", to="paid"))
    assert "borrador" in text and "draft" not in text


@pytest.mark.parametrize(
    ("language", "typed", "code"),
    [("es", "euros", "EUR"), ("es", "Pesos mexicanos", "MXN"), ("ro", "lei românești", "RON"),
     ("ar", "درهم إماراتي", "AED"), ("es", "US dollars", "USD"), ("en", "€", "EUR"),
     ("en", "gbp", "GBP")],
)
def test_a_currency_is_taken_by_code_symbol_or_name(language: str, typed: str, code: str) -> None:
    ctx = Context(User(name="o", language=language), ES, "console", "c", BotSettings())
    assert v.currency(ctx, typed) == code

