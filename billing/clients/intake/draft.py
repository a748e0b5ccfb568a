"""What intake read from a text: a value per client field, and what it could not trust.

A `Doubt` is a value that looks like a field (an "@", a run of digits after "Tel:") but fails that
field's validator. The new-client dialog shows each one and asks about it: dropping it silently
would lose what the owner typed (`/newclient María, maria@, 600` once lost both).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

# The fields a draft may fill, in the order a summary shows them.
FIELDS = (
    "name",
    "company",
    "role",
    "street",
    "postcode",
    "city",
    "country",
    "email",
    "phone",
    "tax_id",
    "website",
)


@dataclass(frozen=True)
class Doubt:
    """`text` as written for `field`; `suggestion` is a repaired reading to offer, or ""."""

    field: str
    text: str
    suggestion: str = ""


@dataclass
class ContactDraft:
    """Normalized values: email as email-validator writes it, phone in E.164, country as an ISO
    code, tax ID as python-stdnum compacts it, postcode upper-case."""

    name: str = ""
    company: str = ""
    role: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    country: str = ""
    email: str = ""
    phone: str = ""
    tax_id: str = ""
    website: str = ""
    # Recognised but with no field of their own (a fax, a second phone or email, a P.O. box
    # next to a street): (kind, value) pairs the dialog keeps in the client's private note.
    extras: list[tuple[str, str]] = field(default_factory=list)
    doubts: list[Doubt] = field(default_factory=list)

    @property
    def kind(self) -> str:
        """"company" when a company was named, else "person"."""
        return "company" if self.company else "person"

    def values(self) -> dict[str, str]:
        """The filled fields only, by name."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name in FIELDS
                and getattr(self, f.name)}

    def is_empty(self) -> bool:
        return not self.values() and not self.doubts

    def fill(self, name: str, value: str) -> bool:
        """Set a field unless it already holds a value; True when it was set."""
        if not value or getattr(self, name):
            return False
        setattr(self, name, value)
        return True

    def doubt(self, name: str, text: str, suggestion: str = "") -> None:
        entry = Doubt(name, text.strip(), suggestion)
        if entry.text and entry not in self.doubts:
            self.doubts.append(entry)
