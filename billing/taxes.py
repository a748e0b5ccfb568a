"""Standard VAT/GST rates offered per country when a business has not set its own list.

Only a convenience for the chat's suggestions: the rate on each line is what counts, and the owner
can type any rate. Rates as of 2026 (percent); the first is the standard rate.
"""

from __future__ import annotations

from decimal import Decimal

RATES: dict[str, tuple[str, ...]] = {
    "ES": ("21", "10", "4", "0"),
    "MX": ("16", "8", "0"),
    "FR": ("20", "10", "5.5", "2.1", "0"),
    "DE": ("19", "7", "0"),
    "PT": ("23", "13", "6", "0"),
    "IT": ("22", "10", "5", "4", "0"),
    "NL": ("21", "9", "0"),
    "RO": ("21", "11", "0"),  # Legea 141/2025: 21 % and 11 % since 1 August 2025
    "PL": ("23", "8", "5", "0"),
    "BE": ("21", "12", "6", "0"),
    "IE": ("23", "13.5", "9", "0"),
    "AT": ("20", "13", "10", "0"),
    "GB": ("20", "5", "0"),
}


def default_rates(country: str, configured: list[str] | None = None) -> list[Decimal]:
    """The business's own list if it has one, else its country's, else just 0 %."""
    source = configured or RATES.get(country.upper(), ("0",))
    return [Decimal(rate) for rate in source]
