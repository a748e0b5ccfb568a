"""Who the client is: the person's name, their company and role, from the pieces classify.py
read, helped by the signature's own domain ("Olivar Verde" ↔ olivarverde.es) and by position
(a second name-like line under the name is the firm).
"""

from __future__ import annotations

import re

from billing.clients.intake import address, names, values
from billing.clients.intake.classify import Piece
from billing.clients.intake.draft import ContactDraft

_FREE_MAIL = frozenset(
    str.split(
        "gmail.com googlemail.com hotmail.com hotmail.es outlook.com outlook.es live.com msn.com "
        "yahoo.com yahoo.es yahoo.fr icloud.com me.com aol.com gmx.de gmx.net web.de proton.me "
        "protonmail.com orange.fr free.fr laposte.net libero.it virgilio.it sapo.pt yandex.com "
        "mail.ru"
    )
)
_HEADER_LINES = 3  # a firm's name without a legal form is believed only near the top


def read_people(draft: ContactDraft, found: list[Piece], *, one_liner: bool) -> None:
    domain = own_domain(draft)
    named = [piece for piece in found if piece.kind == "name"]
    # The firm the signature's domain names: a company or unknown line first, else a second
    # name-like line (never the first name: "Pablo Jiménez Soto" at jimenezsoto.es is him).
    candidates = [p for p in found if p.kind in ("unknown", "company")] + named[1:]
    for piece in candidates:
        if domain and names.matches_domain(piece.text, domain):
            draft.company, piece.kind = piece.value or piece.text, "used"
            break
    for piece in found:
        if piece.kind == "name" and piece.labelled:  # "Attn: Omar Al-Harbi" before any guess
            draft.fill("name", names.without_title(piece.value))
    spare: list[Piece] = []
    for piece in found:
        if piece.kind == "role":
            draft.fill("role", piece.value)
        elif piece.kind == "company":
            draft.fill("company", piece.value)
        elif (
            piece.kind == "name"
            and not piece.labelled
            and not draft.fill("name", names.without_title(piece.value))
        ):
            spare.append(piece)
    if not draft.name:
        _fallback_name(draft, found, one_liner=one_liner)
    if not draft.name and draft.company and names.is_sole_trader(draft.company):
        draft.name = names.sole_trader_name(draft.company)
    if not draft.company:
        header = [p for p in spare if p.line <= _HEADER_LINES]
        unknown = [p for p in found if p.kind == "unknown" and p.line <= _HEADER_LINES
                   and _short(p.text) and not p.text[0].islower()
                   and not address.is_state(p.text)]
        if header:
            draft.company = header[0].value
        elif unknown and (draft.name or draft.role):
            draft.company = unknown[0].text


def _fallback_name(draft: ContactDraft, found: list[Piece], *, one_liner: bool) -> None:
    for piece in found:
        if piece.kind == "unknown" and names.is_person_name(
            piece.text, single_word=one_liner, lower=one_liner
        ):
            draft.name, piece.kind = names.without_title(piece.text), "name"
            return


def _short(text: str) -> bool:
    return len(text.split()) <= 6 and not re.search(r"\d{3}", text)


def own_domain(draft: ContactDraft) -> str:
    if draft.website:
        return re.sub(r"^(https?://)?(www\.)?", "", draft.website.lower()).split("/")[0]
    domain = draft.email.rpartition("@")[2].lower()
    return "" if domain in _FREE_MAIL else domain


def repair_emails(draft: ContactDraft, found: list[Piece]) -> None:
    """OCR reads "@" as "G" or "©": "lucia.fernandezGolivarverde.es" next to the web site
    olivarverde.es is offered back as lucia.fernandez@olivarverde.es, as a doubt to confirm."""
    domain = own_domain(draft) if draft.website else ""
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
