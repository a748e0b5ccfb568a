"""The fake Telegram's memory, shared by its HTTP methods and the simulated users, with the
waiting helpers that let tests react to the bot instead of sleeping blindly."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable
from typing import Any, TypeVar

from tests.fakes.telegram_errors import bad_request, forbidden
from tests.fakes.telegram_objects import (
    BotMessage,
    Call,
    Chat,
    Delivery,
    StoredFile,
    Webhook,
    image_size,
)

T = TypeVar("T")
FIRST_UPDATE_ID = 100_000_001
DEFAULT_UPDATE_TYPES = frozenset({"message", "edited_message", "callback_query"})


class TelegramState:
    """Everything a bot can observe through the Bot API, and what tests assert on."""

    def __init__(self, *, bot_id: int, bot_username: str, bot_first_name: str) -> None:
        self.me: dict[str, Any] = {
            "id": bot_id, "is_bot": True, "first_name": bot_first_name, "username": bot_username,
        }
        self.chats: dict[int, Chat] = {}
        self.blocked: set[int] = set()
        self.files: dict[str, StoredFile] = {}
        self.updates: list[dict[str, Any]] = []
        self.allowed_updates: list[str] = []
        self.webhook: Webhook | None = None
        self.deliveries: list[Delivery] = []
        self.calls: list[Call] = []
        self.command_lists: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.callback_queries: dict[str, dict[str, Any]] = {}
        self.callback_answers: dict[str, dict[str, Any]] = {}
        self.max_document_bytes = 50 * 1024 * 1024
        self.max_photo_bytes = 10 * 1024 * 1024
        self.max_download_bytes = 20 * 1024 * 1024
        self.closing = False
        self.poll_generation = 0
        self._next_update_id = FIRST_UPDATE_ID
        self._next_file = 0
        self._changed = asyncio.Event()

    # -- change notification -------------------------------------------------------------

    def changed(self) -> None:
        """Wake every waiter (long polls, the webhook sender, tests) to re-check its condition."""
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait_until(self, predicate: Callable[[], T], timeout: float | None) -> T | None:
        """The predicate's first truthy value, re-checked after every change; None on timeout."""
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + timeout
        while True:
            event = self._changed
            if value := predicate():
                return value
            remaining = None if deadline is None else deadline - loop.time()
            if remaining is not None and remaining <= 0:
                return None
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)

    async def wait_for(self, predicate: Callable[[], T], timeout: float = 5.0) -> T:
        """Like wait_until, but a test fails with a clear message when nothing happens."""
        value = await self.wait_until(predicate, timeout)
        if not value:
            raise AssertionError(f"fake Telegram: condition not met within {timeout} s")
        return value

    async def wait_for_messages(
        self, chat_id: int, count: int, timeout: float = 5.0
    ) -> list[BotMessage]:
        """Wait until the bot has sent ``count`` messages to the chat in all (deleted ones count)
        and return that transcript."""
        return await self.wait_for(
            lambda: len(self.transcript(chat_id)) >= count and self.transcript(chat_id), timeout
        )

    # -- inspection ----------------------------------------------------------------------

    def transcript(self, chat_id: int) -> list[BotMessage]:
        """Every bot message sent to the chat, oldest first, deleted ones included."""
        chat = self.chats.get(chat_id)
        return list(chat.bot_messages) if chat else []

    def messages(self, chat_id: int) -> list[BotMessage]:
        """The bot messages the user can still see, after edits and deletions."""
        return [m for m in self.transcript(chat_id) if not m.deleted]

    def last_message(self, chat_id: int) -> BotMessage | None:
        visible = self.messages(chat_id)
        return visible[-1] if visible else None

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method.lower() == method.lower()]

    def commands(self, language_code: str = "", scope: dict[str, Any] | None = None) -> list[dict]:
        """The command list setMyCommands stored for exactly this scope and language."""
        return self.command_lists.get(command_key(scope, language_code), [])

    def callback_answer(self, query_id: str) -> dict[str, Any] | None:
        """The answerCallbackQuery parameters the bot gave this query, if it answered."""
        return self.callback_answers.get(query_id)

    def webhook_info(self) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": "", "has_custom_certificate": False, "pending_update_count": len(self.updates),
        }
        if self.webhook:
            info.update(url=self.webhook.url, max_connections=self.webhook.max_connections)
            if self.webhook.last_error_date:
                info.update(
                    last_error_date=self.webhook.last_error_date,
                    last_error_message=self.webhook.last_error_message,
                )
        if self.allowed_updates:
            info["allowed_updates"] = self.allowed_updates
        return info

    # -- used by the methods and the simulated users -------------------------------------

    def chat(self, chat_id: Any) -> Chat:
        """The chat a bot call addresses, refused the way Telegram refuses it."""
        chat = self.chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise bad_request("chat not found")
        if chat_id in self.blocked:
            raise forbidden("bot was blocked by the user")
        return chat

    def store_file(
        self, data: bytes, filename: str | None, mime_type: str | None, folder: str
    ) -> StoredFile:
        self._next_file += 1
        suffix = filename.rsplit(".", 1)[-1] if filename and "." in filename else "bin"
        size = image_size(data) if folder == "photos" else None
        stored = StoredFile(
            file_id=f"fake-file-{self._next_file}",
            file_unique_id=f"fake-unique-{self._next_file}",
            file_path=f"{folder}/file_{self._next_file}.{suffix}",
            data=data, file_name=filename, mime_type=mime_type,
            width=size[0] if size else None, height=size[1] if size else None,
        )
        self.files[stored.file_id] = stored
        return stored

    def push_update(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Queue an update for getUpdates or the webhook, unless allowed_updates excludes it."""
        wanted = set(self.allowed_updates) or DEFAULT_UPDATE_TYPES
        update = {"update_id": self._next_update_id, kind: payload}
        self._next_update_id += 1
        if kind in wanted:
            self.updates.append(update)
            self.changed()
        return update

    def confirm_updates(self, offset: int) -> None:
        """getUpdates' offset confirms (forgets) every update below it; negative keeps the tail."""
        if offset < 0:
            self.updates = self.updates[offset:]
        else:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]


def command_key(scope: dict[str, Any] | None, language_code: str | None) -> tuple[str, str]:
    """Telegram keeps one command list per (scope, language); the default scope is the same as
    none at all."""
    scope = scope or {"type": "default"}
    return json.dumps(scope, sort_keys=True), language_code or ""
