"""Tax identification numbers: checked by country with python-stdnum, and told apart by kind.

An invoice must print the seller's VAT identification number (EU VAT Directive Art. 226(3)),
with its country prefix so that it reads the same in every member state, and the buyer's where
the buyer is liable (reverse charge, intra-EU supplies). Not every tax ID is a VAT ID: a Spanish
consumer has a NIF, a Mexican company an RFC, a Romanian company not registered for VAT a CUI,
a Gulf business a TRN. The kind decides the label printed next to the number ("RFC", not
"NIF-IVA") and what the e-invoice may call a VAT identifier.

Kinds: "vat" (an EU VAT ID, stored with its prefix: ESB12345674), "es_nif", "pt_nif", "ro_cui",
"mx_rfc", "gcc_trn", or "" (a tax ID of another country, checked where stdnum knows the country).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import ModuleType

from stdnum import exceptions as stdnum_errors
from stdnum.es import nif as es_nif
from stdnum.eu import vat as eu_vat
from stdnum.mx import rfc as mx_rfc
from stdnum.pt import nif as pt_nif
from stdnum.ro import cui as ro_cui
from stdnum.util import get_cc_module

from billing.errors import BillingError

MAX_LENGTH = 40
# Countries whose own registration number is commonly printed instead of a VAT ID.
NATIONAL: dict[str, tuple[str, ModuleType]] = {
    "ES": ("es_nif", es_nif),
    "PT": ("pt_nif", pt_nif),
    "RO": ("ro_cui", ro_cui),
    "MX": ("mx_rfc", mx_rfc),
}
# Gulf VAT: a 15-digit Tax Registration Number (UAE, Saudi Arabia, Bahrain, Oman).
GCC_TRN = frozenset({"AE", "SA", "BH", "OM", "QA", "KW"})
_TRN = re.compile(r"\d{15}")
KINDS = ("vat", *(kind for kind, _ in NATIONAL.values()), "gcc_trn", "")


class InvalidTaxId(BillingError, ValueError):
    """A tax ID is empty, too long, or fails its country's check digits or shape."""

    key = "tax_id_invalid"


@dataclass(frozen=True)
class TaxId:
    number: str
    kind: str


def vat_prefix(country: str) -> str:
    """The prefix EU VAT IDs of `country` carry: the ISO code, except EL for Greece."""
    return "EL" if country == "GR" else country


def is_eu(country: str) -> bool:
    return country.lower() in eu_vat.MEMBER_STATES


def parse_tax_id(text: str, country: str, *, seller: bool = False) -> TaxId:
    """Read a typed tax ID of a party in `country` (ISO code, may be empty).

    A seller in the EU always gets a prefixed VAT ID (B12345674 → ESB12345674): that is what its
    invoices must print. A client in the EU typed without a prefix keeps its national number where
    the country has one (a Spanish NIF), and otherwise becomes a VAT ID of its country.
    """
    raw = re.sub(r"[\s.\-/]", "", text).upper()
    if not raw or len(raw) > MAX_LENGTH:
        raise InvalidTaxId("tax_id_length")
    country = country.upper()
    if eu_vat.is_valid(raw) and (not country or _prefix_country(raw) == country):
        return TaxId(eu_vat.compact(raw), "vat")
    national = NATIONAL.get(country)
    if is_eu(country) and (seller or national is None):
        prefixed = vat_prefix(country) + raw
        if eu_vat.is_valid(prefixed):
            return TaxId(eu_vat.compact(prefixed), "vat")
        raise InvalidTaxId(country=country)
    if national is not None:
        kind, module = national
        try:
            return TaxId(module.compact(module.validate(raw)), kind)
        except stdnum_errors.ValidationError:
            raise InvalidTaxId(country=country) from None
    if country in GCC_TRN:
        if not _TRN.fullmatch(raw):
            raise InvalidTaxId("tax_id_trn", country=country)
        return TaxId(raw, "gcc_trn")
    return TaxId(_other(raw, country), "")


def tax_id_kind(number: str, country: str) -> str:
    """The kind of a stored tax ID; "" when it no longer reads as its country's."""
    if not number:
        return ""
    try:
        return parse_tax_id(number, country).kind
    except InvalidTaxId:
        return ""


def checks_country(number: str, country: str) -> bool:
    """Whether parse_tax_id(number, country) verifies anything (check digits or a fixed shape),
    rather than taking any letters and digits for a country python-stdnum does not know."""
    raw = re.sub(r"[\s.\-/]", "", number).upper()
    if eu_vat.is_valid(raw):
        return True
    country = country.upper()
    return bool(
        country
        and (is_eu(country) or country in NATIONAL or country in GCC_TRN
             or _stdnum_module(country) is not None)
    )


def _prefix_country(number: str) -> str:
    prefix = number[:2]
    return "GR" if prefix == "EL" else prefix


def _other(raw: str, country: str) -> str:
    module = _stdnum_module(country)
    if module is None:
        if not raw.isalnum():
            raise InvalidTaxId("tax_id_characters")
        return raw
    try:
        return str(module.compact(module.validate(raw)))
    except stdnum_errors.ValidationError:
        raise InvalidTaxId(country=country) from None


def _stdnum_module(country: str) -> ModuleType | None:
    if not country:
        return None
    for kind in ("vat", "tin"):
        try:
            return get_cc_module(country.lower(), kind)
        except (ImportError, ValueError):
            continue
    return None
