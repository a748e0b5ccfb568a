"""How fast documents become PDFs: in-process vs worker pool, English vs Arabic vs Japanese,
12 vs 120 lines.

Run: .venv/bin/python bench/pdf_render.py [--count N]. Prints median milliseconds per document,
renders per second, the Arabic/English ratio, the pool's speed-up, what harfbuzz subsetting
(Debian package libharfbuzz-subset0) is worth by re-running with WeasyPrint's fontTools fallback,
and what the CJK fallback font costs (file shipped, bytes added to a PDF that uses it). The
invoices are issued through the real verbs on a scratch SQLite database (tests/pdf_documents.py).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import tempfile
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import weasyprint.pdf.fonts

from assent.db import migrate
from bench.support.table import Figure, report
from billing.pdf import render_pdf
from billing.pdf.glyphs import FONT_DIR
from billing.pdf.pool import DEFAULT_WORKERS, PdfRenderPool
from billing.pdf.view import DocumentView
from tests.pdf_documents import LINES, Shop, issued, view_of

JAPANESE = (
    "ウェブサイト制作と東京オフィスの設定",
    "ブランド戦略ワークショップ",
    "印刷物・パンフレット",
)


async def invoices(shop: Shop) -> dict[str, DocumentView]:
    japanese = [
        replace(line, description=text) for line, text in zip(LINES * 4, JAPANESE * 4, strict=True)
    ]
    return {
        "en": await view_of(await shop.invoice(await shop.client("en"), LINES * 4)),
        "ar": await view_of(await shop.invoice(await shop.client("ar"), LINES * 4)),
        "ja": await view_of(await shop.invoice(await shop.client("en"), japanese)),
        "long": await view_of(await shop.invoice(await shop.client("en"), LINES * 40)),
    }


def issued_invoices() -> dict[str, DocumentView]:
    with tempfile.TemporaryDirectory() as folder:
        template = Path(folder) / "bench.sqlite3"
        asyncio.run(migrate(f"sqlite://{template}"))
        return issued(invoices, template)


def timed_renders(view: DocumentView, count: int) -> list[float]:
    """Seconds per render, one after another in this process (fonts already warm)."""
    times = []
    for _ in range(count):
        started = time.perf_counter()
        render_pdf(view)
        times.append(time.perf_counter() - started)
    return times


def show(label: str, times: list[float]) -> float:
    median_ms = statistics.median(times) * 1000
    print(f"{label:<34} median {median_ms:7.1f} ms   {len(times) / sum(times):6.2f} renders/s")
    return median_ms


@contextlib.contextmanager
def fonttools_subsetting() -> Iterator[None]:
    """Make WeasyPrint subset fonts with fontTools, as it does without libharfbuzz-subset0."""
    saved = weasyprint.pdf.fonts.harfbuzz_subset
    weasyprint.pdf.fonts.harfbuzz_subset = None
    try:
        yield
    finally:
        weasyprint.pdf.fonts.harfbuzz_subset = saved


async def pool_throughput(views: list[DocumentView], workers: int) -> float:
    """Renders per second when every view is submitted at once to a warmed-up pool."""
    pool = PdfRenderPool(workers)
    try:
        await asyncio.gather(*(pool.render(view) for view in views[:workers]))
        started = time.perf_counter()
        await asyncio.gather(*(pool.render(view) for view in views))
        return len(views) / (time.perf_counter() - started)
    finally:
        pool.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20, help="renders per measurement")
    count = parser.parse_args().count

    views = issued_invoices()
    english, arabic, japanese, long_invoice = (views[k] for k in ("en", "ar", "ja", "long"))
    for view in views.values():
        render_pdf(view)  # load fonts and templates once

    subset = weasyprint.pdf.fonts.harfbuzz_subset is not None
    print(f"harfbuzz subsetting (libharfbuzz-subset0): {'yes' if subset else 'no'}")
    en_ms = show("EN invoice, 12 lines", timed_renders(english, count))
    ar_ms = show("AR invoice, 12 lines", timed_renders(arabic, count))
    ja_ms = show("EN invoice, 12 Japanese lines", timed_renders(japanese, count))
    long_ms = show("EN invoice, 120 lines (5 pages)", timed_renders(long_invoice, count // 4 + 1))
    print(f"AR / EN time ratio: {ar_ms / en_ms:.2f}   120 lines / 12 lines: {long_ms / en_ms:.1f}")
    cjk_font = (FONT_DIR / "DroidSansFallbackFull.ttf").stat().st_size
    en_bytes, ja_bytes = len(render_pdf(english)), len(render_pdf(japanese))
    print(
        f"CJK font shipped: {cjk_font / 1e6:.1f} MB   PDF with Japanese lines: "
        f"{ja_bytes / 1e3:.0f} kB vs {en_bytes / 1e3:.0f} kB Latin "
        f"(+{(ja_bytes - en_bytes) / 1e3:.0f} kB)   JA / EN time ratio: {ja_ms / en_ms:.2f}"
    )

    if subset:
        with fonttools_subsetting():
            without_ms = show("EN invoice, fontTools subsetting", timed_renders(english, count))
        print(f"harfbuzz subsetting speed-up: {without_ms / en_ms:.2f}x")

    sequential_rate = 1000 / statistics.mean([en_ms, ar_ms])
    views = [english, arabic] * count
    rate = asyncio.run(pool_throughput(views, DEFAULT_WORKERS))
    print(
        f"async pool, {DEFAULT_WORKERS} workers, EN+AR mix: {rate:6.2f} renders/s"
        f"   ({rate / sequential_rate:.2f}x one process)"
    )
    report([
        Figure("PDF renders/s, EN invoice, one process", 1000 / en_ms, "renders/s"),
        Figure("PDF renders/s, AR invoice, one process", 1000 / ar_ms, "renders/s"),
        Figure(f"PDF renders/s, EN+AR, pool of {DEFAULT_WORKERS}", rate, "renders/s",
               anchor=sequential_rate),
    ])


if __name__ == "__main__":
    main()
