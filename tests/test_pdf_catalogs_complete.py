"""Every label a document template prints is translated in every document language."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po
from jinja2 import Environment
from jinja2.ext import extract_from_ast

from billing.documents.view import CODE_LABELS
from billing.i18n import LOCALE_DIR, available_languages
from billing.pdf.render import TEMPLATE_DIR
from flows.validators import DOCUMENT_LANGUAGES

LANGUAGES = sorted(DOCUMENT_LANGUAGES)
PLACEHOLDER = re.compile(r"\{\w+\}")


def _template_msgids() -> set[str]:
    env = Environment()
    found = set()
    for template in TEMPLATE_DIR.glob("*.html"):
        ast = env.parse(template.read_text())
        for _, _, message in extract_from_ast(ast, gettext_functions=("_",)):
            found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_templates_use_labels() -> None:
    assert {"Invoice", "VAT ID: {tax_id}", "Page {page} of {pages}"} <= _template_msgids()


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_translates_exactly_the_template_labels(language: str) -> None:
    with open(LOCALE_DIR / language / "LC_MESSAGES" / "documents.po", "rb") as handle:
        catalog = read_po(handle, locale=language)
    translated = {message.id: message.string for message in catalog if message.id}
    assert set(translated) == _template_msgids() | CODE_LABELS
    for msgid, text in translated.items():
        # A counted label ("Payment within {days} days") is a plural entry: id and forms tuples.
        forms = text if isinstance(text, tuple) else (text,)
        english = msgid[-1] if isinstance(msgid, tuple) else msgid
        if isinstance(msgid, tuple):
            assert len(forms) == catalog.num_plurals, f"{language}: {msgid!r} lacks plural forms"
        for form in forms:
            assert form.strip(), f"{language}: {msgid!r} is untranslated"
            assert sorted(PLACEHOLDER.findall(form)) == sorted(PLACEHOLDER.findall(english)), msgid


def test_every_language_a_client_can_choose_has_all_three_catalogs() -> None:
    """A language offered by the document-language question prints, emails and shows pages in
    it; a catalog for a language nobody can choose is dead."""
    for domain in ("documents", "email", "web"):
        assert available_languages(domain) == sorted(DOCUMENT_LANGUAGES), domain
