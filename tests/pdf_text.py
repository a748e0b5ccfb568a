"""Reads rendered PDFs back as a person would see them: text, and where on the page it sits."""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PdfReader

# Bidi marks babel puts in Arabic numbers and dates; invisible on paper.
_INVISIBLE = dict.fromkeys(map(ord, "\u200e\u200f\u061c"), None)
_SPACES = dict.fromkeys(map(ord, "\xa0\u202f"), " ")


def normalise(text: str) -> str:
    """Drop bidi marks and make no-break spaces plain, so expectations can be typed."""
    return text.translate(_INVISIBLE).translate(_SPACES)


def pdf_text(pdf: bytes) -> str:
    return normalise("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


@dataclass(frozen=True)
class Run:
    """One piece of text as drawn: its left x and baseline y in PDF points (origin bottom-left)."""

    text: str
    x: float
    y: float


def text_runs(pdf: bytes, page: int = 0) -> list[Run]:
    runs: list[Run] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            x = tm[4] * cm[0] + cm[4]
            y = tm[5] * cm[3] + cm[5]
            runs.append(Run(normalise(text).strip(), x, y))

    PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return runs


def find_run(runs: list[Run], text: str) -> Run:
    """The first run containing `text`; fails the test with what was there when none does."""
    for run in runs:
        if text in run.text:
            return run
    raise AssertionError(f"{text!r} not drawn; runs were {[run.text for run in runs]}")


def font_names(pdf: bytes) -> set[str]:
    """Base names of the fonts the PDF embeds, without the subset prefix (ABCDEF+)."""
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            names.add(str(ref.get_object()["/BaseFont"]).lstrip("/").split("+")[-1])
    return names
