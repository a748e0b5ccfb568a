"""The folded text a client is searched by, kept on the client row so one index answers a search.

Owners type names without accents, tax IDs with dots, phones with spaces: the stored text and the
typed query are folded the same way (case and accents off, a tax ID without separators, a phone
as its digits), so a plain substring test in SQL finds them. Pure functions only: the models call
them on save, the search folds queries with them, the benchmark fills its rows with them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

# Between fields: a typed query never holds it, so no match runs from one field into the next.
SEPARATOR = "\n"
_SEPARATORS = re.compile(r"[\s.\-/]")
_NOT_WORD = re.compile(r"[^\w ]+")


class _WithoutMarks(dict[int, int | None]):
    """A str.translate table that drops combining marks, filled as characters are first seen:
    one C-level pass per string instead of a Python test per character (a bulk import of
    200,000 clients folded for 20 s, most of it here)."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_WITHOUT_MARKS = _WithoutMarks()


def fold(text: str) -> str:
    """Casefolded, accents stripped, whitespace collapsed: "  José  GARCÍA" → "jose garcia"."""
    folded = text.casefold()
    if not folded.isascii():
        folded = unicodedata.normalize("NFKD", folded).translate(_WITHOUT_MARKS)
    return " ".join(folded.split())


def compact(text: str) -> str:
    """A tax ID (or any code) without spaces, dots, dashes or slashes, folded: B-12.345 → b12345."""
    return _SEPARATORS.sub("", fold(text))


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def email_key(email: str) -> str:
    return email.strip().casefold()[:254]


def phone_key(phone: str) -> str:
    """The last nine digits: the same for +34 600 123 456, 600123456 and 0034-600-123-456."""
    found = digits(phone)
    return found[-9:] if len(found) >= 9 else ""


def tax_key(tax_id: str) -> str:
    """A compact tax ID without a leading country code: ESB12345678 and B-1234567-8 agree."""
    code = compact(tax_id)
    if len(code) > 4 and code[:2].isalpha() and any(ch.isdigit() for ch in code[2:]):
        code = code[2:]
    return code[:40]


def name_key(name: str) -> str:
    """What two spellings of one name share: folded, without punctuation (ACME, S.L. → acme sl)."""
    return " ".join(_NOT_WORD.sub("", fold(name)).split())[:200]


def name_words(name: str) -> str:
    """The name key's words in alphabetical order: "Ruiz, Ferretería" and "Ferreteria Ruiz" agree,
    so duplicate detection finds a name typed in another word order by one index lookup."""
    return " ".join(sorted(name_key(name).split()))


# The client columns and contact columns search_text is made of.
CLIENT_SEARCHED = (
    "display_name", "legal_name", "name_spellings", "email", "phone", "tax_id",
    "business_line", "billing_city", "shipping_city",
)
CONTACT_SEARCHED = ("name", "name_spellings", "email", "phone")


def client_search_text(
    client: Mapping[str, str],
    contacts: Iterable[Mapping[str, str]] = (),
    values: Iterable[str] = (),
) -> str:
    """A client's search text from its CLIENT_SEARCHED columns, its contacts' CONTACT_SEARCHED
    columns and its custom values: one recipe for the model, the migration and the bench."""
    contacts = list(contacts)
    return search_text(
        names=[client["display_name"], client["legal_name"], client["name_spellings"],
               *(c["name"] for c in contacts), *(c["name_spellings"] for c in contacts)],
        emails=[client["email"], *(c["email"] for c in contacts)],
        phones=[client["phone"], *(c["phone"] for c in contacts)],
        codes=[client["tax_id"]],
        texts=[client["business_line"], client["billing_city"], client["shipping_city"], *values],
    )


def search_text(
    *,
    names: Iterable[str] = (),
    emails: Iterable[str] = (),
    phones: Iterable[str] = (),
    codes: Iterable[str] = (),
    texts: Iterable[str] = (),
) -> str:
    """One line per non-empty value: names and texts folded, emails folded, phones as digits,
    codes (tax IDs) compacted. Duplicates are dropped, order is kept."""
    values = [
        *(fold(value) for value in names),
        *(fold(value) for value in emails),
        *(digits(value) for value in phones),
        *(compact(value) for value in codes),
        *(fold(value) for value in texts),
    ]
    return SEPARATOR.join(dict.fromkeys(value for value in values if value))
