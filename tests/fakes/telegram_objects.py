"""What the fake Telegram remembers — files, bot messages with their edit history, recorded
calls — and how each looks as a Bot API object, so tests inspect plain Python values."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, NamedTuple


class Upload(NamedTuple):
    """One multipart file part of a bot call."""

    data: bytes
    filename: str | None
    content_type: str | None


@dataclass
class StoredFile:
    """A file Telegram holds: uploaded by the bot or sent by a user; downloadable via getFile."""

    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes
    file_name: str | None = None
    mime_type: str | None = None
    width: int | None = None
    height: int | None = None

    def as_document(self) -> dict[str, Any]:
        return _without_none({
            "file_id": self.file_id, "file_unique_id": self.file_unique_id,
            "file_name": self.file_name, "mime_type": self.mime_type,
            "file_size": len(self.data),
        })

    def as_photo(self) -> list[dict[str, Any]]:
        return [{
            "file_id": self.file_id, "file_unique_id": self.file_unique_id,
            "file_size": len(self.data), "width": self.width, "height": self.height,
        }]

    def as_file(self) -> dict[str, Any]:
        return {
            "file_id": self.file_id, "file_unique_id": self.file_unique_id,
            "file_size": len(self.data), "file_path": self.file_path,
        }


@dataclass
class BotMessage:
    """A message the bot sent, as the user currently sees it; ``versions`` keeps earlier states."""

    chat: dict[str, Any]
    sender: dict[str, Any]
    message_id: int
    date: int
    text: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    source: str | None = None
    parse_mode: str | None = None
    reply_markup: dict[str, Any] | None = None
    document: StoredFile | None = None
    photo: StoredFile | None = None
    caption: str | None = None
    caption_entities: list[dict[str, Any]] = field(default_factory=list)
    reply_to: dict[str, Any] | None = None
    edit_date: int | None = None
    deleted: bool = False
    versions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def chat_id(self) -> int:
        return self.chat["id"]

    def buttons(self) -> list[dict[str, Any]]:
        """Inline buttons, row by row flattened; reply keyboards are in ``reply_markup``."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [button for row in rows for button in row]

    def button_texts(self) -> list[str]:
        return [button["text"] for button in self.buttons()]

    def snapshot(self) -> dict[str, Any]:
        """The parts an edit can change, kept in ``versions`` before each edit."""
        return {
            "text": self.text, "source": self.source, "reply_markup": self.reply_markup,
            "edit_date": self.edit_date,
        }

    def as_api(self) -> dict[str, Any]:
        inline = self.reply_markup if self.buttons() else None
        return _without_none({
            "message_id": self.message_id, "from": self.sender, "chat": self.chat,
            "date": self.date, "edit_date": self.edit_date, "text": self.text,
            "entities": self.entities or None,
            "document": self.document.as_document() if self.document else None,
            "photo": self.photo.as_photo() if self.photo else None,
            "caption": self.caption, "caption_entities": self.caption_entities or None,
            "reply_to_message": self.reply_to, "reply_markup": inline,
        })


@dataclass
class Chat:
    """A private chat between the bot and one simulated user; message ids are shared by both."""

    info: dict[str, Any]
    user: dict[str, Any]
    last_message_id: int = 0
    bot_messages: list[BotMessage] = field(default_factory=list)
    user_messages: dict[int, dict[str, Any]] = field(default_factory=dict)

    def next_message_id(self) -> int:
        self.last_message_id += 1
        return self.last_message_id

    def bot_message(self, message_id: int) -> BotMessage | None:
        return next(
            (m for m in self.bot_messages if m.message_id == message_id and not m.deleted), None
        )


@dataclass
class Webhook:
    """What setWebhook registered, and the last failure getWebhookInfo reports."""

    url: str
    secret_token: str | None = None
    max_connections: int = 40
    last_error_date: int | None = None
    last_error_message: str | None = None


@dataclass
class Call:
    """One HTTP call the bot made, ``at`` its time.monotonic() arrival; status 0 means the fake
    dropped the connection."""

    method: str
    params: dict[str, Any]
    files: dict[str, Upload]
    at: float
    status: int = 200
    description: str | None = None


@dataclass
class Delivery:
    """One webhook POST attempt and the HTTP status the bot answered (0: no answer)."""

    update_id: int
    status: int
    error: str | None = None


def now() -> int:
    """Telegram dates are whole seconds."""
    return int(time.time())


_JPEG_FRAME_MARKERS = frozenset({
    0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF,
})


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG or JPEG, as Telegram reads them to build PhotoSize objects."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data[:2] != b"\xff\xd8":
        return None
    i = 2
    while i + 9 <= len(data) and data[i] == 0xFF:
        if data[i + 1] in _JPEG_FRAME_MARKERS:
            height, width = data[i + 5:i + 7], data[i + 7:i + 9]
            return int.from_bytes(width, "big"), int.from_bytes(height, "big")
        i += 2 + int.from_bytes(data[i + 2:i + 4], "big")
    return None


def _without_none(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}
