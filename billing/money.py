"""Money rules every document shares: which currencies exist, how many decimals each one has, how an
amount rounds, how a sum splits into parts that add back up exactly, and how to read an amount or
a percentage a person typed (see `parse_amount` for which separator means what).

- Exact numbers only. Amounts are `Decimal`, or `int` because it is exact too. A `float` (or a
  str, or a bool) raises TypeError where it enters: a float that reaches money math has already
  lost cents upstream, and the bug must surface there rather than as a wrong total. NaN and the
  infinities are refused with InvalidAmount: they are never a price.
- Minor units come from babel's `get_currency_precision`, i.e. CLDR's table: ISO 4217's minor
  units except where CLDR records everyday practice (IQD, RSD, ALL and LAK have 0 digits there).
  `billing.i18n.money` prints with the same table, so what we round is what the reader sees.
- Rounding is ROUND_HALF_UP on the decimal value, to the currency's minor unit, once: 1.005 EUR →
  1.01, 2.675 EUR → 2.68, 1234.5 JPY → 1235, 1.0005 KWD → 1.001. Ties go away from zero, so a
  credit note mirrors its invoice cent for cent (−1.005 → −1.01).
- Arithmetic before that one rounding is exact (`exact_arithmetic`): Python's default context
  silently rounds results beyond 28 digits, and rounding twice can move a cent.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from decimal import (
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
    localcontext,
)
from fractions import Fraction

from babel import Locale
from babel.numbers import (
    get_currency_name,
    get_currency_precision,
    get_decimal_symbol,
    get_group_symbol,
    list_currencies,
)

from billing.countries import fold
from billing.errors import InvalidAmount, InvalidCurrency
from billing.i18n import _locale

ISO_CURRENCIES = frozenset(list_currencies())

# Wide enough for any product of stored quantities, prices and rates; trapping Inexact turns
# "it did not fit" into an error instead of a silent rounding.
_EXACT = Context(
    prec=80, rounding=ROUND_HALF_UP, traps=[InvalidOperation, Inexact, Overflow, DivisionByZero]
)
_ROUNDING = Context(prec=80, rounding=ROUND_HALF_UP, traps=[InvalidOperation, Overflow])

MAX_AMOUNT_DECIMALS = 6  # quantities and unit prices are stored with 6 places
MAX_PERCENT_DECIMALS = 4  # discount and tax rates are stored with 4 places
_SIGNS = {"-": "-", "\u2212": "-", "+": ""}
_PERCENT = re.compile(r"(?P<sign>[-+\u2212]?)\s*(?P<whole>\d+)(?:[.,](?P<fraction>\d+))?")


def to_decimal(value: object, field: str) -> Decimal:
    """Admit an exact, finite number into money math; anything inexact is a programming error."""
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int) and not isinstance(value, bool):
        number = Decimal(value)
    else:
        raise TypeError(f"{field} must be Decimal or int, not {type(value).__name__}")
    if not number.is_finite():
        raise InvalidAmount("amount_not_finite", field=field, value=number)
    return number


@contextmanager
def exact_arithmetic() -> Iterator[None]:
    """Run Decimal arithmetic that must not round; a result too long to hold is a bad input."""
    with localcontext(_EXACT):
        try:
            yield
        except (Inexact, Overflow) as error:
            raise InvalidAmount("amount_too_many_digits") from error


def is_valid_currency(code: object) -> bool:
    """True for an uppercase three-letter ISO 4217 code babel knows (historic ones included)."""
    return isinstance(code, str) and code in ISO_CURRENCIES


@functools.cache
def _currency_names(language: str) -> dict[str, str]:
    """Folded name, singular and plural, in `language` → code. A name two currencies share is
    left out. Built once per language (about a tenth of a second)."""
    seen: dict[str, set[str]] = {}
    for code in ISO_CURRENCIES:
        for count in (1, 2):
            seen.setdefault(fold(get_currency_name(code, count, language)), set()).add(code)
    return {name: codes.pop() for name, codes in seen.items() if len(codes) == 1}


def currency_from_name(text: str, language: str) -> str | None:
    """The ISO code of a currency written by name ("euros", "lei românești") in the owner's
    language or in English, or None."""
    key = fold(text)
    return _currency_names(language).get(key) or _currency_names("en").get(key)


def minor_units(currency: str) -> int:
    """Decimals of the currency's minor unit: EUR 2, JPY 0, KWD and BHD 3."""
    if not is_valid_currency(currency):
        raise InvalidCurrency(currency=currency)
    return get_currency_precision(currency)


def quantize(amount: Decimal | int, currency: str) -> Decimal:
    """Round half-up to the currency's minor unit; the only place money is rounded.

    A credit line that rounds to nothing is 0.00, not −0.00, so no document prints a signed zero.
    """
    unit = Decimal(f"1e-{minor_units(currency)}")
    number = to_decimal(amount, "amount")
    try:
        rounded = number.quantize(unit, rounding=ROUND_HALF_UP, context=_ROUNDING)
    except InvalidOperation as error:
        raise InvalidAmount("amount_too_many_digits", amount=number) from error
    return _unsigned_zero(rounded)


def allocate(
    amount: Decimal | int, weights: Sequence[Decimal | int], currency: str
) -> tuple[Decimal, ...]:
    """Split an amount in proportion to weights so the parts add up to it to the last minor unit.

    Largest remainder: each part first gets its exact share rounded down to the minor unit, then
    the units left over go one each to the parts whose discarded remainder was largest, the
    earlier part first on a tie (so the result is deterministic). No part is a whole minor unit
    away from its exact share. A negative amount (a refund) splits like its absolute value.
    """
    digits = minor_units(currency)
    total = to_decimal(amount, "amount")
    if quantize(total, currency) != total:
        raise InvalidAmount("amount_finer_than_currency", amount=total, currency=currency)
    shares = [Fraction(to_decimal(weight, "weight")) for weight in weights]
    if any(share < 0 for share in shares):
        raise InvalidAmount("allocation_weight_negative")
    weight_sum = sum(shares, Fraction(0))
    if weight_sum == 0:
        raise InvalidAmount("allocation_weights_zero")
    units = Fraction(abs(total)) * 10**digits
    exact_parts = [units * share / weight_sum for share in shares]
    parts = [math.floor(part) for part in exact_parts]
    leftover = int(units) - sum(parts)
    by_remainder = sorted(range(len(parts)), key=lambda i: (parts[i] - exact_parts[i], i))
    for index in by_remainder[:leftover]:
        parts[index] += 1
    sign = -1 if total < 0 else 1
    return tuple(Decimal(f"{sign * part}e-{digits}") for part in parts)


def parse_amount(text: str, language: str) -> Decimal:
    """Read an amount as a person types it in chat, in the conventions of their language.

    Accepted: digits, an optional sign (-, −, +) and at most one currency mark before or after
    them: an ISO code in any case, a symbol of the language's locale ("zł", "US$") or currency
    sign characters ("€", "$"). The mark is not compared with the document's currency; the
    caller owns that. Groups of digits may be separated by '.', ',', spaces (also no-break and
    narrow no-break) or apostrophes, one kind per number, in threes or in the locale's own
    grouping (1,23,456 in en_IN and hi).

    Which mark is the decimal separator is decided the same way every time:
    - a '.' or ',' that comes last, once, after other separators is the decimal mark in every
      language: "1.234,56", "1,234.56", "1 234,56" and "1'234.56" all read 1234.56;
    - a mark that repeats is grouping: "1.234.567" reads 1234567;
    - a lone '.' or ',' is grouping only when it is the language's group symbol, exactly three
      digits follow and the number does not start with 0; otherwise it is the decimal mark.
      So "1,234" is 1234 in en but 1.234 in de, es and fr; "1.234" is 1234 in de and es but
      1.234 in en and fr; "250.5" and "0.500" are decimals everywhere.

    Refused with InvalidAmount: no digits, letters or exponents ("abc", "NaN", "1e5"), two
    decimal marks or mixed grouping ("1,2,3.4.5"), groups of the wrong size ("12,34,5"), more
    than 6 decimals. Nothing is rounded here: the caller quantizes to its currency.

    babel's `parse_decimal` is not used: in strict mode it refuses "250.5" in de and a plain
    space in fr, and in lenient mode it reads those as 2505 and silently drops the grouping.
    """
    locale = _locale(language)
    visible = _without_format_marks(text)
    digits = [index for index, char in enumerate(visible) if char.isdecimal()]
    if not digits:
        raise InvalidAmount("amount_not_a_number", text=text)
    head, tail = visible[: digits[0]].strip(), visible[digits[-1] + 1 :].strip()
    sign, head = _take_sign(head)
    marks = [mark for mark in (head, tail) if mark]
    if len(marks) > 1 or not all(_is_currency_mark(mark, locale) for mark in marks):
        raise InvalidAmount("amount_not_a_number", text=text)
    whole, fraction = _split_at_decimal_mark(visible[digits[0] : digits[-1] + 1], locale, text)
    if len(fraction) > MAX_AMOUNT_DECIMALS:
        raise InvalidAmount("amount_too_many_decimals", text=text, max=MAX_AMOUNT_DECIMALS)
    return _compose(sign, whole, fraction)


def parse_percent(text: str) -> Decimal:
    """Read a percentage typed in chat: "21", "21%", "10.5 %", "10,5", "%21".

    A rate has no thousands to group, so either '.' or ',' is the decimal mark in every
    language. Up to 4 decimals, the precision rates are stored with. The range is not checked
    here: it depends on what the percentage is for (InvalidDiscount, InvalidTaxRate).
    """
    body = _without_format_marks(text).strip()
    body = body.removesuffix("%") if body.endswith("%") else body.removeprefix("%")
    match = _PERCENT.fullmatch(body.strip())
    if match is None:
        raise InvalidAmount("percent_not_a_number", text=text)
    fraction = match["fraction"] or ""
    if len(fraction) > MAX_PERCENT_DECIMALS:
        raise InvalidAmount("percent_too_many_decimals", text=text, max=MAX_PERCENT_DECIMALS)
    return _compose(_SIGNS.get(match["sign"], ""), match["whole"], fraction)


def _without_format_marks(text: str) -> str:
    """Drop invisible marks (bidi, zero-width) that a copied amount carries: babel writes
    Arabic, Hebrew and Persian money with right-to-left and left-to-right marks around it."""
    return "".join(char for char in text if unicodedata.category(char) != "Cf")


def _take_sign(head: str) -> tuple[str, str]:
    """Split a sign off either end of what precedes the digits ("-€", "€ -")."""
    for sign, rest in ((head[:1], head[1:]), (head[-1:], head[:-1])):
        if sign and sign in _SIGNS:
            return _SIGNS[sign], rest.strip()
    return "", head


def _is_currency_mark(mark: str, locale: Locale) -> bool:
    return (
        mark.upper() in ISO_CURRENCIES
        or mark in {_without_format_marks(symbol) for symbol in locale.currency_symbols.values()}
        or all(unicodedata.category(char) == "Sc" for char in mark)
    )


def _separator_kind(char: str) -> str | None:
    """Spaces of every width count as one kind of separator, and so do both apostrophes."""
    if char in ".,":
        return char
    if char.isspace():
        return " "
    return "'" if char in "'’" else None


def _split_at_decimal_mark(body: str, locale: Locale, text: str) -> tuple[str, str]:
    pieces = re.split(r"(\D)", body)
    groups, separators = pieces[0::2], [_separator_kind(char) for char in pieces[1::2]]
    if not all(groups) or None in separators:
        raise InvalidAmount("amount_not_a_number", text=text)
    point = _decimal_mark_index(groups, separators, locale)
    if point is None:
        whole, grouping, fraction = groups, separators, ""
    else:
        whole, grouping, fraction = groups[: point + 1], separators[:point], groups[point + 1]
    if len(set(grouping)) > 1 or (grouping and not _well_grouped(whole, locale)):
        raise InvalidAmount("amount_not_a_number", text=text)
    return "".join(whole), fraction


def _decimal_mark_index(groups: list[str], separators: list[str], locale: Locale) -> int | None:
    if not separators or separators[-1] not in (".", ","):
        return None
    mark, last = separators[-1], len(separators) - 1
    if separators.count(mark) > 1:
        return None
    if last > 0:
        return last
    looks_grouped = (
        mark == get_group_symbol(locale)
        and mark != get_decimal_symbol(locale)
        and len(groups[1]) == 3
        and not groups[0].startswith("0")
    )
    return None if looks_grouped else last


def _well_grouped(groups: list[str], locale: Locale) -> bool:
    first, *middle, last = groups
    primary, secondary = locale.decimal_formats[None].grouping
    return not first.startswith("0") and any(
        len(last) == size and all(len(group) == step for group in middle) and len(first) <= step
        for size, step in {(3, 3), (primary, secondary)}
    )


def _compose(sign: str, whole: str, fraction: str) -> Decimal:
    return _unsigned_zero(Decimal(f"{sign}{whole}.{fraction}" if fraction else f"{sign}{whole}"))


def _unsigned_zero(number: Decimal) -> Decimal:
    return number.copy_abs() if number.is_zero() else number
