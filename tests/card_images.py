"""Business cards, letterheads and invoice headers drawn as a phone would photograph them.

The OCR intake is measured on pictures, not on text, so the test set must look like what owners
send: several layouts, sizes from a thumbnail to a full photo, a card lying slightly askew on a
table, uneven light, sensor noise and JPEG compression. Each card is drawn from its text lines
(a `cards.jsonl` row: id, language, layout, lines) with a seed taken from its id, so the committed
images can be made again byte for byte on the same Pillow:

    .venv/bin/python -m tests.card_images tests/fixtures/cards/blind.jsonl tests/fixtures/cards

Arabic is shaped and laid out right to left by Pillow's raqm layout (bundled in its wheels) with
DejaVu Sans, which has the Arabic glyphs.
"""

from __future__ import annotations

import hashlib
import io
import json
import random
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path(__file__).parents[1] / "templates/pdf/fonts",
)
FACES = {
    "sans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    "serif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"),
    "condensed": ("DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf"),
}
RTL_LANGUAGES = {"ar"}
TELEGRAM_PHOTO = 1280  # Telegram's largest photo size, on the longer side
INKS = ((20, 20, 20), (25, 40, 90), (60, 60, 60), (90, 20, 30))
PAPERS = ((250, 250, 248), (255, 253, 240), (240, 244, 250), (250, 246, 240))
TABLES = ((120, 95, 70), (60, 62, 66), (180, 175, 165), (35, 35, 40))
# Card shapes (width, height) in pixels before the photo effects: business cards at several
# resolutions and a portrait card.
SHAPES = {
    "card": ((1050, 600), (820, 470), (640, 370), (1400, 800)),
    "vertical": ((600, 1050), (470, 820)),
}


Box = tuple[float, float, float, float]  # x0, y0, x1, y1


@dataclass(frozen=True)
class Style:
    face: str
    ink: tuple[int, int, int]
    paper: tuple[int, int, int]
    size: tuple[int, int]


def font(face: str, size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = FACES[face][1 if bold else 0]
    for folder in FONT_DIRS:
        path = folder / name
        if path.exists():
            return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.RAQM)
    return font("sans", size, bold=bold) if face != "sans" else ImageFont.load_default(size)


def _shape(layout: str) -> str:
    return "vertical" if layout == "vertical" else "card"


def _style(rng: random.Random, layout: str) -> Style:
    face = rng.choice(("sans", "sans", "serif", "condensed"))
    # A dense card needs its full resolution for its small print.
    sizes = SHAPES[_shape(layout)][:1] if layout == "dense" else SHAPES[_shape(layout)]
    return Style(face, rng.choice(INKS), rng.choice(PAPERS), rng.choice(sizes))


LOGO = "[LOGO]"
COLUMN_GAP = re.compile(r"\s{3,}")


class Canvas:
    """One card face: blocks of lines fitted into boxes, the first line of a card larger."""

    def __init__(self, style: Style, rtl: bool) -> None:
        self.style = style
        self.rtl = rtl
        self.image = Image.new("RGB", style.size, style.paper)
        self.draw = ImageDraw.Draw(self.image)

    def font(self, size: float, *, bold: bool = False) -> ImageFont.FreeTypeFont:
        return font(self.style.face, max(8, round(size)), bold=bold)

    def _direction(self, text: str) -> str | None:
        return "rtl" if _has_arabic(text) else None

    def fit(self, lines: Sequence[str], box: Box, largest: float, first: float = 1.5) -> float:
        """The body font size at which `lines` fit `box` (the first line `first` times larger),
        at most `largest`."""
        x0, y0, x1, y1 = box
        size = largest
        while size > 8:
            height = sum(self._height(i, text, size, first) for i, text in enumerate(lines))
            widest = max(
                (self.draw.textlength(text, font=self.font(size * (first if i == 0 else 1),
                                                            bold=i == 0),
                                      direction=self._direction(text))
                 for i, text in enumerate(lines) if text.strip()),
                default=0,
            )
            if height <= y1 - y0 and widest <= x1 - x0:
                break
            size *= 0.93
        return size

    @staticmethod
    def _height(index: int, text: str, size: float, first: float) -> float:
        if not text.strip():
            return size * 0.7
        return size * (first if index == 0 else 1) * 1.45

    def lines(
        self, lines: Sequence[str], box: Box, align: str, size: float, first: float = 1.5,
        top: float | None = None,
    ) -> None:
        """Lines top-down in `box`, vertically centred unless `top` is given."""
        x0, y0, x1, y1 = box
        height = sum(self._height(i, text, size, first) for i, text in enumerate(lines))
        y = y0 + ((y1 - y0 - height) / 2 if top is None else top)
        if self.rtl and align == "left":
            align = "right"
        for index, text in enumerate(lines):
            text = text.strip()
            line_size = size * (first if index == 0 else 1)
            typeface = self.font(line_size, bold=index == 0)
            direction = self._direction(text)
            width = self.draw.textlength(text, font=typeface, direction=direction)
            x = {"left": x0, "right": x1 - width, "center": (x0 + x1 - width) / 2}[align]
            if text:
                self.draw.text((x, y), text, font=typeface, fill=self.style.ink,
                               direction=direction)
            y += self._height(index, text, size, first)

    def logo(self, box: Box, initials: str, rng: random.Random) -> None:
        x0, y0, x1, y1 = box
        colour = tuple(rng.randrange(40, 200) for _ in range(3))
        if rng.random() < 0.5:
            self.draw.ellipse(box, fill=colour)
        else:
            self.draw.rounded_rectangle(box, radius=(x1 - x0) / 6, fill=colour)
        typeface = self.font((y1 - y0) * 0.4, bold=True)
        self.draw.text(((x0 + x1) / 2, (y0 + y1) / 2), initials, font=typeface,
                       fill=self.style.paper, anchor="mm")


def _initials(lines: Sequence[str]) -> str:
    words = [w for line in lines for w in line.replace(LOGO, "").split() if w[:1].isalpha()]
    return "".join(word[0] for word in words[:2]).upper() or "A"


def _columns(lines: Sequence[str]) -> tuple[list[str], list[str]]:
    """A two-column card's text rows (columns separated by 3+ spaces) → left and right column."""
    left, right = [], []
    for line in lines:
        if line.startswith("   ") and line.strip():
            left.append("")
            right.append(line.strip())
            continue
        parts = COLUMN_GAP.split(line.strip(), maxsplit=1)
        left.append(parts[0])
        right.append(parts[1] if len(parts) > 1 else "")
    return left, right


def _wrap(line: str, width: int = 48) -> list[str]:
    """A dense card's long row printed as several, broken at its ' · ' or ' | ' separators."""
    parts = re.split(r"(?<=[·|]) ", line)
    rows = [""]
    for part in parts:
        if rows[-1] and len(rows[-1]) + len(part) > width:
            rows.append("")
        rows[-1] += part if not rows[-1] else " " + part
    return [row.strip().rstrip("·|").strip() for row in rows]


def draw_face(layout: str, lines: Sequence[str], rtl: bool, rng: random.Random) -> Image.Image:
    """The card as printed, before it is photographed."""
    layout = layout.replace("-", "_")
    canvas = Canvas(_style(rng, layout), rtl)
    width, height = canvas.style.size
    margin = 0.07 * min(width, height)
    largest = height / 15 if layout != "minimal" else height / 11
    if any(LOGO in line for line in lines) or layout == "left_logo":
        side = 0.22 * min(width, height)
        logo_x = width - margin - side if rtl else margin
        canvas.logo((logo_x, margin, logo_x + side, margin + side), _initials(lines), rng)
        text = [line.replace(LOGO, "").strip() for line in lines]
        box = ((margin, margin, logo_x - margin, height - margin) if rtl
               else (margin * 2 + side, margin, width - margin, height - margin))
        canvas.lines(text, box, "left", canvas.fit(text, box, largest, 1.25), 1.25)
    elif layout == "two_column":
        left, right = _columns(lines)
        middle = width * 0.5
        boxes = ((margin, margin, middle - margin / 2, height - margin),
                 (middle + margin / 2, margin, width - margin, height - margin))
        size = min(
            canvas.fit(left, boxes[0], largest, 1.2), canvas.fit(right, boxes[1], largest, 1)
        )
        canvas.lines(left, boxes[0], "left", size, 1.2)
        canvas.lines(right, boxes[1], "left", size, first=1)
    else:  # centered, vertical, dense, minimal
        if layout == "dense":
            lines = [part for line in lines for part in _wrap(line)]
        box = (margin, margin, width - margin, height - margin)
        align = "left" if layout == "dense" else "center"
        canvas.lines(lines, box, align, canvas.fit(lines, box, largest, 1.3 if layout == "dense"
                                                    else 1.5), 1.3 if layout == "dense" else 1.5)
    return canvas.image


def photograph(face: Image.Image, rng: random.Random) -> Image.Image:
    """The card on a table, slightly turned, unevenly lit, a little soft and noisy."""
    width, height = face.size
    border = int(0.08 * max(width, height))
    table = Image.new("RGB", (width + 2 * border, height + 2 * border), rng.choice(TABLES))
    table.paste(face, (border, border))
    turned = table.rotate(rng.uniform(-3.0, 3.0), resample=Image.Resampling.BICUBIC,
                          expand=False, fillcolor=table.getpixel((0, 0)))
    # Light falling off towards one side: 100 % of the brightness down to 70-85 %.
    darkest = rng.uniform(0.70, 0.85)
    gradient = Image.linear_gradient("L").rotate(rng.choice((0, 90, 180, 270)))
    light = gradient.resize(turned.size, Image.Resampling.BILINEAR).point(
        lambda v: round(255 * (1 - (1 - darkest) * v / 255))
    )
    lit = ImageChops.multiply(turned, Image.merge("RGB", [light] * 3))
    soft = lit.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.1)))
    noise = Image.effect_noise(soft.size, rng.uniform(6, 14)).convert("RGB")
    return Image.blend(soft, noise, 0.06)


def render_card(card: dict) -> bytes:
    """One card row → the JPEG bytes a phone would send."""
    seed = int.from_bytes(hashlib.sha256(str(card["id"]).encode()).digest()[:8], "big")
    rng = random.Random(seed)
    rtl = card.get("language") in RTL_LANGUAGES
    picture = photograph(draw_face(card.get("layout", "centered"), card["lines"], rtl, rng), rng)
    picture.thumbnail((TELEGRAM_PHOTO, TELEGRAM_PHOTO))  # what a bot downloads of a photo
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=rng.randrange(55, 85))
    return out.getvalue()


def _has_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def main(argv: Sequence[str]) -> None:
    source, folder = Path(argv[0]), Path(argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    for line in source.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        card = json.loads(line)
        (folder / f"{card['id']}.jpg").write_bytes(render_card(card))
        (folder / f"{card['id']}.json").write_text(
            json.dumps(card, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        print(card["id"])


if __name__ == "__main__":
    main(sys.argv[1:])
