"""Does the reply name the proposal it was routed to, or another one?

A client who answers the thread of P-2026-0042 with "we accept P-2026-0041" or "we accept the
3,900 EUR offer" means another proposal (or a changed one): acting on 0042 would invoice the wrong
thing. Any proposal number of the same shape, or any amount, that differs from the answered
proposal is a contradiction; the owner is asked with both named. An amount equal to the
proposal's total only restates it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from mail.inbound.fold import fold
from mail.inbound.lexicon import CURRENCY

# A document number in a subject: letters, a separator, digits ("P-2026-0042", "OF/2026/17").
_SUBJECT_NUMBER = re.compile(r"(?<![\w-])[A-Za-z]{1,6}[-/#.][0-9][\w/.-]*[0-9](?![\w-])")
# Separators: dot, comma, spaces, apostrophe (Swiss) and the Arabic thousands and decimal marks.
_DIGITS = re.compile(r"\d[\d.,\s\u00a0\u202f'\u066b\u066c]*\d|\d")
# A number with its currency before or after it; bounded runs keep garbage linear.
_NUMBER = r"\d(?:[\d.,\u00a0\u202f'\u066b\u066c ]{0,16}\d)?"
_ARABIC_MARKS = str.maketrans({"\u066b": ".", "\u066c": ","})
_AMOUNT = re.compile(
    rf"(?:[€$£]|\b{CURRENCY}) ?{_NUMBER}|{_NUMBER} ?(?:[€$£]|{CURRENCY}(?!\w))", re.IGNORECASE
)


@dataclass(frozen=True)
class Answered:
    """What the reply answers: the routed proposal's number and total, when known."""

    number: str = ""
    total: Decimal | None = None
    currency: str = ""  # ISO 4217; an amount written in another currency is another price

    @classmethod
    def from_subject(cls, subject: str) -> Answered:
        """Without a routed proposal (`assent classify`), the thread's subject names it."""
        found = _SUBJECT_NUMBER.search(subject)
        return cls(number=found.group() if found else "")

    @classmethod
    def from_thread(cls, subject: str, body: str, reply: str) -> Answered:
        """Without a routed proposal, what the thread shows: the subject's number, and the total
        of the quoted proposal when the quote names exactly one amount that the reply did not
        type. A forged quote gains nothing: only a routed proposal (with its stored total) is
        ever acted on; this reading serves `assent classify` and the benches."""
        quoted = Counter(value for _, value in amounts(body))
        quoted.subtract(value for _, value in amounts(reply))
        values = {value for value, count in quoted.items() if count > 0 and value is not None}
        total = values.pop() if len(values) == 1 else None
        return replace(cls.from_subject(subject), total=total)


@dataclass(frozen=True)
class Contradiction:
    """What the reply names, and what the answered proposal is."""

    mentioned: str
    expected: str

    def __str__(self) -> str:
        return f"{self.mentioned} ≠ {self.expected}"


def other_numbers(text: str, answered: Answered) -> list[str]:
    """Numbers shaped like the answered one (digits may differ) that are not it."""
    if not answered.number:
        return []
    shape = re.sub(r"\d+", r"\\d+", re.escape(answered.number))
    pattern = re.compile(rf"(?<![\w-]){shape}(?![\w-])", re.IGNORECASE)
    wanted = answered.number.casefold()
    return [m.group() for m in pattern.finditer(text) if m.group().casefold() != wanted]


def amounts(text: str) -> list[tuple[str, Decimal | None]]:
    """Each amount with a currency as written, and its value when it can be read."""
    return [(m.group().strip(), _value(m.group())) for m in _AMOUNT.finditer(text)]


def _value(written: str) -> Decimal | None:
    """ "4,800.00 EUR", "4.800,00 €", "4 800 €" → 4800.00; the last separator before exactly
    one or two digits is the decimal mark."""
    found = _DIGITS.search(written)
    if found is None:
        return None
    digits = re.sub(r"[\s\u00a0\u202f']", "", found.group().translate(_ARABIC_MARKS))
    decimal = re.search(r"[.,](\d{1,2})$", digits)
    whole = digits[: decimal.start()] if decimal else digits
    whole = re.sub(r"[.,]", "", whole)
    try:
        return Decimal(f"{whole}.{decimal.group(1)}" if decimal else whole)
    except InvalidOperation:
        return None


def contradiction(text: str, answered: Answered) -> Contradiction | None:
    """The first number or amount in the reply that names something else than `answered`."""
    numbers = other_numbers(text, answered)
    if numbers:
        return Contradiction(numbers[0], answered.number)
    if answered.total is None:
        return None
    for written, value in amounts(text):
        if not _is_total(written, value, answered):
            expected = f"{answered.total} {answered.currency}".strip()
            return Contradiction(written, expected)
    return None


def _is_total(written: str, value: Decimal | None, answered: Answered) -> bool:
    """The amount is the answered total, in its currency when both are known ("4.850,00 €" is
    not a total of 4,850.00 GBP; "$" names too many currencies to tell)."""
    currency = _currency(written)
    return value == answered.total and not (
        currency and answered.currency and currency != answered.currency.upper())


def _currency(written: str) -> str:
    """The ISO code of the currency an amount is written in, when only one fits."""
    found = _CURRENCY_WORD.search(fold(written))
    return _ISO.get(found.group(), "") if found else ""


_ISO = {
    "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "يورو": "EUR", "£": "GBP",
    "gbp": "GBP", "usd": "USD", "dollars": "USD", "zl": "PLN", "pln": "PLN", "zlotych": "PLN",
    "ron": "RON", "lei": "RON", "chf": "CHF", "sar": "SAR", "ر.س": "SAR", "aed": "AED",
    "درهم": "AED", "د.ا": "AED", "egp": "EGP", "ج.م": "EGP", "mxn": "MXN", "cop": "COP",
    "ars": "ARS", "clp": "CLP", "pen": "PEN", "brl": "BRL", "reais": "BRL", "mad": "MAD",
    "kwd": "KWD", "qar": "QAR", "bhd": "BHD", "omr": "OMR", "jod": "JOD",
}
_CURRENCY_WORD = re.compile(
    "|".join(re.escape(key) if not key.isalpha() else rf"(?<!\w){key}(?!\w)"
             for key in sorted(_ISO, key=len, reverse=True)))


def restated_total(text: str, answered: Answered) -> bool:
    """Every amount in the reply is the proposal's total (and there is at least one)."""
    found = amounts(text)
    return bool(found) and answered.total is not None and all(
        _is_total(written, value, answered) for written, value in found
    )


def without_amounts(text: str) -> str:
    """The text with its amounts blanked: once they restate the total, they say nothing more."""
    return _AMOUNT.sub(" ", text)


def without_total(text: str, answered: Answered) -> str:
    """The text with the total written without its currency ("por 3.240,00") blanked: another
    number stays, and is read as a word no rule knows."""
    if answered.total is None:
        return text
    return _BARE_NUMBER.sub(
        lambda m: " " if _value(m.group()) == answered.total else m.group(), text)


# A number with a thousands or decimal mark ("3.240,00", "4,850"): not a date or a reference.
_BARE_NUMBER = re.compile(r"(?<![\w.,/-])\d{1,3}(?:[.,\u00a0\u202f' ]\d{3})*[.,]\d{2}(?![\w.,/-])"
                          r"|(?<![\w.,/-])\d{1,3}(?:[.,\u00a0\u202f' ]\d{3})+(?![\w.,/-])")
