"""The Tesseract adapter on committed card photos (real tesseract, no mocks), and its bounds:
what is no picture, too many bytes or pixels, or too slow is refused as UnreadableImage."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest
from PIL import Image

from assent.ocr import TesseractRecognizer, repair, tesseract_languages
from assent.settings import OcrSettings
from flows.errors import UnreadableImage

CARDS = Path(__file__).parent / "fixtures" / "cards"


def _picture(name: str) -> bytes:
    return (CARDS / f"{name}.jpg").read_bytes()


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("L", (width, height), 255).save(out, "PNG")
    return out.getvalue()


async def test_a_spanish_card_is_read_line_by_line() -> None:
    text = await TesseractRecognizer(OcrSettings()).read(_picture("own-es-centered"), ["es"])
    lines = text.splitlines()
    assert "Olivar Verde S.L." in lines
    assert "+34 612 345 678" in lines
    assert "28009 Madrid" in lines


async def test_an_arabic_card_keeps_both_scripts_without_direction_marks() -> None:
    text = await TesseractRecognizer(OcrSettings()).read(_picture("c06"), ["ar"])
    lines = text.splitlines()
    assert "خالد إبراهيم النعيمي" in lines
    assert "Khalid Ibrahim Al Nuaimi" in lines  # Tesseract wraps it in direction marks
    assert "E: khalid@goldensands.ae" in lines


async def test_the_event_loop_keeps_running_while_a_picture_is_read() -> None:
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0)

    ticker = asyncio.create_task(tick())
    await TesseractRecognizer(OcrSettings()).read(_picture("own-de-minimal"), ["de"])
    ticker.cancel()
    assert ticks > 1


@pytest.mark.parametrize(
    ("data", "settings"),
    [
        (b"%PDF-1.7 not a picture", OcrSettings()),
        (b"\xff\xd8\xff\xe0 truncated jpeg", OcrSettings()),
        (_png(50, 50), OcrSettings(max_bytes=10)),
        (_png(2000, 1000), OcrSettings(max_pixels=1_000_000)),
    ],
    ids=["not-a-picture", "broken-jpeg", "too-many-bytes", "too-many-pixels"],
)
async def test_what_cannot_be_read_within_bounds_is_refused(
    data: bytes, settings: OcrSettings
) -> None:
    with pytest.raises(UnreadableImage):
        await TesseractRecognizer(settings).read(data, ["en"])


async def test_a_run_over_its_time_is_stopped() -> None:
    recognizer = TesseractRecognizer(OcrSettings(timeout_seconds=0.01))
    with pytest.raises(UnreadableImage, match="timeout"):
        await recognizer.read(_picture("own-fr-dense"), ["fr"])


def test_languages_map_to_tesseract_data_with_english_last() -> None:
    assert tesseract_languages(["es", "ca", "en"]) == "spa+eng"
    assert tesseract_languages(["ar"]) == "ara+eng"


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("vasile tanase@transilvaniawood ro", "vasile.tanase@transilvaniawood.ro"),
        ("E: emma whitfield@oakridge-arch.co.uk", "E: emma.whitfield@oakridge-arch.co.uk"),
        ("WWW.transilvaniawood ro", "WWW.transilvaniawood.ro"),
        ("Via Manzoni 12      a.colombo@studio it", "Via Manzoni 12      a.colombo@studio.it"),
        ("contact info@example.com", "contact info@example.com"),
        ("write to info@example.com or", "write to info@example.com or"),
        ("\u200eM: +971 50 123 4567\u200f", "M: +971 50 123 4567"),
        ("C/ Mayor, 22 : 50001 Zaragoza", "C/ Mayor, 22 · 50001 Zaragoza"),
        ("Tél : 0537 70 12 34", "Tél : 0537 70 12 34"),
        ("= GRUPO GASTRONÓMICO SIERRA MADRE", "GRUPO GASTRONÓMICO SIERRA MADRE"),
        ("+52 81 8340 2211", "+52 81 8340 2211"),
        ("(0341) 421-5567", "(0341) 421-5567"),
        ("— |", ""),
    ],
)
def test_misreadings_are_undone_only_where_certain(read: str, meant: str) -> None:
    assert repair(read) == meant
