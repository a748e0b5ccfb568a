"""Every sentence the bot can say has a Spanish translation with the same placeholders and commands.

The msgids are collected from the code the way a translator's tool would (babel's
`extract_from_dir`), so a new `ctx.t("…")` or `N_("…")` without a catalog entry fails here, and so
does a catalog entry whose English text no longer exists in the code.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from collections.abc import Collection, Iterator
from string import Formatter
from typing import IO, Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from billing.documents import acceptance, convert
from billing.i18n import LOCALE_DIR, translate
from flows.context import DOMAIN
from mail.inbound import notices
from mail.outbound import reminders
from mail.outbound.sender import FAILED_TEXT, UNCONFIRMED_TEXT

SOURCES = ("flows", "bot")
ROOT = LOCALE_DIR.parent.parent
# Where each call keeps its msgid: ctx.t(msgid), bot.language.t(language, msgid), N_(msgid) and
# translate(domain, language, msgid) — the domain rides in babel's context slot to be filtered.
KEYWORDS = {".t": None, "t": (2,), "N_": None, "translate": ((1, "c"), 3)}
# Bot texts whose msgid is written outside flows/ and bot/: notification payloads.
NOTICES = (
    *notices.REVIEW_TEXTS.values(),
    notices.REVIEW_FALLBACK,
    notices.BOUNCED_TEXT,
    *notices.MAILBOX_DOWN_TEXTS.values(),
    notices.MAILBOX_BACK_TEXT,
    notices.FAILED_TEXT,
)
ELSEWHERE = (
    dict.fromkeys((FAILED_TEXT, UNCONFIRMED_TEXT), "mail/outbound/sender.py")
    | dict.fromkeys((*NOTICES, *notices.CHOICE_LABELS), "mail/inbound/notices.py")
    | dict.fromkeys(
        (*convert.ACCEPTED_TEXTS.values(), *convert.ACCEPTED_LABELS), "billing/documents/convert.py"
    )
    | dict.fromkeys(reminders.NOTICE_TEXTS, "mail/outbound/reminders.py")
    | dict.fromkeys(acceptance.DECLINED_TEXTS, "billing/documents/acceptance.py")
)
COMMAND = re.compile(r"(?<![\w/])/[a-z_]+\b")


def extract_calls(
    fileobj: IO[bytes], keywords: Collection[str], comment_tags: Collection[str], options: Any
) -> Iterator[tuple[int, str, tuple[str | None, ...], list[str]]]:
    """Babel extraction method reading the syntax tree, not tokens.

    Babel's own "python" method counts a string inside an argument (`payload["text"]`,
    `name=contact["name"]`) as a positional argument, and cannot tell `ctx.t(msgid)` from the
    adapter's `t(language, msgid)`; here a method call is named ".t" and a plain one "t".
    """
    for node in ast.walk(ast.parse(fileobj.read())):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else None
        if isinstance(func, ast.Attribute):
            name = "." + func.attr
        if name in keywords:
            literals = tuple(
                arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None
                for arg in node.args
            )
            yield node.lineno, name, literals, []


def code_msgids() -> dict[str, list[str]]:
    """Each bot msgid in the code with where it is used (file:line)."""
    found: dict[str, list[str]] = {}
    for source in SOURCES:
        for path, line, message, _, domain in extract_from_dir(
            ROOT / source, method_map=[("**.py", extract_calls)], keywords=KEYWORDS
        ):
            if domain in (None, DOMAIN):  # None: a domain constant, "bot" in these packages
                found.setdefault(message, []).append(f"{source}/{path}:{line}")
    for message, place in ELSEWHERE.items():
        found.setdefault(message, []).append(place)
    return found


def catalog(language: str) -> Catalog:
    with open(LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po", "rb") as handle:
        return read_po(handle, domain=DOMAIN)  # the Language header, not us, names the locale


def fields(text: str) -> Counter[str]:
    return Counter(name for _, name, _, _ in Formatter().parse(text) if name is not None)


def test_extraction_finds_texts_in_every_form() -> None:
    msgids = code_msgids()
    assert "Is the client a person or a company?" in msgids  # Field(prompt=N_(…))
    assert "Tap a document to open it, or filter by status." in msgids  # ctx.t(…)
    assert "This button has expired." in msgids  # t(language, …) in the adapter
    assert "partially paid" in msgids  # STATUS_NAMES
    assert FAILED_TEXT in msgids  # a notification payload written in mail/
    assert not {"text", "name", "query", "notes"} & set(msgids)  # subscripts, not msgids


def test_spanish_catalog_has_exactly_the_code_texts() -> None:
    msgids = code_msgids()
    entries = {message.id for message in catalog("es") if message.id}
    missing = {msgid: msgids[msgid] for msgid in set(msgids) - entries}
    assert not missing, f"untranslated bot texts: {missing}"
    obsolete = sorted(entries - set(msgids))
    assert not obsolete, f"catalog entries no longer in the code: {obsolete}"


def test_spanish_keeps_placeholders_and_commands() -> None:
    for message in catalog("es"):
        if not message.id:
            continue
        assert message.string.strip(), f"empty translation for {message.id!r}"
        assert not message.fuzzy, f"fuzzy (ignored at run time): {message.id!r}"
        assert fields(message.string) == fields(message.id), message.id
        assert Counter(COMMAND.findall(message.string)) == Counter(COMMAND.findall(message.id)), (
            message.id
        )


def test_catalog_header_declares_spanish() -> None:
    es = catalog("es")
    assert (str(es.locale), es.charset) == ("es", "utf-8")
    header = (LOCALE_DIR / "es" / "LC_MESSAGES" / f"{DOMAIN}.po").read_text().split("\n\n")[0]
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in header


def test_runtime_speaks_spanish_and_english_is_the_source() -> None:
    question = "Is the client a person or a company?"
    assert translate(DOMAIN, "es", question) == "¿El cliente es una persona o una empresa?"
    for msgid in code_msgids():
        assert translate(DOMAIN, "en", msgid) == msgid
