"""One piece of a pasted text → what it holds: checked values first, then words by their kind.

Values with a validator (email, website, tax ID, phone) are taken out of the piece first, so
"María López <maria@olivar.es>" leaves "María López" to be read as a name. What is left is an
address part, a country, a job title, a company, a person's name, or "unknown" for parse.py to
place by its position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from billing.clients.intake import address, names, values
from billing.clients.intake.labels import LABELS, split_label
from billing.countries import fold, is_country_code

_WRAPPERS = " \t,;:-–—<>()[]{}\"'«»*_"
_ABBREVIATION_END = re.compile(r"(^|[\s.])\w{1,3}\.$")  # "S.L.", "Av.", "Inc." keep their dot


@dataclass
class Piece:
    """A piece of one line; `kind` is what it was read as, `found` the checked values in it."""

    line: int
    text: str
    kind: str = ""
    value: str = ""
    found: list[tuple[str, str]] = field(default_factory=list)
    doubts: list[tuple[str, str]] = field(default_factory=list)


def classify(piece: Piece, countries: list[str], region: str | None) -> None:
    """`countries`: where the client may be, most likely first (named in the text, then the
    business's `region`); tax IDs and local phone numbers are read for them."""
    label, text = split_label(piece.text)
    if label:
        _labelled(piece, label, text, countries, region)
        return
    rest = text
    for reader in (values.read_emails, values.read_websites):
        found = reader(rest)
        _take(piece, found)
        rest = found.rest
    found = values.read_tax_ids(rest, countries)
    _take(piece, found)
    rest = found.rest
    if not (address.postcode_city(rest.strip()) or address.is_po_box(rest.strip())):
        found = values.read_phones(rest, countries)
        _take(piece, found)
        rest = found.rest
    remainder = _leftover(rest)
    if remainder:
        piece.kind, piece.value = read_words(remainder, region)
        if piece.kind == "phone_doubt":
            piece.doubts.append(("phone", remainder))
            piece.kind = ""


def read_words(text: str, region: str | None) -> tuple[str, str]:
    """What a piece without checkable values is, by its shape and words."""
    code = address.country_of(text)
    if code:
        return "country", code
    if address.is_po_box(text):
        return "po_box", text
    if re.match(r"^(c\.?\s?p\.?|cp|plz|zip)\b", text, re.IGNORECASE) or not address.is_street(
        text
    ):
        located = address.postcode_city(text)
        if located and (located[1] or _bare_postcode(located[0], region)):
            return "postcode", "\t".join(located)
    if address.is_street(text):
        return "street", text
    if values.is_digit_run(text):
        return "phone_doubt", text
    if names.is_legal_form(text):
        return "legal_form", text
    if names.is_role(text) and not names.is_company(text.split()[-1]) and "&" not in text:
        return "role", text
    if names.is_company(text):
        return "company", text
    if names.is_person_name(text):
        return "name", text
    return "unknown", text


def _bare_postcode(code: str, region: str | None) -> bool:
    """A number alone is a postcode only when it has a postcode's exact shape where it is."""
    return bool(region) and address.check_postcode(code, region or "") is True and len(code) >= 4


def _labelled(
    piece: Piece, label: str, text: str, countries: list[str], region: str | None
) -> None:
    if label == "email":
        found = values.read_emails(text)
        _take(piece, found)
        if not found.values and not found.doubts:
            piece.doubts.append(("email", text))
    elif label == "website":
        found = values.read_websites(text)
        _take(piece, found)
        if not found.values and _leftover(found.rest):
            piece.doubts.append(("website", text))
    elif label in ("phone", "mobile", "fax"):
        _take(piece, values.read_phones(text, countries, hint=label))
    elif label == "tax_id":
        tax_id = values.check_tax_id(text, countries)
        if tax_id is None:
            piece.doubts.append(("tax_id", text))
        else:
            piece.found.append(("tax_id", tax_id.number))
    elif label == "country":
        code = address.country_of(text) or (text.upper() if is_country_code(text) else "")
        if code:
            piece.kind, piece.value = "country", code
        else:
            piece.doubts.append(("country", text))
    elif label == "postcode":
        located = address.postcode_city(text)
        if located:
            piece.kind, piece.value = "postcode", "\t".join(located)
        else:
            piece.doubts.append(("postcode", text))
    elif label == "street":
        piece.kind, piece.value = ("po_box" if address.is_po_box(text) else "street"), text
    else:  # name, company, role, city: the label says it all
        piece.kind, piece.value = label, text


def _take(piece: Piece, found: values.Found) -> None:
    piece.found.extend(found.values)
    piece.doubts.extend(found.doubts)


def _leftover(rest: str) -> str:
    """What is left once values are out, without label words left behind ("Tel.", "M.")."""
    text = " ".join(rest.split()).strip(_WRAPPERS)
    text = re.sub(r"\s*[|<>()\[\]]\s*", " ", text).strip(_WRAPPERS)
    text = text.lstrip(".") if _ABBREVIATION_END.search(text) else text.strip(".")
    if not text:
        return ""
    words = [word.strip(_WRAPPERS) for word in text.split()]
    if all(not word or fold(word) in LABELS for word in words):
        return ""
    return text
