"""Postcodes as each country writes them, so intake can tell "28013 Madrid" from a phone number.

The patterns follow Google's libaddressinput data for the countries Assent's owners and their
clients live in. A country missing here (or one without postcodes, like the UAE) checks nothing:
`is_valid` answers None there, meaning "can't tell", never a refusal.
"""

from __future__ import annotations

import re

_PATTERNS = {
    "ES": r"(?:0[1-9]|[1-4]\d|5[0-2])\d{3}",
    "MX": r"\d{5}",
    "AR": r"[A-HJ-NP-Z]?\d{4}(?:[A-Z]{3})?",
    "CO": r"\d{6}",
    "CL": r"\d{7}",
    "PE": r"(?:LIMA \d{1,2}|CALLAO 0?\d)|\d{5}",
    "EC": r"\d{6}",
    "UY": r"\d{5}",
    "PY": r"\d{4,6}",
    "VE": r"\d{4}",
    "CR": r"\d{4,5}(?:-\d{4})?",
    "GT": r"\d{5}",
    "DO": r"\d{5}",
    "SV": r"CP [1-3]\d{3}",
    "HN": r"\d{5}",
    "NI": r"\d{5}",
    "PA": r"\d{4}",
    "CU": r"\d{5}",
    "BR": r"\d{5}-?\d{3}",
    "US": r"\d{5}(?:-\d{4})?",
    "CA": r"[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d",
    "GB": r"GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}",
    "IE": r"[\dA-Z]{3} ?[\dA-Z]{4}",
    "PT": r"\d{4}-\d{3}",
    "FR": r"\d{2} ?\d{3}",
    "BE": r"\d{4}",
    "LU": r"\d{4}",
    "CH": r"\d{4}",
    "AT": r"\d{4}",
    "DE": r"\d{5}",
    "NL": r"\d{4} ?[A-Z]{2}",
    "IT": r"\d{5}",
    "RO": r"\d{6}",
    "MD": r"\d{4}",
    "PL": r"\d{2}-\d{3}",
    "GR": r"\d{3} ?\d{2}",
    "AD": r"AD[1-7]0\d",
    "MA": r"\d{5}",
    "DZ": r"\d{5}",
    "TN": r"\d{4}",
    "EG": r"\d{5}",
    "SA": r"\d{5}(?:-\d{4})?",
    "KW": r"\d{5}",
    "OM": r"(?:PC )?\d{3}",
    "BH": r"(?:1[0-2]|[1-9])\d{2}",
    "JO": r"\d{5}",
    "LB": r"(?:\d{4})(?: ?\d{4})?",
    "IQ": r"\d{5}",
}
COMPILED = {code: re.compile(pattern) for code, pattern in _PATTERNS.items()}
# Countries that have no postcodes at all: a number there is never one.
WITHOUT_POSTCODES = frozenset({"AE", "QA", "HK", "BO", "PA"} - set(_PATTERNS))
# "E-28013", "D-10115", "L-1234": the old European country prefix in front of a postcode.
_PREFIX = re.compile(r"^(?:[A-Z]{1,2}-)(?=\d)")


def normalize(text: str) -> str:
    return _PREFIX.sub("", " ".join(text.split()).upper())


def is_valid(text: str, country: str) -> bool | None:
    """True or False by the country's pattern; None when the country's shape is unknown."""
    pattern = COMPILED.get(country.upper())
    if pattern is None:
        return False if country.upper() in WITHOUT_POSTCODES else None
    return pattern.fullmatch(normalize(text)) is not None


def countries_of(text: str) -> list[str]:
    """Every known country whose postcodes look like `text` (to guess where a bare "28013" is)."""
    value = normalize(text)
    return [code for code, pattern in COMPILED.items() if pattern.fullmatch(value)]
