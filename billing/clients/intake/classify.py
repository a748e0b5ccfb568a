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

MAX_PIECE = 300  # characters: the longest street or company name is far shorter
# What a signature writes beside a number or as a link, and no field takes.
_REMARKS = frozenset(
    fold(word)
    for word in (
        "office", "oficina", "cell", "mobile", "móvil", "work", "home", "casa", "trabajo",
        "whatsapp", "main", "principal", "direct", "linkedin", "twitter", "youtube", "instagram",
        "facebook", "tiktok", "x", "xing", "ext", "switchboard", "centralita",
    )
)
_WRAPPERS = " \t,;:-–—<>()[]{}\"'«»*_/"
_ABBREVIATION_END = re.compile(r"(^|[\s.])\w{1,3}\.$")  # "S.L.", "Av.", "Inc." keep their dot


@dataclass
class Piece:
    """A piece of one line; `kind` is what it was read as, `found` the checked values in it."""

    line: int
    text: str
    start: int = 0  # where the piece is in its line, to glue pieces back as written
    end: int = 0
    kind: str = ""
    value: str = ""
    labelled: bool = False  # its kind was written before it ("Nombre:", "Attn:")
    found: list[tuple[str, str]] = field(default_factory=list)
    doubts: list[tuple[str, str]] = field(default_factory=list)


def classify(piece: Piece, countries: list[str], region: str | None) -> None:
    """`countries`: where the client may be, most likely first (named in the text, then the
    business's `region`); tax IDs, local phone numbers and postcodes are read for them."""
    if len(piece.text) > MAX_PIECE:
        piece.kind = "ignored"  # a paragraph, not a value: not worth a regular expression
        return
    label, text = split_label(piece.text)
    if label == "ignore" or fold(text.strip(" .")) in _REMARKS:
        piece.kind = "ignored"
        return
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
    found = values.read_labelled_phones(rest, countries)
    _take(piece, found)
    rest = found.rest
    if not (address.postcode_city(rest.strip()) or address.is_po_box(rest.strip())):
        found = values.read_phones(rest, countries)
        _take(piece, found)
        rest = found.rest
    remainder = _leftover(rest)
    if remainder:
        piece.kind, piece.value = read_words(remainder, countries)
        if piece.kind == "phone_doubt":
            piece.doubts.append(("phone", remainder))
            piece.kind = ""


def read_words(text: str, countries: list[str]) -> tuple[str, str]:
    """What a piece without checkable values is, by its shape and words."""
    code = address.country_of(text)
    if code:
        return "country", code
    if address.is_po_box(text):
        return "po_box", text
    located = address.postcode_city(text)
    if located and not address.is_street(located[1]) and (
        not address.is_street(text)
        or any(address.check_postcode(located[0], country) for country in countries)
    ) and (located[1] or _bare_postcode(located[0], countries)):
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


def _bare_postcode(code: str, countries: list[str]) -> bool:
    """A number alone is a postcode only when it has a postcode's exact shape where it is."""
    return len(code) >= 4 and any(address.check_postcode(code, c) is True for c in countries[:2])


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
        other = values.other_tax_number(text, countries) if tax_id is None else None
        if tax_id is not None:
            piece.found.append(("tax_id", tax_id.number))
        elif other is not None:
            piece.found.append((other, text))  # kept in the note, not as the VAT ID
        else:
            piece.doubts.append(("tax_id", text))
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
    elif label == "street" and address.is_po_box(text):
        piece.kind, piece.value = "po_box", text
    elif label == "street":
        # "Sediul: Oradea, Str. Republicii nr. 33": the label may come before the city.
        looks = address.is_street(text) or not address.is_city(text)
        piece.kind, piece.value = ("street" if looks else "unknown"), text
    else:  # name, company, role, city: the label says it all
        piece.kind, piece.value, piece.labelled = label, text, True


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
