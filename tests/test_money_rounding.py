"""Amounts round once, half-up, to the currency's minor unit; arithmetic before that is exact;
allocations add back up to the last minor unit (billing/money.py, billing/totals.py rule 3)."""

from __future__ import annotations

import random
import re
from decimal import Decimal as D
from fractions import Fraction

import pytest

from billing.errors import BillingError, InvalidAmount, InvalidCurrency
from billing.money import (
    ISO_CURRENCIES,
    allocate,
    is_valid_currency,
    minor_units,
    quantize,
)
from billing.totals import LineInput, line_totals


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("1.005", "EUR", "1.01"),  # as a binary float 1.005 is 1.00499…, which would give 1.00
        ("2.675", "EUR", "2.68"),  # likewise 2.67499… as a float
        ("0.005", "EUR", "0.01"),
        ("1.0049999", "EUR", "1.00"),
        ("-1.005", "EUR", "-1.01"),  # ties away from zero: credit notes mirror invoices
        ("-0.004", "EUR", "0.00"),  # never a signed zero
        ("7", "EUR", "7.00"),
        ("1234.5", "JPY", "1235"),
        ("1234.49", "JPY", "1234"),
        ("-0.5", "JPY", "-1"),
        ("1.0005", "KWD", "1.001"),
        ("1.0004", "KWD", "1.000"),
        ("2.0625", "BHD", "2.063"),
        ("0.00005", "CLF", "0.0001"),
    ],
)
def test_quantize_rounds_half_up_to_the_minor_unit(amount: str, currency: str, expected: str):
    assert str(quantize(D(amount), currency)) == expected


@pytest.mark.parametrize(
    ("currency", "digits"), [("EUR", 2), ("USD", 2), ("JPY", 0), ("KWD", 3), ("BHD", 3), ("CLF", 4)]
)
def test_minor_units_come_from_babel(currency: str, digits: int):
    assert minor_units(currency) == digits


def test_every_known_currency_is_three_uppercase_letters():
    assert len(ISO_CURRENCIES) > 150
    assert all(re.fullmatch("[A-Z]{3}", code) for code in ISO_CURRENCIES)
    assert all(is_valid_currency(code) for code in ("EUR", "USD", "JPY", "KWD", "BHD", "GBP"))


@pytest.mark.parametrize("code", ["eur", "Eur", "EURO", "EU", "ZZZ", "", " EUR", None, 978])
def test_unknown_currency_codes_are_refused(code: object):
    assert not is_valid_currency(code)
    with pytest.raises(InvalidCurrency) as raised:
        quantize(D(1), code)  # type: ignore[arg-type]
    assert raised.value.key == "currency_unknown"
    assert raised.value.params == {"currency": code}


@pytest.mark.parametrize("value", [1.005, 2.5, "1.005", True, None, Fraction(1, 3)])
def test_anything_but_decimal_or_int_is_a_type_error(value: object):
    with pytest.raises(TypeError):
        quantize(value, "EUR")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        LineInput(quantity=D(1), unit_price=value)  # type: ignore[arg-type]


def test_int_is_exact_and_accepted():
    assert str(quantize(3, "EUR")) == "3.00"
    assert LineInput(quantity=2, unit_price=5).quantity == D(2)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["NaN", "sNaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_invalid_amounts(value: str):
    with pytest.raises(InvalidAmount) as raised:
        quantize(D(value), "EUR")
    assert raised.value.key == "amount_not_finite"
    assert isinstance(raised.value, BillingError) and isinstance(raised.value, ValueError)


@pytest.mark.parametrize(
    ("quantity", "unit_price", "discount", "currency", "net", "gross", "discount_amount"),
    [
        # one rounding of 1.005 × 0.9 = 0.9045; rounding gross and discount apart gives 0.91
        ("3", "0.335", "10", "EUR", "0.90", "1.01", "0.11"),
        ("1.5", "33.33", "0", "EUR", "50.00", "50.00", "0.00"),  # 49.995
        ("7", "12.50", "100", "EUR", "0.00", "87.50", "87.50"),
        ("1", "1234.5", "0", "JPY", "1235", "1235", "0"),
        ("3", "0.3335", "0", "KWD", "1.001", "1.001", "0.000"),  # 1.0005
        ("0.333", "3", "0", "BHD", "0.999", "0.999", "0.000"),
        ("-3", "0.335", "10", "EUR", "-0.90", "-1.01", "-0.11"),
        ("-7", "12.50", "100", "EUR", "0.00", "-87.50", "-87.50"),
    ],
)
def test_line_net_is_rounded_once_from_the_exact_discounted_amount(
    quantity, unit_price, discount, currency, net, gross, discount_amount
):
    line = LineInput(quantity=D(quantity), unit_price=D(unit_price), discount_percent=D(discount))
    result = line_totals(line, currency)
    assert (str(result.net), str(result.gross_before_discount), str(result.discount_amount)) == (
        net,
        gross,
        discount_amount,
    )
    assert result.gross_before_discount - result.discount_amount == result.net


def test_products_beyond_28_digits_are_not_silently_rounded():
    """Python's default context keeps 28 digits: this 0.005 would vanish before the rounding."""
    line = LineInput(quantity=D("100000000000000000000000000.005"), unit_price=D(1))
    assert str(line_totals(line, "EUR").net) == "100000000000000000000000000.01"
    # rounded to 28 digits first this becomes …000.005000, which would round up a cent
    line = LineInput(quantity=D("1000000000000000000000.0049999999"), unit_price=D(1))
    assert str(line_totals(line, "EUR").net) == "1000000000000000000000.00"
    line = LineInput(quantity=D("123456789012.345678"), unit_price=D("98765432109.876543"))
    assert str(line_totals(line, "EUR").net) == "12193263113702179407559.82"


def test_inputs_too_long_to_multiply_exactly_are_refused():
    line = LineInput(quantity=D("1" * 50), unit_price=D("1." + "1" * 49))
    with pytest.raises(InvalidAmount) as raised:
        line_totals(line, "EUR")
    assert raised.value.key == "amount_too_many_digits"


@pytest.mark.parametrize(
    ("amount", "weights", "currency", "parts"),
    [
        ("100.00", [1, 1, 1], "EUR", ["33.34", "33.33", "33.33"]),
        ("1.00", [1, 2], "EUR", ["0.33", "0.67"]),  # the leftover cent goes to the larger remainder
        ("0.02", [1, 1, 1], "EUR", ["0.01", "0.01", "0.00"]),  # ties: the earlier part first
        ("10.00", [D("0.5"), D("0.25"), D("0.25")], "EUR", ["5.00", "2.50", "2.50"]),
        ("100", [1, 1, 1], "JPY", ["34", "33", "33"]),
        ("1.000", [1, 1, 1], "KWD", ["0.334", "0.333", "0.333"]),
        ("-100.00", [1, 1, 1], "EUR", ["-33.34", "-33.33", "-33.33"]),
        ("-1.00", [1, 0], "EUR", ["-1.00", "0.00"]),
        ("0.00", [3, 4], "EUR", ["0.00", "0.00"]),
    ],
)
def test_allocate_splits_by_largest_remainder(amount, weights, currency, parts):
    result = allocate(D(amount), weights, currency)
    assert [str(part) for part in result] == parts
    assert sum(result, D(0)) == D(amount)


@pytest.mark.parametrize(
    ("amount", "weights", "key"),
    [
        (D("10.00"), [0, 0], "allocation_weights_zero"),
        (D("10.00"), [], "allocation_weights_zero"),
        (D("10.00"), [1, -1, 3], "allocation_weight_negative"),
        (D("1.005"), [1, 1], "amount_finer_than_currency"),
    ],
)
def test_allocate_refuses_what_cannot_be_split(amount, weights, key):
    with pytest.raises(InvalidAmount) as raised:
        allocate(amount, weights, "EUR")
    assert raised.value.key == key


def test_allocate_refuses_float_weights():
    with pytest.raises(TypeError):
        allocate(D("10.00"), [0.5, 0.5], "EUR")  # type: ignore[list-item]


def test_allocations_always_add_up_and_stay_within_one_unit_of_the_exact_share():
    rng = random.Random(20240611)
    for _ in range(400):
        currency = rng.choice(["EUR", "JPY", "KWD"])
        digits = minor_units(currency)
        amount = D(rng.randint(-(10**9), 10**9)).scaleb(-digits)
        weights = [
            D(f"{rng.randint(0, 10**6)}.{rng.randint(0, 999):03d}")
            for _ in range(rng.randint(1, 12))
        ]
        if not any(weights):
            continue
        parts = allocate(amount, weights, currency)
        assert sum(parts, D(0)) == amount
        unit = Fraction(1, 10**digits)
        total_weight = sum(map(Fraction, weights))
        for part, weight in zip(parts, weights, strict=True):
            assert part.as_tuple().exponent == -digits
            assert abs(Fraction(part) - Fraction(amount) * Fraction(weight) / total_weight) < unit
