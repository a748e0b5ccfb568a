"""The stored ranges of drawable code points (billing/pdf/glyphs.py reads them instead of the
fonts) are exactly what the shipped fonts draw: a font changed without regenerating them
(`python -m billing.pdf.glyphs`) fails here."""

from __future__ import annotations

from billing.pdf.glyphs import RANGES_FILE, font_ranges, parse_ranges, undrawable


def test_stored_ranges_are_the_fonts_own() -> None:
    assert parse_ranges(RANGES_FILE.read_text(encoding="ascii")) == font_ranges()


def test_edges_of_a_range_are_drawable_and_the_gap_beyond_is_not() -> None:
    runs = font_ranges()
    index = next(n for n, (first, _) in enumerate(runs) if first > 0x100)  # past the controls
    (_, end), (start, _) = runs[index], runs[index + 1]
    assert undrawable(chr(end)) == [] and undrawable(chr(start)) == []
    gap = chr(end + 1)
    assert end + 1 < start and undrawable(f"a{gap}b{gap}") == [gap]
