"""Turn raw RFC 5322 bytes into readable text, whatever charset or encoding a mail client chose.

Mail from real clients lies about its charset, omits it, or is cut short; the listener must still
read it. So nothing here raises: every oddity becomes a line in `Decoded.problems` and the text
falls back to something readable (or empty).
"""

from __future__ import annotations

import codecs
import email
import email.header
import email.utils
import re
from dataclasses import dataclass
from email.message import EmailMessage, Message
from email.policy import default as default_policy

from billing.text import without_controls
from mail.inbound.htmltext import html_to_text
from mail.inbound.quotes import strip_quotes

# Labels that browsers (WHATWG Encoding) and mail clients treat as something wider than they say.
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "ascii",
    "ascii": "ascii",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "ks_c_5601-1987": "cp949",
    "utf8": "utf-8",
}
# Tried in order after the declared charset; latin-1 last because it never fails.
_FALLBACKS = ("utf-8", "cp1252")
# Codecs Python knows that no mail client uses for a body: they raise or rewrite the text.
_NOT_MAIL_CHARSETS = frozenset(
    {"punycode", "idna", "raw-unicode-escape", "unicode-escape", "undefined"}
)
# One header field and the whole block are read this far: 100,000 recipients would otherwise
# cost minutes and a gigabyte in the address parser. A reply never needs more.
_LONGEST_FIELD = 16_384
_LONGEST_HEADER_BLOCK = 262_144
# More nested multiparts than any mail program writes: the parser would recurse past its limit.
_MOST_MULTIPARTS = 100
_FIELD_BREAK = re.compile(rb"\r?\n(?![ \t])")
_LONGEST_HTML = 1_000_000  # characters parsed; the reply sits at the top of any longer page
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class Decoded:
    """The parsed message plus the body text chosen for reading."""

    message: EmailMessage
    text: str
    html: str
    from_html: bool
    problems: tuple[str, ...]


def parse(raw: bytes) -> Decoded:
    """Parse bytes and pick the reply body: text/plain, else HTML with quoted parts dropped.

    An empty text/plain beside an HTML part is a placeholder some programs send: HTML wins then.
    So does HTML whose marked-up quote leaves a reply where the text part has none: Zoho writes
    the answer under its quote, unmarked in text/plain ("---- On … wrote ----", the proposal,
    then "I accept"), where no rule can tell the answer from the quote.
    """
    problems: list[str] = []
    if raw.lower().count(b"multipart/") > _MOST_MULTIPARTS:
        raise TooComplex(f"more than {_MOST_MULTIPARTS} multipart parts")
    raw = bound_headers(raw, problems)
    message = email.message_from_bytes(raw, policy=default_policy)
    problems.extend(type(defect).__name__ for defect in message.defects)
    plain, html = _first_text_parts(message, problems)
    if plain is not None and (plain.strip() or html is None) and not _html_holds_reply(plain, html):
        text, from_html = plain, False
    elif html is not None:
        text, from_html = html_to_text(html[:_LONGEST_HTML]), True
    else:
        text, from_html = "", False
    if not text.strip():
        problems.append("no readable text body")
    return Decoded(message, text, html or "", from_html, tuple(problems))


def _html_holds_reply(plain: str, html: str | None) -> bool:
    """Whether the text part has nothing typed outside its quote while the HTML part has."""
    if html is None or strip_quotes(plain[:_LONGEST_HTML]):
        return False
    return bool(strip_quotes(html_to_text(html[:_LONGEST_HTML])))


class TooComplex(ValueError):
    """Nested deeper than any mail program writes: read as "unreadable", not parsed."""


def bound_headers(raw: bytes, problems: list[str] | None = None) -> bytes:
    """The message with each header field cut at _LONGEST_FIELD bytes (at an address boundary)
    and the header block at _LONGEST_HEADER_BLOCK; the body untouched. Linear in the size."""
    end = _header_end(raw)
    head, body = raw[:end], raw[end:]
    if len(head) <= _LONGEST_FIELD:
        return raw
    kept: list[bytes] = []
    size = 0
    for field in _FIELD_BREAK.split(head):
        if len(field) > _LONGEST_FIELD:
            field = field[:_LONGEST_FIELD]
            comma = field.rfind(b",")
            field = field[:comma] if comma > 0 else field
            if problems is not None:
                problems.append(f"header cut at {_LONGEST_FIELD} bytes: {field[:40]!r}")
        size += len(field) + 2
        if size > _LONGEST_HEADER_BLOCK:
            if problems is not None:
                problems.append(f"header block cut at {_LONGEST_HEADER_BLOCK} bytes")
            break
        kept.append(field)
    return b"\r\n".join(kept) + body


def _header_end(raw: bytes) -> int:
    ends = [found for found in (raw.find(b"\r\n\r\n"), raw.find(b"\n\n")) if found >= 0]
    return min(ends) if ends else len(raw)


def _first_text_parts(message: Message, problems: list[str]) -> tuple[str | None, str | None]:
    """Find the first inline text/plain and text/html, without entering attached messages."""
    plain: str | None = None
    html: str | None = None
    stack: list[Message] = [message]
    while stack:
        part = stack.pop()
        if part.get_content_maintype() == "message" or _is_attachment(part):
            continue
        if part.is_multipart():
            payload = part.get_payload()
            if isinstance(payload, list):
                stack.extend(reversed(payload))
            continue
        subtype = part.get_content_type()
        if subtype == "text/plain" and plain is None:
            plain = _unflow(_part_text(part, problems), part)
        elif subtype == "text/html" and html is None:
            html = _part_text(part, problems)
    return plain, html


def _is_attachment(part: Message) -> bool:
    try:
        return part.get_content_disposition() == "attachment"
    except Exception:  # a malformed Content-Disposition is not worth failing the whole mail
        return False


def _part_text(part: Message, problems: list[str]) -> str:
    """Decode one leaf part's transfer encoding and charset, trying wider charsets on failure."""
    try:
        payload = part.get_payload(decode=True)
    except Exception as error:  # broken base64/QP: keep going with nothing rather than fail
        problems.append(f"undecodable payload: {type(error).__name__}")
        return ""
    if not isinstance(payload, bytes):
        return ""
    declared = _declared_charset(part, payload)
    return _decode_bytes(payload, declared, problems)


def _declared_charset(part: Message, payload: bytes) -> str | None:
    try:
        charset = part.get_content_charset()
    except Exception:
        charset = None
    if charset is None and part.get_content_type() == "text/html":
        found = _META_CHARSET.search(payload[:4096])
        charset = found.group(1).decode("ascii").lower() if found else None
    return charset


def _decode_bytes(payload: bytes, declared: str | None, problems: list[str]) -> str:
    """Bytes to text: the declared charset, then UTF-8, Windows-1252, and finally Latin-1."""
    candidates: list[str] = []
    if declared:
        label = declared.strip().strip("\"'").lower()
        name = _CHARSET_ALIASES.get(label, label)
        try:
            codec = codecs.lookup(name)
        except (LookupError, ValueError):  # unknown, or a NUL inside the name
            problems.append(f"unknown charset {label!r}")
        else:
            if codec.name in _NOT_MAIL_CHARSETS or not codec._is_text_encoding:
                problems.append(f"not a mail charset {label!r}")
            else:
                candidates.append(codec.name)
    for fallback in _FALLBACKS:
        if fallback not in candidates:
            candidates.append(fallback)
    for index, name in enumerate(candidates):
        try:
            text = payload.decode(name)
        except (UnicodeError, LookupError, ValueError):
            continue
        if index > 0 and declared:
            problems.append(f"body is not {declared!r}; read as {name}")
        return text
    problems.append("body read as latin-1")
    return payload.decode("latin-1")


def _unflow(text: str, part: Message) -> str:
    """Undo RFC 3676 format=flowed soft line breaks so sentences and names are not split."""
    try:
        params = {key.lower(): value.lower() for key, value in part.get_params() or []}
    except Exception:
        return text
    if params.get("format") != "flowed":
        return text
    delsp = params.get("delsp") == "yes"
    out: list[str] = []
    pending: tuple[int, str] | None = None  # (quote depth, text so far) of a soft-broken line
    for line in text.replace("\r\n", "\n").split("\n"):
        depth = len(line) - len(line.lstrip(">"))
        body = line[depth:]
        body = body[1:] if body.startswith(" ") else body  # space-stuffing
        if pending is not None and pending[0] == depth:
            body = pending[1] + body
        elif pending is not None:
            out.append(_quoted(*pending))
        pending = None
        if body.endswith(" ") and body.rstrip() != "--":
            pending = (depth, body[:-1] if delsp else body)
        else:
            out.append(_quoted(depth, body))
    if pending is not None:
        out.append(_quoted(*pending))
    return "\n".join(out)


def _quoted(depth: int, body: str) -> str:
    return f"{'>' * depth} {body}" if depth else body


def header(message: Message, name: str) -> str:
    """A header as readable text, repairing raw 8-bit bytes that the parser could not decode."""
    try:
        value = message.get(name)
    except Exception:
        value = None
    text = "" if value is None else str(value)
    if value is not None and not _damaged(text):
        return printable(text)
    raw = next((v for k, v in message.raw_items() if k.lower() == name.lower()), None)
    return "" if raw is None else printable(_repair_raw_header(raw))


def printable(text: str) -> str:
    """One line, no control characters: PostgreSQL refuses a NUL, logs mangle the rest."""
    return " ".join(without_controls(text, keep_lines=False).split())


def header_values(message: Message, name: str) -> list[str]:
    """Every occurrence of a header, top first, unparsed (for grammars the email package lacks)."""
    return [
        _repair_raw_header(value) if _damaged(value) else value
        for key, value in message.raw_items()
        if key.lower() == name.lower()
    ]


def _damaged(text: str) -> bool:
    return "\ufffd" in text or any("\udc80" <= char <= "\udcff" for char in text)


def _repair_raw_header(raw: str) -> str:
    data = raw.encode("ascii", "surrogateescape")
    text = _decode_bytes(data, None, [])
    try:
        return str(email.header.make_header(email.header.decode_header(text)))
    except Exception:
        return text


def addresses(message: Message, name: str) -> list[tuple[str, str]]:
    """(display name, address) pairs from an address header; bad syntax yields what can be read."""
    try:
        value = message.get(name)
        found = [(a.display_name, a.addr_spec) for a in getattr(value, "addresses", ())]
    except Exception:
        found = []
    if found and not any(_damaged(display) for display, _ in found):
        return [(display, addr) for display, addr in found if "@" in addr]
    raw = [v for k, v in message.raw_items() if k.lower() == name.lower()]
    pairs = email.utils.getaddresses([_repair_raw_header(v) for v in raw])
    return [(display, addr) for display, addr in pairs if "@" in addr]
