"""Where the client is: the street (with its floor, building and district), postcode, city and
country, put together from the pieces classify.py read.

Addresses are written many ways: "Av. Paulista, 1578 - 12º andar - Bela Vista" then
"São Paulo - SP, 01310-200"; "Office 1402, Churchill Tower, Business Bay" then "P.O. Box 124578,
Dubai, UAE"; "220 طريق الحرية، سموحة، الإسكندرية". The street takes what follows it on its line
(and a street on the next line); the city comes, in order of trust, from beside the postcode,
from a label, from before the country, and last from the end of the street's line.
"""

from __future__ import annotations

from billing import postcodes
from billing.clients.intake import address, values
from billing.clients.intake.classify import Piece
from billing.clients.intake.draft import ContactDraft

_CITY_KINDS = ("unknown", "name")


def read_address(
    draft: ContactDraft, found: list[Piece], lines: list[str], region: str | None
) -> None:
    tail = _street(draft, found, lines)
    _postcode(draft, found)
    for index, piece in enumerate(found):
        if piece.kind == "city":
            draft.fill("city", address.city_name(piece.value))
        elif piece.kind == "country" and not draft.city:
            _city_before_country(draft, found, index)
        elif piece.kind == "po_box":
            draft.extras.append(("po_box", piece.value))
    if not draft.city and tail is not None:
        draft.city = address.city_name(tail.text)
        draft.street = draft.street[: draft.street.rfind(tail.text)].rstrip(" ,،-–")
    po_boxes = [value for kind, value in draft.extras if kind == "po_box"]
    if po_boxes and not draft.street:
        draft.street = po_boxes[0]
        draft.extras.remove(("po_box", po_boxes[0]))
    _country_and_postcode(draft, region)


def _street(draft: ContactDraft, found: list[Piece], lines: list[str]) -> Piece | None:
    """The first street with what continues it; returns the last unknown piece it took (the
    city, when nothing better names one)."""
    start = next((i for i, piece in enumerate(found) if piece.kind == "street"), None)
    if start is None:
        return None
    first = found[start]
    draft.street, last, tail = first.value, first, None
    for index, piece in enumerate(found[start + 1 :], start + 1):
        if piece.kind in ("joined", "ignored") or piece.found:
            continue
        on_line = (
            piece.line == last.line
            and piece.kind in ("street", "unknown", "name")
            and not address.is_state(piece.text)
            and not _before_postcode(found, index)
        )
        next_line = piece.line == last.line + 1 and piece.kind == "street"
        if not (on_line or next_line):
            if piece.kind == "street":
                draft.extras.append(("address", piece.value))
            if piece.line > last.line + 1 or piece.kind != "street":
                break
            continue
        separator = lines[piece.line][last.end : piece.start] if on_line else ", "
        draft.street += (separator if separator.strip() else ", ") + piece.value
        tail = piece if piece.kind in _CITY_KINDS and address.is_city(piece.text) else None
        piece.kind, last = "joined", piece
    return tail


def _before_postcode(found: list[Piece], index: int) -> bool:
    """The last piece before a postcode written alone on its line ("Rio de Janeiro/RJ - CEP
    22070-002", "Belo Horizonte - MG, 30160-011") is the city, not part of the street."""
    line = found[index].line
    for after in found[index + 1 :]:
        if after.line != line:
            return False
        if after.kind in ("ignored", "joined") or address.is_state(after.text):
            continue
        return after.kind == "postcode" and not after.value.split("\t")[1]
    return False


def _postcode(draft: ContactDraft, found: list[Piece]) -> None:
    for index, piece in enumerate(found):
        if piece.kind != "postcode":
            continue
        code, city = piece.value.split("\t")
        draft.postcode = postcodes.normalize(code)
        if address.is_state(city):
            city = ""
        draft.fill("city", city or _city_beside(found, index))
        return


def _city_beside(found: list[Piece], index: int) -> str:
    """A postcode alone: the city is on its line, after it ("C.P. 06700, Cuauhtémoc, Ciudad de
    México": the last) or else before it ("São Paulo - SP, 01310-200": the nearest)."""
    line = found[index].line
    after = [p for p in found[index + 1 :] if p.line == line and _city_like(p)]
    before = [p for p in reversed(found[:index]) if p.line == line and _city_like(p)]
    for piece in (after[-1:] or before[:1]):
        piece.kind = "city"
        return address.city_name(piece.value or piece.text)
    return ""


def _city_like(piece: Piece) -> bool:
    text = address.city_name(piece.value or piece.text)
    return piece.kind in _CITY_KINDS and address.is_city(text) and not address.is_state(text)


def _city_before_country(draft: ContactDraft, found: list[Piece], index: int) -> None:
    """ "Dubai, UAE", or "Dubai" on the line above "United Arab Emirates"."""
    before = found[index - 1] if index else None
    if before is not None and _city_like(before) and before.line >= found[index].line - 1:
        draft.city, before.kind = address.city_name(before.text), "city"


def _country_and_postcode(draft: ContactDraft, region: str | None) -> None:
    if not draft.country and (draft.postcode or draft.city):
        draft.country = _likely_country(draft, region)
    against = draft.country or region or ""
    if draft.postcode and against and postcodes.is_valid(draft.postcode, against) is False:
        draft.doubt("postcode", draft.postcode)
        draft.postcode = ""


def _likely_country(draft: ContactDraft, region: str | None) -> str:
    """No country written: the phone's, or the business's own, if the postcode fits it; or the
    one country whose postcodes look like this one (EH2 1JE)."""
    phone_country = values.phone_country(draft.phone) if draft.phone else ""
    for candidate in (phone_country, region or ""):
        if candidate and (not draft.postcode or postcodes.is_valid(draft.postcode, candidate)):
            return candidate
    shaped = postcodes.countries_of(draft.postcode) if draft.postcode else []
    return shaped[0] if len(shaped) == 1 else ""
