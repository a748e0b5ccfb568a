"""The values with a checkable shape: email, website, phone, tax ID, each read by its validator.

Each reader takes one piece of text, returns what it recognised and the piece without it, so what
is left can still be a name or an address. Something that has the shape but fails the check is
returned as a doubt, never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from stdnum.util import get_cc_module

from billing.clients.intake.labels import LABELS, label_before
from billing.countries import fold
from billing.tax_ids import InvalidTaxId, TaxId, checks_country, is_eu, parse_tax_id

# Local part and labels bounded by their RFC 5321 limits, so a long run of letters costs little.
_EMAIL = re.compile(
    r"(?:mailto:)?(?<![\w.+'’-])[\w.+'’-]{0,63}[\w'-]@[\w-]{0,63}(?:\.+[\w-]{1,63}){0,8}",
    re.UNICODE,
)
_URL = re.compile(
    r"(?<![\w@.])(?:(?:https?://)?(?:www\.)[^\s,;|<>()]+|https?://[^\s,;|<>()]+|"
    r"[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.([a-z]{2,12})(?:/[^\s,;|<>()]*)?)(?![\w@])",
    re.IGNORECASE,
)
_GENERIC_TLDS = frozenset(
    str.split(
        "com net org info biz io co app dev shop store online site tech eu cat gal eus pro agency "
        "studio design digital email cloud consulting legal law travel media global group"
    )
)
_SOCIAL = re.compile(
    r"(^|\.|//)(linkedin\.com|lnkd\.in|twitter\.com|x\.com|facebook\.com|fb\.com|fb\.me|"
    r"instagram\.com|youtube\.com|youtu\.be|tiktok\.com|wa\.me|t\.me|github\.com|pinterest\.|"
    r"threads\.net|behance\.net|dribbble\.com|vimeo\.com|calendly\.com|bit\.ly)",
    re.IGNORECASE,
)
# A word that could be a tax ID: letters and digits, maybe dotted or dashed, 8 to 16 long.
_TAX_TOKEN = re.compile(r"(?<![\w@.+])(?:[A-Z]{2}[ -])?[A-Z0-9][A-Z0-9.\-/]{6,18}[A-Z0-9](?![\w@])")
_TAX_SHAPE = re.compile(r"^(?=(?:\D*\d){5})(?=.*[A-Z])[A-Z0-9]{8,16}$")
_PHONE_WORDS = sorted(
    (word for word, kind in LABELS.items() if kind in ("phone", "mobile", "fax") and len(word) > 2),
    key=len,
    reverse=True,
)
_INLINE_PHONE = re.compile(
    r"(?<![\w@.])(" + "|".join(re.escape(word) for word in _PHONE_WORDS) + r")\.?\s*:?\s*"
    r"(\+?\(?\d[\d\s().\-/]*\d)(?![\w@])",
    re.IGNORECASE,
)
_MIN_UNLABELLED = 6  # digits a number needs to be taken for a phone without a label
_DIGIT_RUN = re.compile(r"^\+?[\d\s().\-/]*\d[\d\s().\-/]*$")


@dataclass
class Found:
    """What one reader saw in a piece: values by kind, doubts by kind, and the rest of the text."""

    rest: str
    values: list[tuple[str, str]] = field(default_factory=list)
    doubts: list[tuple[str, str]] = field(default_factory=list)


def read_emails(text: str) -> Found:
    found = Found(text)
    for match in _EMAIL.finditer(text):
        raw = match.group(0).removeprefix("mailto:").strip(".'’")
        address = check_email(raw)
        if address:
            found.values.append(("email", address))
        else:
            found.doubts.append(("email", raw))
        found.rest = found.rest.replace(match.group(0), " ", 1)
    return found


def check_email(text: str) -> str | None:
    """Syntax only, as the form's email question checks it (no DNS)."""
    try:
        return validate_email(text.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def read_websites(text: str) -> Found:
    """Social profiles are recognised and left out: they are not the client's web site."""
    found = Found(text)
    for match in _URL.finditer(text):
        raw = match.group(0).rstrip(".")
        tld = match.group(1)
        if tld and tld.lower() not in _GENERIC_TLDS and len(tld) != 2:
            continue
        if tld and re.search(r"\.[A-Z]", raw) and not raw.isupper():
            continue  # "Av.Diagonal", "S.L.": capitalised words, not a host name
        if tld and len(tld) == 2 and not raw.islower():
            continue
        found.rest = found.rest.replace(match.group(0), " ", 1)
        if not _SOCIAL.search(raw):
            found.values.append(("website", raw))
    return found


def read_phones(text: str, regions: list[str], hint: str = "") -> Found:
    """Every number phonenumbers finds; the label before each says phone, mobile or fax.

    `regions`: where a number without its country code may be from, most likely first (the
    country the text names, then the business's)."""
    found = Found(text)
    first = regions[0] if regions else None
    matches = list(phonenumbers.PhoneNumberMatcher(text, first, phonenumbers.Leniency.POSSIBLE))
    for match in matches:
        label = label_before(text[: match.start]) or hint
        if not label and sum(ch.isdigit() for ch in match.raw_string) < _MIN_UNLABELLED:
            continue  # "Hauptstraße 15": a house number, not a phone
        kind = label or "phone"
        if kind not in ("phone", "mobile", "fax"):
            kind = "phone"
        value = check_phone(match.raw_string, regions)
        if value:
            found.values.append((kind, value))
        else:
            found.doubts.append((kind, match.raw_string))
        found.rest = found.rest.replace(match.raw_string, " ", 1)
    if not matches and hint in ("phone", "mobile", "fax") and re.search(r"\d", text):
        value = check_phone(text, regions)
        if value:
            found.values.append((hint, value))
        else:
            found.doubts.append((hint, text.strip()))
        found.rest = ""
    return found


def read_labelled_phones(text: str, regions: list[str]) -> Found:
    """ "… RFC ROOM880714HJ5 tel 33 361": a number after a phone label inside a line, however
    short (too short to be a phone is a doubt, not nothing)."""
    found = Found(text)
    for match in _INLINE_PHONE.finditer(text):
        kind = LABELS.get(fold(match.group(1).rstrip(".")), "phone")
        value = check_phone(match.group(2), regions)
        if value:
            found.values.append((kind, value))
        elif kind != "fax":
            found.doubts.append((kind, match.group(2).strip()))
        found.rest = found.rest.replace(match.group(0), " ", 1)
    return found


def check_phone(text: str, regions: list[str]) -> str | None:
    """E.164 of the first reading that is a valid number in one of `regions`."""
    for region in [*regions, None] if regions else [None]:
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return e164(number)
    return None


def e164(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_country(e164_number: str) -> str:
    try:
        return phonenumbers.region_code_for_number(phonenumbers.parse(e164_number)) or ""
    except phonenumbers.NumberParseException:
        return ""


def is_digit_run(text: str) -> bool:
    """"600", "+34 (91) 234-56-78": only what a phone number is written with."""
    return bool(_DIGIT_RUN.match(text.strip())) and sum(ch.isdigit() for ch in text) >= 3


def read_tax_ids(text: str, countries: list[str]) -> Found:
    """Unlabelled tax IDs count only when a country's check confirms them (letters and digits
    that fail every check are left for the other readers: a part number is not a doubt)."""
    found = Found(text)
    for match in _TAX_TOKEN.finditer(text.upper()):
        raw = match.group(0)
        compact = re.sub(r"[\s.\-/]", "", raw)
        if not _TAX_SHAPE.match(compact):
            continue
        tax_id = check_tax_id(compact, [*vat_prefix_country(compact), *countries], strict=True)
        if tax_id is None:
            continue
        found.values.append(("tax_id", tax_id.number))
        start, end = match.span()
        found.rest = found.rest[:start] + " " * (end - start) + found.rest[end:]
    return found


def vat_prefix_country(text: str) -> list[str]:
    """The EU country an EU VAT number's prefix names ("IT…" → IT, "EL…" → GR), checked first:
    a client abroad is written with their own prefix, whatever the business's country."""
    country = {"EL": "GR"}.get(text[:2].upper(), text[:2].upper())
    return [country] if country.isalpha() and is_eu(country) else []


# A country's other registered numbers, valid but not what an invoice's tax ID field holds.
_OTHER_NUMBERS = ("siret", "siren", "cpf", "stnr", "codicefiscale", "nie", "cnp", "utr", "ein",
                  "idnr", "rut", "dni", "curp", "nss")


def other_tax_number(text: str, countries: list[str]) -> str | None:
    """The name of the national number `text` is (a French SIRET, a Brazilian CPF), if any."""
    for country in dict.fromkeys(countries):
        for name in _OTHER_NUMBERS:
            module = get_cc_module(country.lower(), name)
            if module is not None and module.is_valid(text):
                return name.upper()
    return None


def check_tax_id(text: str, countries: list[str], *, strict: bool = False) -> TaxId | None:
    """The first country (in order of likelihood) whose rules accept `text`. Strict: only a
    country whose check digits or shape python-stdnum really verifies counts; not strict and
    no country known: any letters and digits (a labelled tax ID of an unknown country)."""
    candidates = countries or ([] if strict else [""])
    for country in dict.fromkeys(candidates):
        if strict and not checks_country(text, country):
            continue
        try:
            return parse_tax_id(text, country)
        except InvalidTaxId:
            continue
    return None
