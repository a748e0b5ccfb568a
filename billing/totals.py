"""Document totals by one set of rules, so a PDF, an email and a report of the same document never
disagree by a cent.

Rules (each one has a test):
1. Exact numbers only (see billing.money): Decimal or int in, a float raises TypeError. Every
   amount out is a Decimal rounded ROUND_HALF_UP to the currency's minor unit (babel: EUR 2,
   JPY 0, KWD and BHD 3).
2. A line has a quantity (may be fractional; negative only on a credit note, which the caller
   says with `allow_negative=True`, else NegativeLineNotAllowed), a unit price (never negative,
   as EN 16931 BR-27 says; else InvalidAmount), a discount percent in 0..100 (else
   InvalidDiscount) and a tax rate percent ≥ 0 (else InvalidTaxRate). A line to be stored
   (`check_storable`, used by every draft line) also has a tax rate ≤ 100
   (tax_rate_out_of_range) and sizes whose amounts fit the columns (20 digits, 4 decimals):
   |quantity| ≤ 10^9 (quantity_too_large), unit price ≤ 10^12
   (unit_price_too_large), |quantity × unit price| ≤ 10^15 (line_amount_too_large), and a
   document's |total| < 10^16 (total_too_large). All are InvalidAmount with `max` in params.
3. Line net = round(quantity × unit price × (100 − discount) / 100), computed exactly and rounded
   once. Rounding the gross and the discount separately would round twice: 3 × 0.335 with 10 %
   off is 0.9045 → 0.90, whereas round(1.005) − round(0.1005) = 1.01 − 0.10 = 0.91. The line
   also reports gross_before_discount = round(quantity × unit price) and discount_amount =
   gross − net, so the printed line adds up even though the discount was never rounded itself.
4. Tax per rate, as EN 16931 computes a VAT category tax amount from its taxable amount
   (BR-CO-17): taxable(rate) = Σ line nets at that rate, tax(rate) = round(taxable × rate / 100).
   Never the sum of per-line rounded taxes: two lines of 0.45 at 10 % carry 0.045 each, which
   rounds to 0.05 + 0.05 = 0.10 line by line, but the category owes 0.90 × 10 % = 0.09.
5. Net = Σ line nets, tax = Σ per-rate taxes, total = net + tax: sums of rounded amounts, so
   nothing is rounded at document level and the three always add up.
6. Rates that are equal as numbers (21, 21.0, 21.00) are one category. The breakdown lists each
   rate once, ascending, written without trailing zeros ("21", "10.5").
7. Credit notes: negative lines give negative nets, taxes and totals. Ties round away from zero,
   so a credit note mirrors the invoice it cancels cent for cent.
8. Every line has a VAT category (UNCL5305, billing.tax_categories): S needs a rate > 0, every
   other category (Z, E, AE, K, G, O) a rate of 0. Without one, a rate > 0 is S and 0 is Z.
   The breakdown has one row per (category, rate) — a 0 % reverse-charge line and a 0 % exempt
   line are two rows, as EN 16931 BG-23 wants — ordered by rate, then category.
9. Withholdings (IRPF, ISR, IVA retenido) are taken on the net, each rounded once:
   amount = round(net × rate / 100). They never change the total (what the invoice is worth,
   VAT included); they lower what the buyer pays: payable = total − Σ withholdings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from billing.errors import (
    InvalidAmount,
    InvalidCurrency,
    InvalidDiscount,
    InvalidTaxCategory,
    InvalidTaxRate,
    NegativeLineNotAllowed,
)
from billing.money import exact_arithmetic, is_valid_currency, quantize, to_decimal
from billing.tax_categories import CATEGORIES, STANDARD, ZERO_RATED

ZERO = Decimal(0)
HUNDRED = Decimal(100)
MAX_QUANTITY = Decimal(10) ** 9
MAX_UNIT_PRICE = Decimal(10) ** 12
MAX_LINE_AMOUNT = Decimal(10) ** 15
MAX_TOTAL = Decimal(10) ** 16  # exclusive: 16 integer digits is what the columns hold


@dataclass(frozen=True)
class LineInput:
    """A line as the owner entered it, checked on creation so that a malformed line never exists."""

    quantity: Decimal
    unit_price: Decimal
    discount_percent: Decimal = ZERO
    tax_rate: Decimal = ZERO
    # None: S when the rate is above 0, Z at 0 (rule 8).
    tax_category: str | None = None

    def __post_init__(self) -> None:
        for field in ("quantity", "unit_price", "discount_percent", "tax_rate"):
            object.__setattr__(self, field, to_decimal(getattr(self, field), field))
        if self.unit_price < 0:
            raise InvalidAmount("unit_price_negative", unit_price=self.unit_price)
        if not ZERO <= self.discount_percent <= HUNDRED:
            raise InvalidDiscount(discount=self.discount_percent)
        if self.tax_rate < 0:
            raise InvalidTaxRate(tax_rate=self.tax_rate)
        category = self.tax_category or (STANDARD if self.tax_rate > 0 else "Z")
        if category not in CATEGORIES:
            raise InvalidTaxCategory("tax_category_unknown", category=category)
        if category == STANDARD and self.tax_rate == 0:
            raise InvalidTaxCategory("tax_category_needs_rate", category=category)
        if category in ZERO_RATED and self.tax_rate != 0:
            raise InvalidTaxCategory("tax_category_rate_zero", category=category)
        object.__setattr__(self, "tax_category", category)

    @property
    def category(self) -> str:
        """The resolved category (never None after construction)."""
        return self.tax_category or STANDARD


def check_storable(line: LineInput) -> LineInput:
    """The bounds of rule 2 a line must meet to be stored (the arithmetic itself has none)."""
    if line.tax_rate > HUNDRED:
        raise InvalidTaxRate("tax_rate_out_of_range", rate=line.tax_rate)
    if abs(line.quantity) > MAX_QUANTITY:
        raise InvalidAmount("quantity_too_large", quantity=line.quantity, max=MAX_QUANTITY)
    if line.unit_price > MAX_UNIT_PRICE:
        raise InvalidAmount("unit_price_too_large", price=line.unit_price, max=MAX_UNIT_PRICE)
    if abs(line.quantity * line.unit_price) > MAX_LINE_AMOUNT:
        raise InvalidAmount("line_amount_too_large", max=MAX_LINE_AMOUNT)
    return line


@dataclass(frozen=True)
class LineTotals:
    """What a line prints: its rounded gross, net, and the discount as their difference."""

    net: Decimal
    gross_before_discount: Decimal
    discount_amount: Decimal


@dataclass(frozen=True)
class TaxBreakdown:
    """One row of the tax table under the lines (EN 16931's VAT breakdown, BG-23)."""

    rate: Decimal
    taxable: Decimal
    tax: Decimal
    category: str = STANDARD


@dataclass(frozen=True)
class Withholding:
    """A tax the buyer keeps back (rule 9), e.g. IRPF 15 % of the net."""

    label: str
    rate: Decimal
    base: Decimal
    amount: Decimal


@dataclass(frozen=True)
class DocumentTotals:
    """Everything a document states about its amounts; stored with it and printed as is."""

    lines: tuple[LineTotals, ...]
    taxes: tuple[TaxBreakdown, ...]
    net: Decimal
    tax: Decimal
    total: Decimal
    currency: str
    withholdings: tuple[Withholding, ...] = ()

    @property
    def withheld(self) -> Decimal:
        return sum((entry.amount for entry in self.withholdings), ZERO)

    @property
    def payable(self) -> Decimal:
        """What the buyer transfers: the total less what it withholds for the tax office."""
        return self.total - self.withheld


def line_totals(line: LineInput, currency: str) -> LineTotals:
    """Rule 3: one rounding per line, of the exact discounted amount."""
    with exact_arithmetic():
        gross = line.quantity * line.unit_price
        net = quantize(gross * (HUNDRED - line.discount_percent) / HUNDRED, currency)
        gross = quantize(gross, currency)
        return LineTotals(net=net, gross_before_discount=gross, discount_amount=gross - net)


def tax_amount(taxable: Decimal, rate: Decimal, currency: str) -> Decimal:
    """Rule 4: the tax a rate's whole taxable amount owes, rounded once."""
    with exact_arithmetic():
        owed = to_decimal(taxable, "taxable") * to_decimal(rate, "rate") / HUNDRED
        return quantize(owed, currency)


def compute_totals(
    lines: Iterable[LineInput],
    currency: str,
    *,
    allow_negative: bool = False,
    withholding_rates: Iterable[tuple[str, Decimal]] = (),
) -> DocumentTotals:
    """Totals of a proposal, invoice or credit note (`allow_negative=True`), by rules 1 to 9;
    `withholding_rates` are (label, percent) pairs the buyer withholds."""
    if not is_valid_currency(currency):
        raise InvalidCurrency(currency=currency)
    lines = tuple(lines)
    for number, line in enumerate(lines, start=1):
        if line.quantity < 0 and not allow_negative:
            raise NegativeLineNotAllowed(line=number, quantity=line.quantity)
    per_line = tuple(line_totals(line, currency) for line in lines)
    taxable: dict[tuple[Decimal, int], Decimal] = {}
    with exact_arithmetic():
        for line, result in zip(lines, per_line, strict=True):
            key = (line.tax_rate, CATEGORIES.index(line.category))
            taxable[key] = taxable.get(key, ZERO) + result.net
        taxes = tuple(
            TaxBreakdown(
                rate=_plain(rate),
                taxable=quantize(amount, currency),
                tax=tax_amount(amount, rate, currency),
                category=CATEGORIES[category],
            )
            for (rate, category), amount in sorted(taxable.items())
        )
        net = quantize(sum((result.net for result in per_line), ZERO), currency)
        tax = quantize(sum((breakdown.tax for breakdown in taxes), ZERO), currency)
        if abs(net + tax) >= MAX_TOTAL:
            raise InvalidAmount("total_too_large", max=MAX_TOTAL - 1)
        withholdings = tuple(
            Withholding(label, _plain(rate), net, tax_amount(net, rate, currency))
            for label, rate in withholding_rates
        )
        return DocumentTotals(
            lines=per_line,
            taxes=taxes,
            net=net,
            tax=tax,
            total=net + tax,
            currency=currency,
            withholdings=withholdings,
        )


def _plain(rate: Decimal) -> Decimal:
    """21.00 → 21 and 10.50 → 10.5, without normalize()'s 2E+1 for 20."""
    return rate.quantize(Decimal(1)) if rate == rate.to_integral_value() else rate.normalize()
