"""Which characters the shipped document fonts can draw, so input they cannot is refused at once.

A character no font has comes out of WeasyPrint as an empty box on the client's invoice, and an
issued invoice cannot be changed afterwards. The shipped fonts (DejaVu Sans for Latin, Greek,
Cyrillic, Arabic and many symbols; Droid Sans Fallback for Chinese, Japanese and Korean) are
read once; text bound for a document is checked against their union where the owner types it.
Colour emoji are not shipped (a colour emoji font costs ~10 MB and WeasyPrint draws them
unreliably), so most emoji are refused with the others.

Reading the fonts' character maps costs a serving process ~14 MB that it keeps (fontTools'
tables, a set of 34,000 code points), so their union is stored beside the fonts as 371 ranges
(`drawable.txt`, 3 KB), written by `python -m billing.pdf.glyphs` and checked against the fonts
by tests/test_drawable_ranges_match_fonts.py.
"""

from __future__ import annotations

import bisect
import functools
import unicodedata
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parents[2] / "templates" / "pdf" / "fonts"
SHIPPED_FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DroidSansFallbackFull.ttf")
RANGES_FILE = FONT_DIR / "drawable.txt"
# Control, format (bidi marks, zero-width joiners) and variation selectors draw nothing: no
# font needs them, and Pango lays them out invisibly.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf"})
_VARIATION_SELECTORS = frozenset(range(0xFE00, 0xFE10)) | frozenset(range(0xE0100, 0xE01F0))


def font_ranges() -> list[tuple[int, int]]:
    """Read from the fonts: the code points at least one has a glyph for, as inclusive runs."""
    from fontTools.ttLib import TTFont

    points: set[int] = set()
    for name in SHIPPED_FONTS:
        font = TTFont(FONT_DIR / name, lazy=True)
        try:
            points.update(font.getBestCmap())
        finally:
            font.close()
    runs: list[tuple[int, int]] = []
    for point in sorted(points):
        if runs and runs[-1][1] == point - 1:
            runs[-1] = (runs[-1][0], point)
        else:
            runs.append((point, point))
    return runs


def format_ranges(runs: list[tuple[int, int]]) -> str:
    lines = [f"{a:x}-{b:x}" if a != b else f"{a:x}" for a, b in runs]
    return "# Code points the shipped fonts draw (python -m billing.pdf.glyphs)\n" + "\n".join(
        lines
    ) + "\n"


def parse_ranges(text: str) -> list[tuple[int, int]]:
    runs = []
    for line in text.splitlines():
        if line and not line.startswith("#"):
            first, _, last = line.partition("-")
            runs.append((int(first, 16), int(last or first, 16)))
    return runs


@functools.cache
def _stored() -> tuple[list[int], list[int]]:
    runs = parse_ranges(RANGES_FILE.read_text(encoding="ascii"))
    return [a for a, _ in runs], [b for _, b in runs]


def can_draw(point: int) -> bool:
    starts, ends = _stored()
    index = bisect.bisect_right(starts, point) - 1
    return index >= 0 and point <= ends[index]


def undrawable(text: str) -> list[str]:
    """The distinct characters of `text` no shipped font can draw, in order of appearance."""
    missing: list[str] = []
    for char in text:
        point = ord(char)
        if can_draw(point) or point in _VARIATION_SELECTORS or char.isspace():
            continue
        if unicodedata.category(char) in _INVISIBLE_CATEGORIES or char in missing:
            continue
        missing.append(char)
    return missing


if __name__ == "__main__":
    RANGES_FILE.write_text(format_ranges(font_ranges()), encoding="ascii")
