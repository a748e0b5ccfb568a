"""Simulated Telegram users: what a person does in a private chat with the bot, turned into
the updates Telegram would send."""

from __future__ import annotations

import itertools
import re
from typing import Any

from tests.fakes.telegram_markup import utf16_len
from tests.fakes.telegram_objects import BotMessage, Chat, now
from tests.fakes.telegram_state import TelegramState

_COMMAND = re.compile(r"/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?")
_query_ids = itertools.count(4_000_000_000_000_000_001)


class FakeUser:
    """A person in a private chat with the bot (chat id == user id)."""

    def __init__(
        self, state: TelegramState, user_id: int, first_name: str, *,
        last_name: str | None = None, username: str | None = None, language_code: str = "en",
    ) -> None:
        self._state = state
        self.id = user_id
        self.info: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        chat_info: dict[str, Any] = {"id": user_id, "type": "private", "first_name": first_name}
        for key, value in (("last_name", last_name), ("username", username)):
            if value is not None:
                self.info[key] = chat_info[key] = value
        self.info["language_code"] = language_code
        self._chat = state.chats.setdefault(user_id, Chat(info=chat_info, user=self.info))

    @property
    def chat_id(self) -> int:
        return self.id

    def block(self) -> None:
        """From now on the bot gets 403 "bot was blocked by the user" when writing here."""
        self._state.blocked.add(self.id)

    def unblock(self) -> None:
        self._state.blocked.discard(self.id)

    async def send_text(self, text: str) -> dict[str, Any]:
        """Send a message; a leading /command gets its bot_command entity. Returns the Message."""
        content: dict[str, Any] = {"text": text}
        if command := _COMMAND.match(text):
            content["entities"] = [
                {"type": "bot_command", "offset": 0, "length": utf16_len(command[0])}
            ]
        return self._send(content)

    async def send_contact(
        self, phone: str, first_name: str, last_name: str | None = None,
        user_id: int | None = None,
    ) -> dict[str, Any]:
        """Share a contact card (own number via a request_contact button: pass user_id=self.id)."""
        contact: dict[str, Any] = {"phone_number": phone, "first_name": first_name}
        if last_name is not None:
            contact["last_name"] = last_name
        if user_id is not None:
            contact["user_id"] = user_id
        return self._send({"contact": contact})

    async def send_document(
        self, data: bytes, filename: str, mime: str = "application/octet-stream",
        caption: str | None = None,
    ) -> dict[str, Any]:
        """Send a file; the bot can fetch it back through getFile and the file URL."""
        stored = self._state.store_file(data, filename, mime, "documents")
        content: dict[str, Any] = {"document": stored.as_document()}
        if caption is not None:
            content["caption"] = caption
        return self._send(content)

    async def send_photo(self, data: bytes, caption: str | None = None) -> dict[str, Any]:
        """Send a picture as a photo: Telegram re-encodes it as JPEG and offers its sizes."""
        stored = self._state.store_file(data, None, "image/jpeg", "photos")
        content: dict[str, Any] = {"photo": stored.as_photo()}
        if caption is not None:
            content["caption"] = caption
        return self._send(content)

    async def press(self, button: str, message: BotMessage | int | None = None) -> dict[str, Any]:
        """Press the inline button with this text (or callback_data) on the given bot message,
        or on the latest visible bot message that has one. Returns the CallbackQuery."""
        candidates = [self._message(message)] if message is not None else reversed(
            [m for m in self._chat.bot_messages if not m.deleted]
        )
        for candidate in candidates:
            for found in candidate.buttons():
                if button in (found["text"], found.get("callback_data")):
                    if "callback_data" not in found:
                        raise ValueError(f"button {button!r} is not a callback button: {found}")
                    return self._callback(found["callback_data"], candidate)
        shown = [m.button_texts() for m in self._chat.bot_messages if not m.deleted]
        raise LookupError(f"no inline button {button!r} in chat {self.id}; buttons: {shown}")

    async def forge_callback(self, data: str, message: BotMessage | int) -> dict[str, Any]:
        """A callback query with arbitrary data, as a tampering client could send."""
        return self._callback(data, self._message(message))

    def _message(self, message: BotMessage | int) -> BotMessage:
        message_id = message if isinstance(message, int) else message.message_id
        found = self._chat.bot_message(message_id)
        if found is None:
            raise LookupError(f"no visible bot message {message_id} in chat {self.id}")
        return found

    def _send(self, content: dict[str, Any]) -> dict[str, Any]:
        message = {
            "message_id": self._chat.next_message_id(), "from": self.info,
            "chat": self._chat.info, "date": now(), **content,
        }
        self._chat.user_messages[message["message_id"]] = message
        self._state.push_update("message", message)
        return message

    def _callback(self, data: str, message: BotMessage) -> dict[str, Any]:
        query = {
            "id": str(next(_query_ids)), "from": self.info, "message": message.as_api(),
            "chat_instance": str(-4_000_000_000_000_000_000 - self.id), "data": data,
        }
        self._state.callback_queries[query["id"]] = query
        self._state.push_update("callback_query", query)
        return query
