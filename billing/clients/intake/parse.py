"""Free text → a client draft: `parse_contact` reads a pasted signature, letterhead, invoice
header, business card (as OCR read it) or an owner's one-liner ("María, maria@, 600").

Pure: no database, no chat. The new-client dialog shows the draft for confirmation and asks only
for what is required and missing, and about every doubt.
"""

from __future__ import annotations

import re

from billing import postcodes
from billing.clients.intake import address, names, values
from billing.clients.intake.classify import Piece, classify
from billing.clients.intake.draft import ContactDraft
from billing.clients.intake.lines import is_noise, normalize, pieces, sender_line
from billing.countries import is_country_code
from billing.tax_ids import is_eu

_FREE_MAIL = frozenset(
    str.split(
        "gmail.com googlemail.com hotmail.com hotmail.es outlook.com outlook.es live.com msn.com "
        "yahoo.com yahoo.es yahoo.fr icloud.com me.com aol.com gmx.de gmx.net web.de proton.me "
        "protonmail.com orange.fr free.fr laposte.net libero.it virgilio.it sapo.pt yandex.com "
        "mail.ru"
    )
)


_STREET_THEN_PLACE = re.compile(
    r"^(.*?\d+[A-Za-zº°ª]?)\s*,?\s+((?:[A-Z]{1,2}-)?\d{4,5}(?:-\d{3})?\s+[^\d,]{2,})$"
)
_DOMAIN_TLD = re.compile(r"(?:@|www\.|https?://)[\w.-]*?\.([a-z]{2})\b(?![.\w-])", re.IGNORECASE)
# Country domains used as generic ones (.co, .io, .me…): they say nothing of a client's country.
_GENERIC_CC = frozenset(("co", "io", "me", "tv", "ai", "ly", "fm", "to", "cc", "ws", "eu", "gg"))


def parse_contact(text: str, *, region: str | None) -> ContactDraft:
    """`region`: the business's country (ISO), for phones written without a country code and
    as the country a postcode is checked against when the text names none."""
    region = (region or "").upper() or None
    draft = ContactDraft()
    senders: list[str] = []
    lines: list[str] = []
    for line in normalize(text).split("\n"):
        sender = sender_line(line)
        if sender is not None:
            senders.append(sender)
        elif not is_noise(line):
            lines.append(line)
    found = [
        Piece(number, part)
        for number, line in enumerate(lines)
        for whole in pieces(line)
        for part in _street_then_place(whole)
    ]
    named = _named_countries(found)
    likely = [*named, *_domain_countries("\n".join(lines)), *([region] if region else [])]
    for piece in found:
        classify(piece, list(dict.fromkeys(likely)), region)
    _join_tails(found)
    _values(draft, found)
    draft.fill("country", named[0] if named else "")
    _address(draft, found, region)
    _repair_emails(draft, found)
    _people(draft, found, one_liner=len(lines) == 1)
    _senders(draft, senders, region)
    return draft


def _named_countries(found: list[Piece]) -> list[str]:
    """Countries written out in the text: the tax ID's and postcode's checks use them first."""
    codes = [address.country_of(piece.text) for piece in found]
    return list(dict.fromkeys(code for code in codes if code))


def _street_then_place(piece: str) -> list[str]:
    """ "Calle Alcalá 100 28009 Madrid" (no comma): the street, then the postcode and city."""
    match = _STREET_THEN_PLACE.match(piece)
    if match and address.is_street(match.group(1)):
        return [match.group(1), match.group(2)]
    return [piece]


def _domain_countries(text: str) -> list[str]:
    """Countries of the email and web domains ("…@mueller-partner.de" → DE): where a number
    written without its country code most likely is."""
    codes = []
    for tld in _DOMAIN_TLD.findall(text):
        code = "GB" if tld.lower() == "uk" else tld.upper()
        if tld.lower() not in _GENERIC_CC and is_country_code(code):
            codes.append(code)
    return list(dict.fromkeys(codes))


def _join_tails(found: list[Piece]) -> None:
    """Glue back what a comma cut off: "Ruiz, S.L." and "C/ Mayor, 5, 3ºB"."""
    previous: Piece | None = None
    for piece in found:
        same_line = previous is not None and previous.line == piece.line
        if same_line and previous is not None and not piece.found:
            if piece.kind == "legal_form" and previous.kind in ("company", "name", "unknown"):
                previous.kind, previous.value = "company", f"{previous.value}, {piece.value}"
                piece.kind = "joined"
                continue
            if previous.kind == "street" and (
                address.continues_street(piece.text) or piece.kind == "street"
            ):
                previous.value = f"{previous.value}, {piece.text}"
                piece.kind, piece.doubts = "joined", []
                continue
        previous = piece


def _values(draft: ContactDraft, found: list[Piece]) -> None:
    for piece in found:
        for kind, value in piece.found:
            field = "phone" if kind == "mobile" else kind
            if field in ("phone", "email", "website", "tax_id") and draft.fill(field, value):
                continue
            if value != getattr(draft, field, None):
                draft.extras.append((kind, value))
        for kind, text in piece.doubts:
            if kind != "fax":
                draft.doubt("phone" if kind == "mobile" else kind, text)
    if draft.tax_id and not draft.country and draft.tax_id[:2].isalpha():
        prefix = "GR" if draft.tax_id[:2] == "EL" else draft.tax_id[:2]
        if is_eu(prefix):
            draft.country = prefix


def _address(draft: ContactDraft, found: list[Piece], region: str | None) -> None:
    street_line = -2
    for index, piece in enumerate(found):
        if piece.kind == "street":
            if draft.fill("street", piece.value) or piece.line == street_line + 1:
                if piece.value != draft.street:
                    draft.street = f"{draft.street}, {piece.value}"
                street_line = piece.line
            else:
                draft.extras.append(("address", piece.value))
            after = found[index + 1] if index + 1 < len(found) else None
            if after is not None and after.line == piece.line and _city_alone(after):
                draft.fill("city", after.text)
                after.kind = "city"
        elif piece.kind == "po_box":
            draft.extras.append(("po_box", piece.value))
        elif piece.kind == "city":
            draft.fill("city", piece.value)
        elif piece.kind == "postcode" and not draft.postcode:
            code, city = piece.value.split("\t")
            draft.postcode = postcodes.normalize(code)
            if not city:
                city = _neighbour_city(found, index)
            draft.fill("city", city)
        elif piece.kind == "country" and not draft.city:
            before = found[index - 1] if index else None
            if before is not None and before.kind in ("unknown", "name") and address.is_city(
                before.text
            ):
                draft.city, before.kind = before.text, "city"
    po_boxes = [value for kind, value in draft.extras if kind == "po_box"]
    if po_boxes and not draft.street:
        draft.street = po_boxes[0]
        draft.extras.remove(("po_box", po_boxes[0]))
    if not draft.country and (draft.postcode or draft.city):
        draft.country = _likely_country(draft, region)
    against = draft.country or region or ""
    if draft.postcode and against and postcodes.is_valid(draft.postcode, against) is False:
        draft.doubt("postcode", draft.postcode)
        draft.postcode = ""


def _city_alone(piece: Piece) -> bool:
    return piece.kind in ("unknown", "name") and address.is_city(piece.text)


def _neighbour_city(found: list[Piece], index: int) -> str:
    """ "010011" alone: the city is the piece beside it on its line ("București, 010011")."""
    for other in (index + 1, index - 1):
        if 0 <= other < len(found) and found[other].line == found[index].line:
            piece = found[other]
            if piece.kind in ("unknown", "name") and address.is_city(piece.text):
                piece.kind = "city"
                return piece.text
    return ""


def _likely_country(draft: ContactDraft, region: str | None) -> str:
    """No country written: the phone's, or the business's own, if the postcode fits it."""
    phone_country = values.phone_country(draft.phone) if draft.phone else ""
    for candidate in (phone_country, region or ""):
        if candidate and (not draft.postcode or postcodes.is_valid(draft.postcode, candidate)):
            return candidate
    return ""


def _people(draft: ContactDraft, found: list[Piece], *, one_liner: bool) -> None:
    domain = _own_domain(draft)
    for piece in found:
        if (
            piece.kind in ("name", "unknown", "company")
            and domain
            and names.matches_domain(piece.text, domain)
            and draft.fill("company", piece.value or piece.text)
        ):
            piece.kind = "used"
    for piece in found:
        if piece.kind == "role":
            draft.fill("role", piece.value)
        elif piece.kind == "company":
            draft.fill("company", piece.value)
        elif (
            piece.kind == "name"
            and not draft.fill("name", names.without_title(piece.value))
            and not draft.company
            and piece.line <= 3
        ):
            draft.company = piece.value  # a second name-like line under the name: the firm
    if not draft.name:
        _fallback_name(draft, found, one_liner=one_liner)
    if not draft.company:
        unknown = [p for p in found if p.kind == "unknown" and p.line <= 3 and _short(p.text)]
        if unknown and (draft.name or draft.role):
            draft.company = unknown[0].text


def _fallback_name(draft: ContactDraft, found: list[Piece], *, one_liner: bool) -> None:
    for piece in found:
        if piece.kind == "unknown" and names.is_person_name(piece.text, single_word=one_liner):
            draft.name, piece.kind = names.without_title(piece.text), "name"
            return


def _short(text: str) -> bool:
    return len(text.split()) <= 6 and not re.search(r"\d{3}", text)


def _own_domain(draft: ContactDraft) -> str:
    if draft.website:
        return re.sub(r"^(https?://)?(www\.)?", "", draft.website.lower()).split("/")[0]
    domain = draft.email.rpartition("@")[2].lower()
    return "" if domain in _FREE_MAIL else domain


def _senders(draft: ContactDraft, senders: list[str], region: str | None) -> None:
    """A forwarded email's "From: Tomás Ruiz <tomas@ruiz.es>" when the signature lacks them."""
    for sender in senders:
        piece = Piece(0, sender)
        classify(piece, [], region)
        for kind, value in piece.found:
            if kind == "email":
                draft.fill("email", value)
        if piece.kind in ("name", "unknown") and names.is_person_name(
            piece.value, single_word=True
        ):
            draft.fill("name", piece.value)


def _repair_emails(draft: ContactDraft, found: list[Piece]) -> None:
    """OCR reads "@" as "G" or "©": "lucia.fernandezGolivarverde.es" next to the web site
    olivarverde.es is offered back as lucia.fernandez@olivarverde.es, as a doubt to confirm."""
    domain = _own_domain(draft) if draft.website else ""
    for piece in found:
        token = piece.text.strip()
        if piece.kind != "unknown" or " " in token or not domain:
            continue
        at = token.lower().rfind(domain)
        if at > 1:
            suggestion = values.check_email(f"{token[: at - 1]}@{domain}")
            draft.doubt("email", token, suggestion or "")
            piece.kind = "used"
    for index, doubt in enumerate(draft.doubts):
        if doubt.field == "email" and "@" not in doubt.text and domain and not doubt.suggestion:
            at = doubt.text.lower().rfind(domain)
            if at > 1:
                fixed = values.check_email(f"{doubt.text[: at - 1]}@{domain}") or ""
                draft.doubts[index] = type(doubt)("email", doubt.text, fixed)
