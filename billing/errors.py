"""Why billing refused an input, as classes the chat can catch and explain in the owner's language.

Every error carries a message key (`.key`, msgid-style, e.g. "discount_out_of_range") and the
values to fill into it (`.params`), so the adapter that shows it picks the wording and the
language; the exception text itself is for logs only, so it names the params but shows only the
values that are ids or counts (ints): what a person typed (a name, a postcode, an amount) stays
out of the logs. Each class also subclasses the built-in exception with the same meaning
(ValueError), so generic code that catches ValueError still works.
"""

from __future__ import annotations


class BillingError(Exception):
    """A billing rule refused an input; `key` and `params` say which rule and with what values."""

    key = "billing_error"

    def __init__(self, key: str | None = None, **params: object) -> None:
        self.key = key or type(self).key
        self.params = params
        details = ", ".join(
            f"{name}={value}" if isinstance(value, int) else name for name, value in params.items()
        )
        super().__init__(f"{self.key}: {details}" if details else self.key)


class InvalidAmount(BillingError, ValueError):
    """A number is unreadable, not finite, too precise, or negative where it may not be."""

    key = "amount_not_a_number"


class InvalidCurrency(BillingError, ValueError):
    """A currency code is not an uppercase ISO 4217 code that babel knows."""

    key = "currency_unknown"


class InvalidDiscount(BillingError, ValueError):
    """A line discount lies outside 0 to 100 percent."""

    key = "discount_out_of_range"


class InvalidTaxRate(BillingError, ValueError):
    """A line tax rate is negative."""

    key = "tax_rate_negative"


class InvalidTaxCategory(BillingError, ValueError):
    """A VAT category is unknown or does not fit the rate (S needs a rate, the others 0 %)."""

    key = "tax_category_invalid"


class NegativeLineNotAllowed(BillingError, ValueError):
    """A line has a negative quantity on a document that is not a credit note."""

    key = "negative_line_not_allowed"
