"""Telegram's checks on message text and keyboards, so a bot that would be refused by Telegram
is refused by the fake too (HTML parse_mode, length limits, keyboards, callback_data size)."""

from __future__ import annotations

import re
from typing import Any

from tests.fakes.telegram_errors import bad_request

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
MAX_BUTTONS = 100

_TAG_KIND = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
    "ins": "underline", "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
    "tg-spoiler": "spoiler", "span": "spoiler", "a": "text_link", "code": "code", "pre": "pre",
    "blockquote": "blockquote", "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY = re.compile(r"&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]+));")
_START_TAG = re.compile(
    r"<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>\"']+))?)*)\s*>"
)
_ATTRIBUTE = re.compile(r"([a-zA-Z-]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>\"']+)))?")
_END_TAG = re.compile(r"</([a-zA-Z][a-zA-Z0-9-]*)\s*>")
_INLINE_ACTIONS = (
    "url", "callback_data", "web_app", "login_url", "switch_inline_query",
    "switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text",
    "callback_game", "pay",
)


def utf16_len(text: str) -> int:
    """Telegram measures text and entity offsets in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _cannot_parse(reason: str, source: str, index: int) -> Exception:
    offset = len(source[:index].encode("utf-8"))
    return bad_request(f"can't parse entities: {reason} at byte offset {offset}")


def _decoded(entity: re.Match[str]) -> str:
    """Numeric entities all work; of the named ones Telegram knows four, others stay as typed."""
    decimal, hexadecimal, name = entity.groups()
    if name:
        return _NAMED_ENTITIES.get(name, entity[0])
    return chr(int(decimal) if decimal else int(hexadecimal, 16))


def _attributes(raw: str) -> dict[str, str]:
    return {
        match[1].lower(): _ENTITY.sub(_decoded, match[2] or match[3] or match[4] or "")
        for match in _ATTRIBUTE.finditer(raw)
    }


def _entity_for(tag: str, attrs: dict[str, str], offset: int, length: int) -> dict[str, Any] | None:
    kind = _TAG_KIND[tag]
    entity: dict[str, Any] = {"type": kind, "offset": offset, "length": length}
    if tag == "a":
        if not attrs.get("href"):
            return None
        entity["url"] = attrs["href"]
    elif tag == "tg-emoji":
        entity["custom_emoji_id"] = attrs.get("emoji-id", "")
    elif tag == "blockquote" and "expandable" in attrs:
        entity["type"] = "expandable_blockquote"
    elif tag == "pre" and attrs.get("language"):
        entity["language"] = attrs["language"]
    return entity


def parse_html(source: str) -> tuple[str, list[dict[str, Any]]]:
    """Split Telegram-flavoured HTML into plain text and entities; refuse what Telegram does."""
    out: list[str] = []
    position = 0
    stack: list[tuple[str, int, dict[str, str], int]] = []
    entities: list[dict[str, Any]] = []
    i = 0
    while i < len(source):
        char = source[i]
        if char == "&" and (entity := _ENTITY.match(source, i)):
            decoded = _decoded(entity)
            out.append(decoded)
            position += utf16_len(decoded)
            i = entity.end()
        elif char == "<" and source.startswith("</", i):
            end = _END_TAG.match(source, i)
            if end is None:
                raise _cannot_parse("Unclosed end tag", source, i)
            if not stack:
                raise _cannot_parse("Unexpected end tag", source, i)
            tag, start, attrs, _ = stack.pop()
            if end[1].lower() != tag:
                raise _cannot_parse(
                    f'Unmatched end tag, expected "</{tag}>", found "</{end[1].lower()}>"',
                    source, i,
                )
            if tag == "code" and stack and stack[-1][0] == "pre" and "class" in attrs:
                stack[-1][2]["language"] = attrs["class"].removeprefix("language-")
            elif position > start and (made := _entity_for(tag, attrs, start, position - start)):
                entities.append(made)
            i = end.end()
        elif char == "<":
            start_tag = _START_TAG.match(source, i)
            if start_tag is None:
                raise _cannot_parse("Unclosed start tag", source, i)
            tag, attrs = start_tag[1].lower(), _attributes(start_tag[2])
            if tag not in _TAG_KIND:
                raise _cannot_parse(f'Unsupported start tag "{tag}"', source, i)
            if tag == "span" and attrs.get("class") != "tg-spoiler":
                raise _cannot_parse('Tag "span" must have class "tg-spoiler"', source, i)
            stack.append((tag, position, attrs, i))
            i = start_tag.end()
        else:
            out.append(char)
            position += utf16_len(char)
            i += 1
    if stack:
        tag, _, _, index = stack[-1]
        reason = f'Can\'t find end tag corresponding to start tag "{tag}"'
        raise _cannot_parse(reason, source, index)
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def render_text(
    source: str | None, parse_mode: str | None, entities: list[dict[str, Any]] | None,
    *, limit: int, what: str,
) -> tuple[str, list[dict[str, Any]]]:
    """Turn what the bot sent into what the user would see; ``what`` names it in errors."""
    if parse_mode and parse_mode.upper() != "HTML":
        raise bad_request(f"unsupported parse_mode {parse_mode!r} (the fake speaks HTML only)")
    text, parsed = parse_html(source or "") if parse_mode else (source or "", entities or [])
    if what == "text" and not text.strip():
        raise bad_request("message text is empty")
    if utf16_len(text) > limit:
        reason = "message is too long" if what == "text" else "message caption is too long"
        raise bad_request(reason)
    return text, parsed


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not button.get("text"):
        raise bad_request("can't parse inline keyboard button: Text is empty")
    actions = [name for name in _INLINE_ACTIONS if name in button]
    if len(actions) != 1:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in button and not re.match(r"(https?|tg)://\S+$", str(button["url"])):
        raise bad_request(f"inline keyboard button URL '{button['url']}' is invalid")


def _check_reply_button(button: Any) -> None:
    text = button.get("text") if isinstance(button, dict) else button
    if not isinstance(text, str) or not text:
        raise bad_request("can't parse keyboard button: Text is empty")


def _rows(markup: dict[str, Any], key: str) -> list[list[Any]]:
    rows = markup[key]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(f"can't parse reply keyboard markup JSON object: {key} is not an array")
    if sum(len(row) for row in rows) > MAX_BUTTONS:
        raise bad_request("reply markup is too long")
    return rows


def check_reply_markup(markup: Any, *, inline_only: bool = False) -> dict[str, Any] | None:
    """Accept the four keyboard kinds Telegram knows; edits may only carry inline keyboards."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        for row in _rows(markup, "inline_keyboard"):
            for button in row:
                _check_inline_button(button)
    elif inline_only:
        raise bad_request("inline keyboard expected")
    elif "keyboard" in markup:
        for row in _rows(markup, "keyboard"):
            for button in row:
                _check_reply_button(button)
    elif markup.get("remove_keyboard") is not True and markup.get("force_reply") is not True:
        raise bad_request("can't parse reply keyboard markup JSON object")
    return markup
