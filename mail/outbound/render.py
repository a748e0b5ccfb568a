"""Email bodies from the Jinja2 templates in templates/email/, in the reader's language.

Each email is a pair, `<name>.txt` and `<name>.html`, sharing the msgids of the "email" catalog.
HTML is autoescaped (client and business names are user data); text is not, because escaping
there would show `&amp;` to the reader. Shipped templates only, so no sandbox is needed.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from billing.i18n import text_direction, translate

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "templates" / "email"
DOMAIN = "email"


@functools.cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def gettext(language: str, message: str, **params: object) -> str:
    """One msgid of the email catalog in `language` (English when it has no translation)."""
    return translate(DOMAIN, language, message, **params)


def render_pair(name: str, language: str, context: dict[str, Any]) -> tuple[str, str]:
    """The (text, html) bodies of email `name`, both in `language`."""
    env = _environment()
    values = {
        **context,
        "lang": language,
        "dir": text_direction(language),
        "_": functools.partial(gettext, language),
    }
    text = env.get_template(f"{name}.txt").render(values)
    html = env.get_template(f"{name}.html").render(values)
    return text, html
