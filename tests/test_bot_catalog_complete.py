"""Every sentence the bot can say is translated in every language it speaks, placeholders intact.

The msgids are collected from the code the way a translator's tool would (babel's
`extract_from_dir`), so a new `ctx.t("…")` or `N_("…")` without a catalog entry fails here, and so
does a catalog entry whose English text no longer exists in the code. Counted texts
(`ctx.tn(singular, plural, n)`) must be plural entries with every form the language's
Plural-Forms header declares (Arabic six, Romanian three).
"""

from __future__ import annotations

import ast
import functools
import re
from collections import Counter
from collections.abc import Collection, Iterator
from string import Formatter
from typing import IO, Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from assent.settings import BOT_LANGUAGES, BotSettings
from billing.documents import acceptance, convert
from billing.i18n import LOCALE_DIR, RLM, translate, translate_plural, translations
from flows.context import DOMAIN, Context
from flows.engine import general_help
from mail.inbound import notices
from mail.outbound import reminders
from mail.outbound.sender import FAILED_TEXT, UNCONFIRMED_TEXT
from models import User

SOURCES = ("flows", "bot")
ROOT = LOCALE_DIR.parent.parent
# Where each call keeps its msgid: ctx.t(msgid), ctx.tn(singular, plural, n),
# bot.language.t(language, msgid), N_(msgid) and translate(domain, language, msgid) — the domain
# rides in babel's context slot to be filtered.
KEYWORDS = {
    ".t": None,
    ".tn": (1, 2),
    "t": (2,),
    "N_": None,
    "translate": ((1, "c"), 3),
    "translate_plural": ((1, "c"), 3, 4),
}
TRANSLATED = tuple(language for language in BOT_LANGUAGES if language != "en")
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
    | dict.fromkeys(
        (*reminders.NOTICE_TEXTS, reminders.PROPOSAL_EXPIRING), "mail/outbound/reminders.py"
    )
    | dict.fromkeys(acceptance.DECLINED_TEXTS, "billing/documents/acceptance.py")
)
COMMAND = re.compile(r"(?<![\w/])/[a-z_]+\b")
# Markup a translation keeps as many times as its msgid: line breaks, bullets, the warning sign.
MARKS = ("\n", "•", "⚠️", "@")


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


Msgid = str | tuple[str, str]  # a counted text is (singular, plural)


@functools.cache
def code_msgids() -> dict[Msgid, list[str]]:
    """Each bot msgid in the code with where it is used (file:line); read once per run."""
    found: dict[Msgid, list[str]] = {}
    for source in SOURCES:
        for path, line, message, _, domain in extract_from_dir(
            ROOT / source, method_map=[("**.py", extract_calls)], keywords=KEYWORDS
        ):
            if domain in (None, DOMAIN):  # None: a domain constant, "bot" in these packages
                found.setdefault(message, []).append(f"{source}/{path}:{line}")
    for message, place in ELSEWHERE.items():
        found.setdefault(message, []).append(place)
    return found


@functools.cache
def catalog(language: str) -> Catalog:
    with open(LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po", "rb") as handle:
        return read_po(handle, domain=DOMAIN)  # the Language header, not us, names the locale


def fields(text: str) -> Counter[str]:
    return Counter(name for _, name, _, _ in Formatter().parse(text) if name is not None)


def marks(text: str) -> tuple[Counter[str], list[int]]:
    """The /commands a text names and how often it uses each piece of markup."""
    return Counter(COMMAND.findall(text)), [text.count(mark) for mark in MARKS]


def test_extraction_finds_texts_in_every_form() -> None:
    msgids = code_msgids()
    assert "Is the client a person or a company?" in msgids  # Field(prompt=N_(…))
    assert "Tap a document to open it, or filter by status." in msgids  # ctx.t(…)
    assert "This button has expired." in msgids  # t(language, …) in the adapter
    assert "partially paid" in msgids  # STATUS_NAMES
    assert FAILED_TEXT in msgids  # a notification payload written in mail/
    assert ("{count} document", "{count} documents") in msgids  # ctx.tn(…)
    assert not {"text", "name", "query", "notes"} & set(msgids)  # subscripts, not msgids


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalog_has_exactly_the_code_texts(language: str) -> None:
    msgids = code_msgids()
    entries = {message.id for message in catalog(language) if message.id}
    missing = {msgid: msgids[msgid] for msgid in set(msgids) - entries}
    assert not missing, f"untranslated bot texts: {missing}"
    obsolete = sorted(map(str, entries - set(msgids)))
    assert not obsolete, f"catalog entries no longer in the code: {obsolete}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_placeholders_commands_and_markup(language: str) -> None:
    messages = catalog(language)
    for message in messages:
        if not message.id:
            continue
        assert not message.fuzzy, f"fuzzy (ignored at run time): {message.id!r}"
        if isinstance(message.id, str):
            assert message.string.strip(), f"empty translation for {message.id!r}"
            assert fields(message.string) == fields(message.id), message.id
            assert marks(message.string) == marks(message.id), message.id
            continue
        forms = message.string
        assert len(forms) == messages.num_plurals, f"{message.id!r}: {len(forms)} forms"
        wanted = fields(message.id[1])
        for form in forms:
            assert form.strip(), f"empty plural form for {message.id!r}"
            assert marks(form) == marks(message.id[1]), message.id
            # "مستند واحد" (one document) may leave the count out; nothing else may go missing.
            assert set(fields(form)) <= set(wanted), message.id
            assert len(set(wanted) - set(fields(form))) <= 1, message.id
        assert fields(forms[-1]) == wanted, message.id


PLURAL_FORMS = {
    "es": "nplurals=2; plural=(n != 1);",
    "pt": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "de": "nplurals=2; plural=(n != 1);",
    "it": "nplurals=2; plural=(n != 1);",
    "ro": "nplurals=3; plural=(n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2);",
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
    ": n%100>=11 ? 4 : 5);",
}


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalog_header_declares_language_and_plural_forms(language: str) -> None:
    messages = catalog(language)
    assert (str(messages.locale), messages.charset) == (language, "utf-8")
    header = (LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po").read_text().split("\n\n")[0]
    assert f'"Plural-Forms: {PLURAL_FORMS[language]}\\n"' in header


def test_runtime_speaks_each_language_and_english_is_the_source() -> None:
    question = "Is the client a person or a company?"
    assert translate(DOMAIN, "es", question) == "¿El cliente es una persona o una empresa?"
    assert translate(DOMAIN, "ro", question) == "Clientul este o persoană fizică sau o firmă?"
    for msgid in code_msgids():
        if isinstance(msgid, str):
            assert translate(DOMAIN, "en", msgid) == msgid
        else:
            assert translations(DOMAIN, "en").ngettext(*msgid, 1) == msgid[0]
            assert translations(DOMAIN, "en").ngettext(*msgid, 2) == msgid[1]


@pytest.mark.parametrize(
    ("language", "counts"),
    [
        ("en", {1: "1 document", 2: "2 documents", 5: "5 documents"}),
        ("es", {1: "1 documento", 2: "2 documentos", 0: "0 documentos"}),
        ("fr", {0: "0 document", 1: "1 document", 2: "2 documents"}),
        ("ro", {1: "1 document", 2: "2 documente", 19: "19 documente", 20: "20 de documente"}),
        ("ar", {1: "مستند واحد", 2: "مستندان", 3: "3 مستندات", 11: "11 مستندًا", 100: "100 مستند"}),
    ],
)
def test_counts_take_the_languages_plural_form(language: str, counts: dict[int, str]) -> None:
    """"1 documentos" was printed before; each language now picks its own form of the noun."""
    for n, expected in counts.items():
        msgid = ("{count} document", "{count} documents")
        assert translate_plural(DOMAIN, language, *msgid, n, count=n) == expected


def test_arabic_chat_lines_that_start_with_a_latin_name_read_right_to_left() -> None:
    """Telegram sets a line's direction by its first letter: a Latin name first would flip the
    Arabic sentence left to right, so such lines start with an invisible RLM; Arabic-first lines,
    lines without Arabic and other languages are left alone."""
    ready = "{name} is ready and you are its owner. Register your first client with /newclient."
    assert translate(DOMAIN, "ar", ready, name="Acme Ltd").startswith(RLM + "Acme Ltd ")
    declined = "{client} declined proposal {number}:\n\n“{reply_text}”"
    params = {"client": "Jane Doe", "number": "P-2026-0001", "reply_text": "No thanks"}
    first, _, quote = translate(DOMAIN, "ar", declined, **params).partition("\n\n")
    assert first.startswith("رفض Jane Doe") and RLM not in first
    assert quote == "«No thanks»"  # the client's own words, no Arabic: their own direction
    assert RLM not in translate(DOMAIN, "es", ready, name="Acme Ltd")


def test_arabic_help_lines_that_open_with_a_command_read_right_to_left() -> None:
    """/help's lines start with a Latin "/command": in Arabic each needs the RLM too."""
    ctx = Context(User(name="o", language="ar"), None, "telegram", "1", BotSettings())
    commands = [line for line in general_help(ctx).split("\n") if "/" in line[:3]]
    assert commands and all(line.startswith(RLM + "/") for line in commands), commands
    english = Context(User(name="o", language="en"), None, "telegram", "1", BotSettings())
    assert RLM not in general_help(english)
