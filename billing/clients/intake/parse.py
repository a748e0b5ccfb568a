"""Free text → a client draft: `parse_contact` reads a pasted signature, letterhead, invoice
header, business card (as OCR read it) or an owner's one-liner ("María, maria@, 600").

Pure: no database, no chat. The new-client dialog shows the draft for confirmation and asks only
for what is required and missing, and about every doubt.
"""

from __future__ import annotations

import re

from stdnum.eu import vat as eu_vat

from billing.clients.intake import address, names
from billing.clients.intake.classify import MAX_PIECE, Piece, classify
from billing.clients.intake.draft import ContactDraft
from billing.clients.intake.lines import (
    is_noise,
    normalize,
    pieces,
    sender_line,
    without_chatter,
)
from billing.clients.intake.people import read_people, repair_emails
from billing.clients.intake.place import read_address
from billing.countries import is_country_code
from billing.tax_ids import is_eu

_STREET_THEN_PLACE = re.compile(
    r"^(.*?(?:\d+[A-Za-zº°ª]?|[^\W\d_]{3,}))\s*,?\s+((?:[A-Z]{1,2}-)?\d{4,5}(?:-\d{3})?\s+[^\d,]{2,})$"
)
MAX_TEXT = 20_000  # characters read: a signature or a letterhead is far shorter
_DOMAIN_TLD = re.compile(r"(?:@|www\.|https?://)[\w.-]*?\.([a-z]{2})\b(?![.\w-])", re.IGNORECASE)
# Country domains used as generic ones (.co, .io, .me…): they say nothing of a client's country.
_GENERIC_CC = frozenset(("co", "io", "me", "tv", "ai", "ly", "fm", "to", "cc", "ws", "eu", "gg"))


def parse_contact(text: str, *, region: str | None) -> ContactDraft:
    """`region`: the business's country (ISO), for phones written without a country code and
    as the country a postcode is checked against when the text names none."""
    region = (region or "").upper() or None
    text = text[:MAX_TEXT]
    draft = ContactDraft()
    senders: list[str] = []
    lines: list[str] = []
    for line in normalize(text).split("\n"):
        line = without_chatter(line)
        sender = sender_line(line)
        if sender is not None:
            senders.append(sender)
        elif not is_noise(line):
            lines.append(line)
    found = _pieces(lines)
    named = _named_countries(found)
    likely = [*named, *domain_countries("\n".join(lines)), *([region] if region else [])]
    for piece in found:
        classify(piece, list(dict.fromkeys(likely)), region)
    _join_tails(found, lines)
    _values(draft, found)
    draft.fill("country", named[0] if named else "")
    read_address(draft, found, lines, region)
    repair_emails(draft, found)
    read_people(draft, found, one_liner=len(lines) == 1)
    _senders(draft, senders, region)
    return draft


def _pieces(lines: list[str]) -> list[Piece]:
    """Every piece of every line, with where it stands in its line."""
    found = []
    for number, line in enumerate(lines):
        cursor = 0
        for whole in pieces(line):
            for part in _street_then_place(whole):
                start = line.find(part, cursor)
                start = cursor if start < 0 else start
                cursor = start + len(part)
                found.append(Piece(number, part, start, cursor))
    return found


def _street_then_place(piece: str) -> list[str]:
    """ "Calle Alcalá 100 28009 Madrid" (no comma): the street, then the postcode and city."""
    match = _STREET_THEN_PLACE.match(piece) if len(piece) <= MAX_PIECE else None
    if match and address.is_street(match.group(1)):
        return [match.group(1), match.group(2)]
    return [piece]


def _named_countries(found: list[Piece]) -> list[str]:
    """Countries written out in the text: the tax ID's and postcode's checks use them first."""
    codes = [address.country_of(piece.text) for piece in found]
    return list(dict.fromkeys(code for code in codes if code))


def domain_countries(text: str) -> list[str]:
    """Countries of the email and web domains ("…@mueller-partner.de" → DE): where a number
    written without its country code most likely is."""
    codes = []
    for tld in _DOMAIN_TLD.findall(text):
        code = "GB" if tld.lower() == "uk" else tld.upper()
        if tld.lower() not in _GENERIC_CC and is_country_code(code):
            codes.append(code)
    return list(dict.fromkeys(codes))


def _join_tails(found: list[Piece], lines: list[str]) -> None:
    """Glue back, as written, what a comma cut off: "Ruiz, S.L." and "C/ Mayor, 5, 3ºB"."""
    previous: Piece | None = None
    for piece in found:
        same_line = previous is not None and previous.line == piece.line
        if same_line and previous is not None and not piece.found:
            glued = previous.value + lines[piece.line][previous.end : piece.end]
            if piece.kind == "legal_form" and previous.kind in ("company", "name", "unknown"):
                previous.kind, previous.value, previous.end = "company", glued, piece.end
                piece.kind = "joined"
                continue
            if piece.kind == "street" and re.fullmatch(r"\d{1,4}[A-Za-z]?", previous.text):
                # "145, Boulevard d'Anfa": the house number written first
                piece.value = previous.text + lines[piece.line][previous.end : piece.end]
                piece.start, previous.kind, previous.doubts = previous.start, "joined", []
                previous = piece
                continue
            if previous.kind == "street" and address.continues_street(piece.text):
                previous.value, previous.end = glued, piece.end
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
    if draft.tax_id and not draft.country and eu_vat.is_valid(draft.tax_id):
        prefix = "GR" if draft.tax_id[:2] == "EL" else draft.tax_id[:2]
        if is_eu(prefix):
            draft.country = prefix


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
            draft.fill("name", names.without_title(piece.value))
