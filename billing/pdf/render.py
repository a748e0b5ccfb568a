"""Turns a DocumentView into HTML (Jinja2) and PDF bytes (WeasyPrint) with the shipped look.

One template per kind (invoice.html, proposal.html, credit_note.html) extends base.html and links
style.css; a business may put its own versions of any of these files in an override folder,
searched first. Templates render in Jinja's sandbox because override folders are business data.
"""

from __future__ import annotations

import base64
import functools
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from billing.i18n import regional_locale
from billing.pdf.formatting import DocumentFormat, page_counter_css
from billing.pdf.view import DocumentView

if TYPE_CHECKING:
    from weasyprint.text.fonts import FontConfiguration

# WeasyPrint (~45 MB resident) is imported by the functions that render, not with this module:
# the serving process only hands views to the rendering workers (billing.pdf.pool), so it
# never loads it; a worker loads it once, in its initializer.

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "templates" / "pdf"
_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")

_font_lock = threading.Lock()
_font_config: FontConfiguration | None = None
# WeasyPrint with a shared FontConfiguration corrupts GLib memory when two threads render at once.
_render_lock = threading.Lock()


def font_configuration() -> FontConfiguration:
    """The process's one FontConfiguration: reusing it skips re-reading the fonts (~20 % faster)."""
    from weasyprint.text.fonts import FontConfiguration

    global _font_config
    with _font_lock:
        if _font_config is None:
            _font_config = FontConfiguration()
        return _font_config


def template_folders(template_dir: Path | None) -> tuple[Path, ...]:
    """Folders in lookup order: the business's override first, then the shipped templates."""
    if template_dir is None:
        return (TEMPLATE_DIR,)
    return (template_dir.resolve(), TEMPLATE_DIR)


@functools.lru_cache(maxsize=64)
def _environment(folders: tuple[Path, ...]) -> SandboxedEnvironment:
    return SandboxedEnvironment(
        loader=FileSystemLoader([str(folder) for folder in folders]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(view: DocumentView, template_dir: Path | None = None) -> str:
    """The document as HTML, labels and numbers in the view's language."""
    locale = regional_locale(view.language, view.buyer.country_code, view.seller.country_code)
    fmt = DocumentFormat(view.language, view.currency, locale)
    template = _environment(template_folders(template_dir)).get_template(f"{view.kind}.html")
    return template.render(
        doc=view, fmt=fmt, _=fmt.translate, page_counter=page_counter_css, logo_url=_logo_url(view)
    )


def render_pdf(
    view: DocumentView, template_dir: Path | None = None, variant: str | None = None
) -> bytes:
    """The document as PDF bytes; blocks for ~0.1–1 s, so async callers use render_pdf_async.

    `variant` is WeasyPrint's pdf_variant: "pdf/a-3b" for a file that will carry its e-invoice.

    Safe from any thread, but renders one at a time per process: parallelism comes from the
    worker processes of billing.pdf.pool.
    """
    return html_to_pdf(render_html(view, template_dir), template_folders(template_dir), variant)


def html_to_pdf(html: str, folders: tuple[Path, ...], variant: str | None = None) -> bytes:
    """Any page of ours as PDF; stylesheets, fonts and images come only from `folders`."""
    from weasyprint import HTML

    from billing.pdf.assets import TemplateAssets

    document = HTML(
        string=html,
        base_url=folders[0].as_uri() + "/",
        url_fetcher=TemplateAssets(folders),
    )
    fonts = font_configuration()
    with _render_lock:
        return document.write_pdf(font_config=fonts, pdf_variant=variant)


def pdf_filename(view: DocumentView) -> str:
    """A download name made of safe characters: "INV-2026-0007.pdf", or "draft-invoice.pdf"."""
    if view.number is None:
        return f"draft-{view.kind}.pdf"
    stem = _UNSAFE_FILENAME.sub("-", view.number).strip(".-")
    return f"{stem or view.kind}.pdf"


def _logo_url(view: DocumentView) -> str:
    if view.logo is None:
        return ""
    encoded = base64.b64encode(view.logo.data).decode("ascii")
    return f"data:{view.logo.mime};base64,{encoded}"
