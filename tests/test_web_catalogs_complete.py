"""Every text the client pages and the signing certificate show is translated in every
document language, and every document label they borrow exists in the documents catalog."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po
from jinja2 import Environment
from jinja2.ext import extract_from_ast

from billing.documents import certificate
from billing.i18n import LOCALE_DIR
from flows.validators import DOCUMENT_LANGUAGES
from web import gate, portal, proposal, signing
from web.app import FAILED, TRY_LATER
from web.pages import TEMPLATE_DIR

LANGUAGES = sorted(DOCUMENT_LANGUAGES)
PLACEHOLDER = re.compile(r"\{\w+\}")
CODE_TEXTS = {
    *proposal.CODE_TEXTS, *signing.ERROR_TEXTS, *gate.NOT_FOUND, *gate.EXPIRED,
    *gate.TOO_MANY, *portal.STATUS_LABELS.values(), portal.INVOICE_OPEN, FAILED, TRY_LATER,
    *certificate.METHOD_LABELS.values(),
}


def _template_msgids(function: str) -> set[str]:
    env = Environment()
    found = set()
    for folder in (TEMPLATE_DIR, certificate.CERTIFICATE_DIR):
        for template in folder.glob("*.html"):
            ast = env.parse(template.read_text())
            for _, _, message in extract_from_ast(ast, gettext_functions=(function,)):
                text = message[0] if isinstance(message, tuple) else message
                if text:  # _(title): a variable, its texts come from the code
                    found.add(text)
    return found


def _catalog(language: str, domain: str) -> dict[str, str]:
    with open(LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.po", "rb") as handle:
        return {m.id: m.string for m in read_po(handle, locale=language) if m.id}


def test_pages_use_both_catalogs() -> None:
    assert {"Accept and sign", "Signing certificate"} <= _template_msgids("_")
    assert {"Description", "Total", "Valid until"} <= _template_msgids("d_")


@pytest.mark.parametrize("language", LANGUAGES)
def test_web_catalog_translates_exactly_the_page_texts(language: str) -> None:
    translated = _catalog(language, "web")
    assert set(translated) == _template_msgids("_") | CODE_TEXTS
    for msgid, text in translated.items():
        assert text.strip(), f"{language}: {msgid!r} is untranslated"
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(msgid)), msgid


@pytest.mark.parametrize("language", LANGUAGES)
def test_borrowed_document_labels_exist(language: str) -> None:
    labels = _template_msgids("d_") | set(portal.KIND_LABELS.values())
    assert labels <= set(_catalog(language, "documents"))
