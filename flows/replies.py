"""What Assent says back, as data; each channel adapter decides how it looks."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Choice:
    """A button. `value` is opaque to the user; the engine only honours values it offered."""

    label: str
    value: str


@dataclass(frozen=True)
class Attachment:
    filename: str
    mime_type: str
    data: bytes


@dataclass(frozen=True)
class Reply:
    text: str
    choices: tuple[Choice, ...] = ()
    # Buttons per row when shown as a keyboard; long lists look better one per row.
    columns: int = 2
    # Replace the message whose button was pressed rather than adding a new one (summary cards).
    edit: bool = False
    document: Attachment | None = None
    ask_contact: bool = False  # offer the channel's "share my phone number" button
    typing: bool = False  # slow work follows: show "typing…"
    # Render this document's PDF and attach it; done after the dialog's transaction commits, so
    # slow rendering never holds the database.
    pdf_of: int | None = None
    # Likewise the signing certificate of this proposal's acceptance (built once, then stored).
    certificate_of: int | None = None
    extra: dict[str, str] = field(default_factory=dict)
    # The dialog turn that offered these buttons (set by the engine): a press counts only while
    # the dialog still stands where this message left it.
    offer: str = ""
