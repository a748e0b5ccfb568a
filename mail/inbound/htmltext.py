"""Read an HTML-only reply as plain lines, dropping the quoted history each mail client marks up.

Clients mark their quotes in HTML far more reliably than in text: Gmail's `gmail_quote`, Apple
and Thunderbird's `blockquote type=cite`, Yahoo's `yahoo_quoted`, Outlook's `divRplyFwdMsg`
header after which the whole original follows as siblings. Removing those elements before
flattening leaves the text rules in `quotes.py` only the unmarked cases.
"""

from __future__ import annotations

import re
import warnings
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag

# Beautiful Soup (which registers every parser it finds, lxml among them: ~8 MB resident) is
# imported by the functions below, on the first HTML-only email, not by every process at start.

# Elements that are a quote (or its attribution line) and nothing else.
QUOTE_SELECTORS = (
    "div.gmail_quote",
    "blockquote.gmail_quote",
    "div.gmail_extra",
    "blockquote[type=cite]",
    "div.moz-cite-prefix",
    "div[class*=yahoo_quoted]",  # Yahoo prefixes its ids and classes ("ydp3f2b1e0cyahoo_quoted")
    "div.protonmail_quote",
)
# Outlook: the original message is not inside this element but follows it, so cut from here on.
CUT_SELECTORS = (
    "div[id$=divRplyFwdMsg]",  # "x_divRplyFwdMsg" once a message has been forwarded through OWA
    "div[id$=appendonsend]",
    "div#mail-editor-reference-message-container",
)
_SKIPPED = frozenset({"script", "style", "head", "title", "meta", "link", "template"})
_BLOCKS = frozenset(
    {
        "p", "div", "li", "tr", "table", "ul", "ol", "blockquote", "pre", "hr", "h1", "h2",
        "h3", "h4", "h5", "h6", "section", "article", "header", "footer", "address", "dd",
        "dt", "dl", "center", "form", "body",
    }
)
_SPACES = re.compile(r"[ \t\r\n\f\u00a0]+")


def html_to_text(html: str, *, drop_quotes: bool = True) -> str:
    """Flatten HTML to lines (one per block or <br>), optionally without the quoted history."""
    from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(html, "html.parser")
    if drop_quotes:
        _drop_quotes(soup)
    return _tidy(_render(soup))


def _drop_quotes(soup: BeautifulSoup) -> None:
    for selector in CUT_SELECTORS:
        for tag in soup.select(selector):
            if tag.parent is not None:
                _cut_from(tag)
    for selector in QUOTE_SELECTORS:
        for tag in soup.select(selector):
            tag.decompose()


def _cut_from(tag: Tag) -> None:
    """Remove the tag and everything after it in document order."""
    from bs4 import BeautifulSoup

    node: Tag | None = tag
    while node is not None and not isinstance(node, BeautifulSoup):
        for sibling in list(node.next_siblings):
            sibling.extract()
        node = node.parent
    tag.extract()


def _render(root: Tag) -> str:
    """Walk iteratively (deeply nested garbage must not hit the recursion limit). Text inside a
    <blockquote> no selector removed comes out with "> " per level, as a text client quotes, so
    the text rules see a quote after its attribution line (mail.ru, Yandex)."""
    from bs4 import Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag

    out: list[str] = []
    line_start = True
    # node, closing, inside <pre>, blockquote depth
    stack: list[tuple[object, bool, bool, int]] = [(root, False, False, 0)]
    while stack:
        node, closing, pre, depth = stack.pop()
        if isinstance(node, (Comment, Doctype, Declaration, ProcessingInstruction)):
            continue  # Outlook's "<?xml version=...?>" prolog is no text
        if isinstance(node, NavigableString):
            text = str(node) if pre else _SPACES.sub(" ", str(node))
            text = text.lstrip(" ") if line_start and not pre else text
            if text:
                out.append("> " * depth + text if line_start and depth else text)
                line_start = text.endswith("\n")
            elif line_start and "\u00a0" in node:
                out.append("\n")  # Outlook's <p>&nbsp;</p> is how it writes a blank line
        elif isinstance(node, Tag) and node.name not in _SKIPPED:
            inner = pre or node.name == "pre"
            level = depth + (node.name == "blockquote" and not closing)
            if node.name == "br":
                out.append("\n")
                line_start = True
            elif node.name in _BLOCKS or closing:
                if not line_start:
                    out.append("\n")
                    line_start = True
                if not closing:
                    stack.append((node, True, pre, depth))
                    stack.extend((child, False, inner, level) for child in reversed(node.contents))
            else:
                stack.extend((child, False, inner, level) for child in reversed(node.contents))
    return "".join(out)


def _tidy(text: str) -> str:
    """Strip each line and keep at most one blank line between paragraphs."""
    lines = [line.strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()
