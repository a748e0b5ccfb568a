"""Rendering the client's pages: Jinja2 with autoescape, in the reader's language.

Page texts come from the "web" catalog; document labels (Description, VAT, Total…) from the
same "documents" catalog the PDFs use, and numbers, money and dates from the same
DocumentFormat, so the page and the PDF say the same thing the same way. Arabic pages run
right to left.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.responses import HTMLResponse

from billing.i18n import available_languages, money, text_direction, translate
from billing.pdf.formatting import DocumentFormat

DOMAIN = "web"
TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "templates" / "web"


@functools.cache
def environment() -> Environment:
    return Environment(loader=FileSystemLoader(str(TEMPLATE_DIR)), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def page_language(language: str) -> str:
    """The document's language when the page catalog has it, else English."""
    base = (language or "").replace("_", "-").split("-")[0].lower()
    return base if base in available_languages(DOMAIN) else "en"


def render(
    template: str, language: str, *, status: int = 200, currency: str = "EUR",
    headers: dict[str, str] | None = None, **context: Any,
) -> HTMLResponse:
    """A whole page; `_` translates page texts and `d_` document labels."""
    language = page_language(language)
    html = environment().get_template(template).render(
        lang=language,
        dir=text_direction(language),
        fmt=DocumentFormat(language, currency),
        _=functools.partial(translate, DOMAIN, language),
        d_=functools.partial(translate, "documents", language),
        money=lambda amount, code: money(amount, code, language),
        **context,
    )
    return HTMLResponse(html, status_code=status, headers=headers)


def message_page(
    language: str, title: str, text: str, *, status: int = 200, **context: Any
) -> HTMLResponse:
    """A plain page that says one thing: not found, expired, already accepted…"""
    context.setdefault("params", {})
    context.setdefault("business", "")
    return render("message.html", language, status=status, title=title, text=text, **context)
