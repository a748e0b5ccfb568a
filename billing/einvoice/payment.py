"""How clients pay, as the UNCL4461 payment means code an e-invoice carries (BT-81).

The owner picks bank transfer, card or cash in /settings; a bank transfer is a SEPA credit
transfer (58) when the IBAN belongs to a SEPA country, otherwise a plain credit transfer (30).
The code is frozen into the issued view with the IBAN it was derived from.
"""

from __future__ import annotations

from dataclasses import replace

from billing.pdf.view import BankView

TRANSFER, CARD, CASH = "transfer", "card", "cash"
PAYMENT_MEANS = (TRANSFER, CARD, CASH)
CODES = {CARD: "48", CASH: "10"}  # 48 bank card, 10 in cash
SEPA_CREDIT_TRANSFER, CREDIT_TRANSFER = "58", "30"
SEPA_COUNTRIES = frozenset(
    {
        *("AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU"),
        *("IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"),
        *("IS", "LI", "NO", "CH", "GB", "GI", "MC", "SM", "AD", "VA", "AL", "ME", "MD", "MK"),
    }
)


def payment_means_code(means: str, iban: str) -> str:
    """The UNCL4461 code for the business's chosen means and the IBAN it prints."""
    if means in CODES:
        return CODES[means]
    country = iban.replace(" ", "")[:2].upper()
    return SEPA_CREDIT_TRANSFER if country in SEPA_COUNTRIES else CREDIT_TRANSFER


def with_payment_means(bank: BankView | None, means: str) -> BankView | None:
    """The printed bank details with the code of how clients pay, frozen together at issue."""
    if bank is None:
        return None
    return replace(bank, payment_means_code=payment_means_code(means, bank.iban))
