"""The Bot API methods a bot uses to talk in a chat, answered with Telegram's objects and errors."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from tests.fakes.telegram_errors import TOO_LARGE, bad_request
from tests.fakes.telegram_markup import MAX_CAPTION, MAX_TEXT, check_reply_markup, render_text
from tests.fakes.telegram_objects import BotMessage, Chat, StoredFile, Upload, now
from tests.fakes.telegram_state import TelegramState, command_key

Params = dict[str, Any]
Files = dict[str, Upload]
Handler = Callable[[TelegramState, Params, Files], Awaitable[Any]]

CHAT_ACTIONS = frozenset({
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note",
    "upload_video_note",
})
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")


def _replied_to(chat: Chat, p: Params) -> dict[str, Any] | None:
    target = (p.get("reply_parameters") or {}).get("message_id") or p.get("reply_to_message_id")
    if target is None:
        return None
    bot_message = chat.bot_message(target)
    found = bot_message.as_api() if bot_message else chat.user_messages.get(target)
    if found is None and not p.get("allow_sending_without_reply"):
        raise bad_request("message to be replied not found")
    return found


def _send(state: TelegramState, chat: Chat, p: Params, **content: Any) -> dict[str, Any]:
    message = BotMessage(
        chat=chat.info, sender=state.me, message_id=chat.next_message_id(), date=now(),
        reply_to=_replied_to(chat, p), reply_markup=check_reply_markup(p.get("reply_markup")),
        **content,
    )
    chat.bot_messages.append(message)
    return message.as_api()


def _edited(state: TelegramState, p: Params) -> BotMessage:
    if p.get("inline_message_id"):
        raise bad_request("MESSAGE_ID_INVALID")
    message = state.chat(p.get("chat_id")).bot_message(p.get("message_id"))
    if message is None:
        raise bad_request("message to edit not found")
    return message


def _apply_edit(message: BotMessage, markup: dict[str, Any] | None, **content: Any) -> dict:
    """Keep the old state in ``versions``; an edit that changes nothing the user sees (text,
    entities, inline keyboard) is refused."""
    new_markup = markup if markup and markup.get("inline_keyboard") else None
    old_markup = message.reply_markup if message.buttons() else None
    if new_markup == old_markup and all(getattr(message, k) == v for k, v in content.items()):
        raise bad_request(
            "message is not modified: specified new message content and reply markup are "
            "exactly the same as a current content and reply markup of the message"
        )
    message.versions.append(message.snapshot())
    message.reply_markup = new_markup
    message.edit_date = now()
    for key, value in content.items():
        setattr(message, key, value)
    return message.as_api()


def _input_file(
    state: TelegramState, p: Params, files: Files, field: str, limit: int
) -> StoredFile:
    """An uploaded part (directly or via attach://) or the file_id of a file Telegram holds."""
    value = p.get(field)
    upload = files.get(field)
    if upload is None and isinstance(value, str) and value.startswith("attach://"):
        upload = files.get(value.removeprefix("attach://"))
    if upload is None:
        if not value:
            raise bad_request(f"there is no {field} in the request")
        if value not in state.files:
            raise bad_request("wrong file identifier/HTTP URL specified")
        return state.files[value]
    if not upload.data:
        raise bad_request("file must be non-empty")
    if len(upload.data) > limit:
        raise TOO_LARGE
    return state.store_file(upload.data, upload.filename, upload.content_type, f"{field}s")


def _caption(p: Params) -> dict[str, Any]:
    caption, entities = render_text(
        p.get("caption"), p.get("parse_mode"), p.get("caption_entities"),
        limit=MAX_CAPTION, what="caption",
    )
    return {"caption": caption or None, "caption_entities": entities}


async def get_me(state: TelegramState, p: Params, files: Files) -> dict[str, Any]:
    return {
        **state.me, "can_join_groups": True, "can_read_all_group_messages": False,
        "supports_inline_queries": False, "can_connect_to_business": False,
        "has_main_web_app": False,
    }


async def send_message(state: TelegramState, p: Params, files: Files) -> dict[str, Any]:
    chat = state.chat(p.get("chat_id"))
    text, entities = render_text(
        p.get("text"), p.get("parse_mode"), p.get("entities"), limit=MAX_TEXT, what="text"
    )
    return _send(
        state, chat, p, text=text, entities=entities, source=p.get("text"),
        parse_mode=p.get("parse_mode"),
    )


async def send_document(state: TelegramState, p: Params, files: Files) -> dict[str, Any]:
    chat = state.chat(p.get("chat_id"))
    document = _input_file(state, p, files, "document", state.max_document_bytes)
    return _send(state, chat, p, document=document, **_caption(p))


async def send_photo(state: TelegramState, p: Params, files: Files) -> dict[str, Any]:
    chat = state.chat(p.get("chat_id"))
    photo = _input_file(state, p, files, "photo", state.max_photo_bytes)
    if photo.width is None:
        raise bad_request("IMAGE_PROCESS_FAILED")
    return _send(state, chat, p, photo=photo, **_caption(p))


async def edit_message_text(state: TelegramState, p: Params, files: Files) -> dict[str, Any]:
    message = _edited(state, p)
    if message.text is None:
        raise bad_request("there is no text in the message to edit")
    text, entities = render_text(
        p.get("text"), p.get("parse_mode"), p.get("entities"), limit=MAX_TEXT, what="text"
    )
    markup = check_reply_markup(p.get("reply_markup"), inline_only=True)
    edited = _apply_edit(message, markup, text=text, entities=entities)
    message.source, message.parse_mode = p.get("text"), p.get("parse_mode")
    return edited


async def edit_message_reply_markup(
    state: TelegramState, p: Params, files: Files
) -> dict[str, Any]:
    message = _edited(state, p)
    return _apply_edit(message, check_reply_markup(p.get("reply_markup"), inline_only=True))


async def delete_message(state: TelegramState, p: Params, files: Files) -> bool:
    chat = state.chat(p.get("chat_id"))
    message = chat.bot_message(p.get("message_id"))
    if message is not None:
        message.deleted = True
    elif chat.user_messages.pop(p.get("message_id"), None) is None:
        raise bad_request("message to delete not found")
    return True


async def answer_callback_query(state: TelegramState, p: Params, files: Files) -> bool:
    query_id = str(p.get("callback_query_id"))
    if query_id not in state.callback_queries or query_id in state.callback_answers:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    if len(p.get("text") or "") > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    state.callback_answers[query_id] = p
    return True


async def send_chat_action(state: TelegramState, p: Params, files: Files) -> bool:
    state.chat(p.get("chat_id"))
    if p.get("action") not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True


async def set_my_commands(state: TelegramState, p: Params, files: Files) -> bool:
    commands = p.get("commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("BOT_COMMANDS_TOO_MUCH" if commands else "commands must be an array")
    for entry in commands:
        if not _COMMAND.fullmatch(str(entry.get("command", ""))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(entry.get("description", "")).strip()) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    key = command_key(p.get("scope"), p.get("language_code"))
    state.command_lists[key] = [
        {"command": entry["command"], "description": entry["description"]} for entry in commands
    ]
    return True


async def get_my_commands(state: TelegramState, p: Params, files: Files) -> list[dict]:
    return state.commands(p.get("language_code") or "", p.get("scope"))


async def delete_my_commands(state: TelegramState, p: Params, files: Files) -> bool:
    state.command_lists.pop(command_key(p.get("scope"), p.get("language_code")), None)
    return True


async def get_file(state: TelegramState, p: Params, files: Files) -> dict[str, Any]:
    stored = state.files.get(str(p.get("file_id")))
    if stored is None:
        raise bad_request("invalid file_id")
    if len(stored.data) > state.max_download_bytes:
        raise bad_request("file is too big")
    return stored.as_file()


async def acknowledge(state: TelegramState, p: Params, files: Files) -> bool:
    """close and logOut: nothing to tear down in the fake, and the bot only needs ``true``."""
    return True


METHODS: dict[str, Handler] = {
    "getMe": get_me, "sendMessage": send_message, "sendDocument": send_document,
    "sendPhoto": send_photo, "editMessageText": edit_message_text,
    "editMessageReplyMarkup": edit_message_reply_markup, "deleteMessage": delete_message,
    "answerCallbackQuery": answer_callback_query, "sendChatAction": send_chat_action,
    "setMyCommands": set_my_commands, "getMyCommands": get_my_commands,
    "deleteMyCommands": delete_my_commands, "getFile": get_file, "close": acknowledge,
    "logOut": acknowledge,
}
