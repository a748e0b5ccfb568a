"""Document totals: tax per rate from the rate's taxable amount, net + tax = total, credit notes
mirror invoices, and every invalid line is refused with a named error (billing/totals.py)."""

from __future__ import annotations

import random
from decimal import Decimal as D
from fractions import Fraction

import pytest

from billing.errors import (
    BillingError,
    InvalidAmount,
    InvalidCurrency,
    InvalidDiscount,
    InvalidTaxRate,
    NegativeLineNotAllowed,
)
from billing.money import minor_units, quantize
from billing.totals import DocumentTotals, LineInput, compute_totals, tax_amount

MIXED_RATES = [
    LineInput(D("3"), D("19.99"), tax_rate=D("21")),  # 59.97
    LineInput(D("1"), D("0.45"), tax_rate=D("10")),
    LineInput(D("1"), D("0.45"), tax_rate=D("10")),
    LineInput(D("2.5"), D("12.34"), discount_percent=D("15"), tax_rate=D("4")),  # 26.2225
    LineInput(D("1"), D("100"), tax_rate=D("0")),
]


def rows(totals: DocumentTotals) -> list[tuple[str, str, str]]:
    return [(str(row.rate), str(row.taxable), str(row.tax)) for row in totals.taxes]


def test_mixed_rates_are_taxed_per_rate_in_ascending_order():
    totals = compute_totals(MIXED_RATES, "EUR")
    assert [str(line.net) for line in totals.lines] == ["59.97", "0.45", "0.45", "26.22", "100.00"]
    assert rows(totals) == [
        ("0", "100.00", "0.00"),
        ("4", "26.22", "1.05"),  # 1.0488
        ("10", "0.90", "0.09"),  # 0.090
        ("21", "59.97", "12.59"),  # 12.5937
    ]
    assert (str(totals.net), str(totals.tax), str(totals.total)) == ("187.09", "13.73", "200.82")
    assert totals.currency == "EUR"


def test_per_rate_tax_differs_from_summing_per_line_rounded_taxes():
    """Each 0.45 line at 10 % owes 0.045, which would round to 0.05 twice: a cent too much."""
    totals = compute_totals(MIXED_RATES, "EUR")
    per_line = sum(
        (
            quantize(net.net * line.tax_rate / 100, "EUR")
            for net, line in zip(totals.lines, MIXED_RATES, strict=True)
        ),
        D(0),
    )
    assert str(per_line) == "13.74"
    assert str(totals.tax) == "13.73"
    assert str(tax_amount(D("0.90"), D("10"), "EUR")) == "0.09"


def test_equal_rates_form_one_row_written_without_trailing_zeros():
    lines = [
        LineInput(D(1), D(10), tax_rate=D("21.00")),
        LineInput(D(1), D(10), tax_rate=D("10.50")),
        LineInput(D(1), D(10), tax_rate=D("21")),
        LineInput(D(1), D(10), tax_rate=D("21.0")),
        LineInput(D(1), D(10), tax_rate=D("20")),
    ]
    assert rows(compute_totals(lines, "EUR")) == [
        ("10.5", "10.00", "1.05"),
        ("20", "10.00", "2.00"),
        ("21", "30.00", "6.30"),
    ]


def test_yen_has_no_decimals_anywhere():
    totals = compute_totals([LineInput(D(3), D("333.5"), tax_rate=D(10))], "JPY")  # 1000.5
    assert (str(totals.net), str(totals.tax), str(totals.total)) == ("1001", "100", "1101")
    assert rows(totals) == [("10", "1001", "100")]


@pytest.mark.parametrize("currency", ["KWD", "BHD"])
def test_three_decimal_currencies(currency: str):
    totals = compute_totals([LineInput(D(2), D("1.2345"), tax_rate=D(5))], currency)  # 2.469
    assert (str(totals.net), str(totals.tax), str(totals.total)) == ("2.469", "0.123", "2.592")


def test_full_discount_leaves_nothing_to_tax():
    totals = compute_totals([LineInput(D(4), D("99.99"), D(100), D(21))], "EUR")
    line = totals.lines[0]
    assert (str(line.net), str(line.gross_before_discount), str(line.discount_amount)) == (
        "0.00",
        "399.96",
        "399.96",
    )
    assert (str(totals.tax), str(totals.total)) == ("0.00", "0.00")


def test_an_empty_document_totals_zero_in_its_currency():
    totals = compute_totals([], "EUR")
    assert (totals.lines, totals.taxes) == ((), ())
    assert (str(totals.net), str(totals.tax), str(totals.total)) == ("0.00", "0.00", "0.00")


def test_big_quantities_stay_exact():
    lines = [
        LineInput(D(10**9), D("999999.99"), tax_rate=D(21)),
        LineInput(D("123456789.123456"), D("0.000001"), tax_rate=D(21)),  # 123.456789…
    ]
    totals = compute_totals(lines, "EUR")
    assert str(totals.net) == "999999990000123.46"
    assert str(totals.tax) == "209999997900025.93"  # 21 % of …123.46 is …025.9266
    assert totals.total == totals.net + totals.tax


def test_a_credit_note_mirrors_its_invoice():
    invoice = compute_totals(MIXED_RATES, "EUR")
    negated = [
        LineInput(-line.quantity, line.unit_price, line.discount_percent, line.tax_rate)
        for line in MIXED_RATES
    ]
    credit = compute_totals(negated, "EUR", allow_negative=True)
    assert (credit.net, credit.tax, credit.total) == (-invoice.net, -invoice.tax, -invoice.total)
    assert [(row.rate, -row.taxable, -row.tax) for row in invoice.taxes] == [
        (row.rate, row.taxable, row.tax) for row in credit.taxes
    ]
    assert [-line.net for line in invoice.lines] == [line.net for line in credit.lines]
    assert str(credit.total) == "-200.82"


def test_a_credit_note_may_mix_negative_and_positive_lines():
    lines = [LineInput(D(-2), D("50"), tax_rate=D(21)), LineInput(D(1), D("30"), tax_rate=D(21))]
    totals = compute_totals(lines, "EUR", allow_negative=True)
    assert (str(totals.net), str(totals.tax), str(totals.total)) == ("-70.00", "-14.70", "-84.70")


def test_negative_lines_need_a_credit_note():
    lines = [LineInput(D(1), D(10)), LineInput(D("-0.5"), D(10))]
    with pytest.raises(NegativeLineNotAllowed) as raised:
        compute_totals(lines, "EUR")
    assert raised.value.key == "negative_line_not_allowed"
    assert raised.value.params == {"line": 2, "quantity": D("-0.5")}


@pytest.mark.parametrize(
    ("fields", "error", "key"),
    [
        ({"discount_percent": D("100.01")}, InvalidDiscount, "discount_out_of_range"),
        ({"discount_percent": D("-0.01")}, InvalidDiscount, "discount_out_of_range"),
        ({"tax_rate": D("-1")}, InvalidTaxRate, "tax_rate_negative"),
        ({"unit_price": D("-5")}, InvalidAmount, "unit_price_negative"),
        ({"quantity": D("NaN")}, InvalidAmount, "amount_not_finite"),
        ({"tax_rate": D("Infinity")}, InvalidAmount, "amount_not_finite"),
    ],
)
def test_invalid_lines_raise_named_errors_with_message_keys(fields, error, key):
    values = {"quantity": D(1), "unit_price": D(10)} | fields
    with pytest.raises(error) as raised:
        LineInput(**values)
    assert raised.value.key == key
    assert isinstance(raised.value, BillingError) and isinstance(raised.value, ValueError)
    if error is InvalidDiscount:
        assert raised.value.params == {"discount": fields["discount_percent"]}


def test_boundary_discounts_and_a_zero_rate_are_valid():
    for discount in (D(0), D(100)):
        assert LineInput(D(1), D(10), discount, D(0)).discount_percent == discount


@pytest.mark.parametrize("currency", ["XYZ", "eur", "", "EURO"])
def test_documents_need_a_known_currency_even_without_lines(currency: str):
    with pytest.raises(InvalidCurrency):
        compute_totals([], currency)


def test_float_inputs_are_type_errors():
    with pytest.raises(TypeError):
        LineInput(D(1), D(10), tax_rate=21.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        tax_amount(0.9, D(10), "EUR")  # type: ignore[arg-type]


def half_up(value: Fraction, digits: int) -> Fraction:
    """An oracle independent of Decimal: round half away from zero in integer arithmetic."""
    scaled = abs(value) * 10**digits
    units = (scaled.numerator * 2 + scaled.denominator) // (scaled.denominator * 2)
    return Fraction(units if value >= 0 else -units, 10**digits)


def random_line(rng: random.Random, allow_negative: bool) -> LineInput:
    sign = "-" if allow_negative and rng.random() < 0.4 else ""
    quantity = f"{sign}{rng.randint(0, 10 ** rng.randint(0, 7))}.{rng.randint(0, 999):03d}"
    price = f"{rng.randint(0, 10 ** rng.randint(0, 6))}.{rng.randint(0, 999999):06d}"
    discount = rng.choice(["0", "0", "5", "12.5", "33.3333", "100", f"{rng.randint(0, 100)}"])
    rate = rng.choice(["0", "4", "5.5", "10", "19", "21", "21.00", "7.7"])
    return LineInput(D(quantity), D(price), D(discount), D(rate))


def test_totals_always_add_up_on_random_documents():
    rng = random.Random(16931)
    for _ in range(500):
        currency = rng.choice(["EUR", "JPY", "KWD", "BHD", "USD"])
        digits = minor_units(currency)
        allow_negative = rng.random() < 0.3
        lines = [random_line(rng, allow_negative) for _ in range(rng.randint(0, 12))]
        totals = compute_totals(lines, currency, allow_negative=allow_negative)

        assert totals.total == totals.net + totals.tax
        assert totals.net == sum((line.net for line in totals.lines), D(0))
        assert totals.tax == sum((row.tax for row in totals.taxes), D(0))
        assert totals.net == sum((row.taxable for row in totals.taxes), D(0))
        assert [row.rate for row in totals.taxes] == sorted({line.tax_rate for line in lines})
        amounts = [totals.net, totals.tax, totals.total]
        for line, result in zip(lines, totals.lines, strict=True):
            exact = Fraction(line.quantity) * Fraction(line.unit_price)
            exact *= 1 - Fraction(line.discount_percent) / 100
            assert Fraction(result.net) == half_up(exact, digits)
            assert result.gross_before_discount - result.discount_amount == result.net
            amounts += [result.net, result.gross_before_discount, result.discount_amount]
        for row in totals.taxes:
            nets = [
                r.net
                for line, r in zip(lines, totals.lines, strict=True)
                if line.tax_rate == row.rate
            ]
            assert row.taxable == sum(nets, D(0))
            assert Fraction(row.tax) == half_up(
                Fraction(row.taxable) * Fraction(row.rate) / 100, digits
            )
            amounts += [row.taxable, row.tax]
        assert all(amount.as_tuple().exponent == -digits for amount in amounts)
        assert not any(amount.is_zero() and amount.is_signed() for amount in amounts)
