"""Which characters the shipped document fonts can draw, so input they cannot is refused at once.

A character no font has comes out of WeasyPrint as an empty box on the client's invoice, and an
issued invoice cannot be changed afterwards. The shipped fonts (DejaVu Sans for Latin, Greek,
Cyrillic, Arabic and many symbols; Droid Sans Fallback for Chinese, Japanese and Korean) are
read once; text bound for a document is checked against their union where the owner types it.
Colour emoji are not shipped (a colour emoji font costs ~10 MB and WeasyPrint draws them
unreliably), so most emoji are refused with the others.
"""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

from fontTools.ttLib import TTFont

FONT_DIR = Path(__file__).resolve().parents[2] / "templates" / "pdf" / "fonts"
SHIPPED_FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DroidSansFallbackFull.ttf")
# Control, format (bidi marks, zero-width joiners) and variation selectors draw nothing: no
# font needs them, and Pango lays them out invisibly.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf"})
_VARIATION_SELECTORS = frozenset(range(0xFE00, 0xFE10)) | frozenset(range(0xE0100, 0xE01F0))


@functools.cache
def drawable() -> frozenset[int]:
    """Code points at least one shipped font has a glyph for."""
    points: set[int] = set()
    for name in SHIPPED_FONTS:
        font = TTFont(FONT_DIR / name, lazy=True)
        try:
            points.update(font.getBestCmap())
        finally:
            font.close()
    return frozenset(points)


def undrawable(text: str) -> list[str]:
    """The distinct characters of `text` no shipped font can draw, in order of appearance."""
    fonts = drawable()
    missing: list[str] = []
    for char in text:
        point = ord(char)
        if point in fonts or point in _VARIATION_SELECTORS or char.isspace():
            continue
        if unicodedata.category(char) in _INVISIBLE_CATEGORIES or char in missing:
            continue
        missing.append(char)
    return missing
