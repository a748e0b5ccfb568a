"""What a user did, independent of the chat channel it came through."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from enum import StrEnum

from billing.text import without_controls


class EventKind(StrEnum):
    TEXT = "text"
    CHOICE = "choice"
    CONTACT = "contact"
    FILE = "file"
    COMMAND = "command"


def _clean(instance: object, *, keep_lines: bool) -> None:
    """Every text field of a frozen event part, without control characters (billing/text.py):
    an event is the one edge every channel's input crosses."""
    for field in fields(instance):  # type: ignore[arg-type]
        value = getattr(instance, field.name)
        if isinstance(value, str):
            cleaned = without_controls(value, keep_lines=keep_lines)
            object.__setattr__(instance, field.name, cleaned)


@dataclass(frozen=True)
class ContactCard:
    phone: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    # The card's vCard as Telegram forwards it (company, title, address, more numbers…).
    vcard: str = ""

    def __post_init__(self) -> None:
        vcard = without_controls(self.vcard, keep_lines=True)
        _clean(self, keep_lines=False)
        object.__setattr__(self, "vcard", vcard)


@dataclass(frozen=True)
class FileUpload:
    filename: str
    mime_type: str
    data: bytes

    def __post_init__(self) -> None:
        _clean(self, keep_lines=False)

    @property
    def is_vcard(self) -> bool:
        """A contact exported as a .vcf file (phones and mail apps share contacts that way)."""
        name = self.filename.lower()
        return name.endswith((".vcf", ".vcard")) or self.mime_type.lower() in VCARD_TYPES


VCARD_TYPES = ("text/vcard", "text/x-vcard", "text/directory")


@dataclass(frozen=True)
class Event:
    kind: EventKind
    text: str = ""
    command: str = ""  # without the slash, lower-case
    args: str = ""
    choice: str = ""
    contact: ContactCard | None = None
    file: FileUpload | None = None
    # The channel proved this choice was offered to this user (a server-side button token), so
    # context-free actions (open a card, send an invoice) are honoured outside their dialog.
    verified: bool = False
    # The dialog turn whose message carried the pressed button (Reply.offer); "" when the channel
    # cannot tell (the console only ever maps input to the buttons it printed last).
    offer: str = ""

    def __post_init__(self) -> None:
        _clean(self, keep_lines=True)

    @classmethod
    def from_text(cls, text: str) -> Event:
        """Lines starting with / are commands (`/newclient Jane, jane@x.com` keeps the rest, and
        so does `/newclient` followed by a pasted signature on the next lines)."""
        stripped = text.strip()
        if stripped.startswith("/") and len(stripped) > 1:
            head, *tail = re.split(r"\s", stripped[1:], maxsplit=1)
            rest = tail[0] if tail else ""
            command = head.split("@", 1)[0].lower()  # /help@assent_bot in groups
            return cls(EventKind.COMMAND, text=stripped, command=command, args=rest.strip())
        return cls(EventKind.TEXT, text=stripped)

    @classmethod
    def chosen(cls, value: str, *, verified: bool = False, offer: str = "") -> Event:
        return cls(EventKind.CHOICE, choice=value, verified=verified, offer=offer)
