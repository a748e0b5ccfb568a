"""Tesseract behind the TextRecognizer port: a picture of a business card → its text.

Tesseract runs as a subprocess (pytesseract) from a worker thread, so the event loop keeps
serving other chats while a picture is read; a semaphore lets only `ocr.concurrent` pictures be
read at once on a small machine, and `ocr.timeout_seconds` kills a run that takes too long.
Pictures are bounded before they are decoded (bytes and pixels), so a crafted file cannot make
Pillow allocate gigabytes.

The preparation was chosen by measurement on generated card photos (bench/ocr_cards.py): grey,
contrast stretched, scaled so the longer side is SCALE_TO pixels (small photos lifted to a size
whose letters Tesseract reads, large ones shrunk to one it reads quickly), --psm 3. Tried and
not kept: other scales (1600-3200), --psm 4/6/11, an adaptive threshold, cropping to the card
and deskewing, each at or below psm 3 on 56 own card photos. Then the text is repaired where
a misreading would cost a value (`repair`).
"""

from __future__ import annotations

import asyncio
import io
import logging
import os
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from assent.settings import OcrSettings
from flows.errors import UnreadableImage

if TYPE_CHECKING:
    from PIL.Image import Image as Picture

log = logging.getLogger(__name__)

# Assent's languages → Tesseract's trained data (Debian packages tesseract-ocr-spa, …).
TESSERACT_LANGUAGES = {
    "en": "eng", "es": "spa", "ro": "ron", "pt": "por", "fr": "fra", "de": "deu", "it": "ita",
    "ar": "ara",
}
SCALE_TO = 2000  # pixels on the longer side after scaling
PAGE_SEGMENTATION = 3  # Tesseract's fully automatic layout analysis (--psm 3)
# Direction marks Tesseract puts around Latin runs in Arabic text: invisible, but they would
# stick to the values the intake reads.
_BIDI_MARKS = dict.fromkeys([0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])
# A small dot read as a space: "tanase@transilvaniawood ro", "www.example ro" (a domain without
# any dot, at a line's or a column's end); and "vasile tanase@" (not "contact info@").
_DOMAIN_END = re.compile(r"((?:@|\bwww\.)[\w-]+) ([a-z]{2,4})(?=\s{3,}|$)", re.IGNORECASE)
_LOCAL_PART = re.compile(r"(^|:\s|\s{3,})([a-z][a-z0-9_-]*) ([a-z][\w.-]*@)")
# A middle dot separating two values read as a colon: "C/ Mayor, 22 : 50001 Zaragoza" (a label's
# colon follows a word, "Tél : 0537…", never a number).
_DOT_AS_COLON = re.compile(r"(?<=\d) : (?=\S)")
# A logo or an icon read as a stray sign before a line's text: "= GRUPO…", "@ OAKRIDGE".
_LEADING_SIGN = re.compile(r"^[^\w\s+(\[]{1,2}\s+")
_BEFORE_ADDRESS = {"contact", "contacto", "contato", "email", "e-mail", "mail", "correo", "to",
                   "at", "a", "an", "write", "escribe", "kontakt"}


def tesseract_languages(languages: Sequence[str]) -> str:
    """`spa+eng` for ("es",): English is always added, for emails, web sites and brand names."""
    codes = [TESSERACT_LANGUAGES[lang] for lang in languages if lang in TESSERACT_LANGUAGES]
    return "+".join(dict.fromkeys([*codes, "eng"]))


def prepare(image: bytes, max_pixels: int, scale_to: int = SCALE_TO) -> Picture:
    """Decode within bounds, turn upright (EXIF), grey, stretch contrast, scale to `scale_to`.

    Pillow is imported here, in the thread reading the first picture, not at start."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        picture = Image.open(io.BytesIO(image))
        width, height = picture.size
        if width * height > max_pixels:
            raise UnreadableImage("too_large")
        picture = ImageOps.exif_transpose(picture)
        picture.load()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        raise UnreadableImage("not_a_picture") from error
    grey = ImageOps.autocontrast(picture.convert("L"), cutoff=1)
    factor = scale_to / max(grey.size)
    if scale_to and abs(factor - 1) > 0.1:
        size = (round(grey.width * factor), round(grey.height * factor))
        grey = grey.resize(size, Image.Resampling.LANCZOS)
    return grey


class TesseractRecognizer:
    """The TextRecognizer the application uses (assent/wiring.py)."""

    def __init__(
        self, settings: OcrSettings, *, psm: int = PAGE_SEGMENTATION, scale_to: int = SCALE_TO
    ) -> None:
        """`psm` and `scale_to` are open for bench/ocr_cards.py to compare alternatives."""
        self.settings = settings
        self.psm = psm
        self.scale_to = scale_to
        self._slots = asyncio.Semaphore(max(1, settings.concurrent))
        # One thread per Tesseract run: on two cores shared with the bot and the database,
        # OpenMP's extra threads only fight each other (Tesseract's own advice for servers).
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")

    async def read(self, image: bytes, languages: Sequence[str]) -> str:
        """The picture's text, one line per printed line; UnreadableImage when it can't be."""
        if len(image) > self.settings.max_bytes:
            raise UnreadableImage("too_large")
        async with self._slots:
            return await asyncio.to_thread(self._read, image, tesseract_languages(languages))

    def _read(self, image: bytes, languages: str) -> str:
        # Imported on the first picture, not at start: pytesseract brings numpy (~20 MB
        # resident) into every serving process, most of which never read a photo.
        import pytesseract

        picture = prepare(image, self.settings.max_pixels, self.scale_to)
        # Wide gaps kept as runs of spaces, where the intake splits a two-column card's line;
        # not for Arabic, whose words Tesseract then glues together.
        spaces = "" if "ara" in languages else " -c preserve_interword_spaces=1"
        try:
            text = pytesseract.image_to_string(
                picture, lang=languages, config=f"--psm {self.psm}{spaces}",
                timeout=self.settings.timeout_seconds,
            )
        except RuntimeError as error:  # pytesseract's "Tesseract process timeout"
            log.warning("tesseract gave up after %ss", self.settings.timeout_seconds)
            raise UnreadableImage("timeout") from error
        except pytesseract.TesseractError as error:
            log.warning("tesseract failed: %s", error.message)
            raise UnreadableImage("engine") from error
        return "\n".join(filter(None, map(repair, text.splitlines())))


def repair(line: str) -> str:
    """One line as read, with the misreadings that would cost a value undone."""
    line = _LEADING_SIGN.sub("", line.translate(_BIDI_MARKS).strip())
    if sum(ch.isalnum() for ch in line) < 2:  # a rule, a logo's remains
        return ""
    line = _DOMAIN_END.sub(r"\1.\2", line)
    line = _DOT_AS_COLON.sub(" · ", line)
    return _LOCAL_PART.sub(_join_local_part, line)


def _join_local_part(match: re.Match[str]) -> str:
    start, first, rest = match.groups()
    return match.group(0) if first in _BEFORE_ADDRESS else f"{start}{first}.{rest}"
