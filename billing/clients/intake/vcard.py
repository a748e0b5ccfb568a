"""A vCard (a .vcf file, or the card Telegram forwards with a shared contact) → a client draft.

vCard 2.1, 3.0 and 4.0 as phones and mail apps export them: folded lines, QUOTED-PRINTABLE
(Android's 2.1 export), CHARSET parameters, TYPE=CELL/FAX/WORK. Each value meets the same check
as in a pasted text; what fails it is a doubt, as there.
"""

from __future__ import annotations

import quopri
import re

from billing import postcodes
from billing.clients.intake import values
from billing.clients.intake.draft import ContactDraft
from billing.countries import country_from_name, is_country_code


def parse_vcard(text: str, *, region: str | None) -> ContactDraft:
    """The first card of `text`; an empty draft when there is none."""
    draft = ContactDraft()
    regions = [region.upper()] if region else []
    properties = list(_properties(text))
    country = _country(properties)
    if country:
        draft.country = country
        regions.insert(0, country)
    for name, params, value in properties:
        if not value.strip(" ;"):
            continue
        if name == "FN":
            draft.fill("name", value.strip())
        elif name == "N" and not draft.name:
            family, given, *_ = [*value.split(";"), "", ""]
            draft.fill("name", " ".join(part for part in (given.strip(), family.strip()) if part))
        elif name == "ORG":
            draft.fill("company", " ".join(part for part in value.split(";") if part.strip()))
        elif name in ("TITLE", "ROLE"):
            draft.fill("role", value.strip())
        elif name == "EMAIL":
            _email(draft, value.strip())
        elif name == "TEL":
            _phone(draft, params, value.strip(), regions)
        elif name == "ADR":
            _address(draft, value)
        elif name == "URL" and not draft.fill("website", value.strip()):
            draft.extras.append(("website", value.strip()))
    if draft.postcode and draft.country and not postcodes.is_valid(draft.postcode, draft.country):
        draft.doubt("postcode", draft.postcode)
        draft.postcode = ""
    return draft


def is_vcard(text: str) -> bool:
    return "BEGIN:VCARD" in text.upper()


def _email(draft: ContactDraft, text: str) -> None:
    address = values.check_email(text)
    if address is None:
        draft.doubt("email", text)
    elif not draft.fill("email", address) and address != draft.email:
        draft.extras.append(("email", address))


def _phone(draft: ContactDraft, params: str, text: str, regions: list[str]) -> None:
    kinds = params.upper()
    kind = "fax" if "FAX" in kinds else "mobile" if "CELL" in kinds else "phone"
    number = values.check_phone(text.removeprefix("tel:"), regions)
    if number is None:
        if kind != "fax":
            draft.doubt("phone", text)
    elif (kind == "fax" or not draft.fill("phone", number)) and number != draft.phone:
        draft.extras.append((kind, number))


def _address(draft: ContactDraft, value: str) -> None:
    """ADR: post office box; extended; street; city; region; postcode; country."""
    box, extended, street, city, _region, code, _country = [*value.split(";"), *[""] * 7][:7]
    line = ", ".join(part.strip() for part in (street, extended) if part.strip())
    if draft.street:
        draft.extras.append(("address", line))
        return
    draft.fill("street", line or box.strip())
    if line and box.strip():
        draft.extras.append(("po_box", box.strip()))
    draft.fill("city", city.strip())
    draft.fill("postcode", postcodes.normalize(code) if code.strip() else "")


def _country(properties: list[tuple[str, str, str]]) -> str:
    for name, _params, value in properties:
        if name == "ADR":
            written = [*value.split(";"), *[""] * 7][6].strip()
            if written:
                return country_from_name(written) or (
                    written.upper() if is_country_code(written) else ""
                )
    return ""


def _properties(text: str) -> list[tuple[str, str, str]]:
    """(NAME, parameters, decoded value) for each line of the first card."""
    found: list[tuple[str, str, str]] = []
    inside = False
    for line in _unfold(text):
        head, sep, value = line.partition(":")
        if not sep:
            continue
        name, _, params = head.partition(";")
        name = name.split(".")[-1].strip().upper()  # "item1.EMAIL" (Apple's grouping)
        if name == "BEGIN" and value.strip().upper() == "VCARD":
            inside = True
        elif name == "END" and value.strip().upper() == "VCARD" and inside:
            break
        elif inside:
            found.append((name, params, _decode(params, value)))
    return found


def _unfold(text: str) -> list[str]:
    """Continuation lines (leading space or tab; a soft "=" line end in QUOTED-PRINTABLE)."""
    lines: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if raw[:1] in (" ", "\t") and lines:
            lines[-1] += raw[1:]
        elif lines and lines[-1].endswith("=") and "QUOTED-PRINTABLE" in lines[-1].upper():
            lines[-1] = lines[-1][:-1] + raw
        else:
            lines.append(raw)
    return lines


def _decode(params: str, value: str) -> str:
    upper = params.upper()
    if "QUOTED-PRINTABLE" in upper:
        charset = re.search(r"CHARSET=([\w-]+)", upper)
        raw = quopri.decodestring(value.encode("ascii", "replace"))
        try:
            value = raw.decode(charset.group(1).lower() if charset else "utf-8")
        except (LookupError, UnicodeDecodeError):
            value = raw.decode("latin-1")
    return re.sub(r"\\([,;:\\])", r"\1", value).replace("\\n", " ").replace("\\N", " ")
