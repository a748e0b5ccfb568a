"""How fast documents become PDFs: in-process vs worker pool, English vs Arabic vs Japanese,
12 vs 120 lines, and what Assent adds to WeasyPrint's own time.

Run: .venv/bin/python bench/pdf_render.py [--count N]. Prints median milliseconds per document,
renders per second (one process, and the pool of worker processes, EN and AR apart), Assent's
overhead over WeasyPrint (`render_pdf` against `HTML(...).write_pdf` of the same page with a
warm FontConfiguration: the anchor; target ≤ 5 %), the pool's speed-up, what harfbuzz subsetting
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
from weasyprint import HTML

from assent.db import migrate
from bench.support.table import Figure, report
from billing.pdf import render_pdf
from billing.pdf.glyphs import FONT_DIR
from billing.pdf.pool import DEFAULT_WORKERS, PdfRenderPool
from billing.pdf.render import TEMPLATE_DIR, font_configuration, render_html
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


def overhead(view: DocumentView, count: int) -> tuple[float, float]:
    """Median seconds of Assent's render_pdf and of bare WeasyPrint on the page it makes (same
    stylesheet and fonts, read from the template folder), interleaved so load hits both alike."""
    html, base = render_html(view), TEMPLATE_DIR.as_uri() + "/"
    ours, bare = [], []
    for _ in range(count):
        started = time.perf_counter()
        render_pdf(view)
        ours.append(time.perf_counter() - started)
        started = time.perf_counter()
        HTML(string=html, base_url=base).write_pdf(font_config=font_configuration())
        bare.append(time.perf_counter() - started)
    return statistics.median(ours), statistics.median(bare)


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
    """Renders per second when every view is submitted at once to a warmed-up pool (which
    keeps no PDFs: equal views would be answered from memory, not rendered)."""
    pool = PdfRenderPool(workers, kept_bytes=0)
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
            without_ms = show("EN invoice, fontTools subsetting",
                              timed_renders(english, count // 4 + 1))
        print(f"harfbuzz subsetting speed-up: {without_ms / en_ms:.2f}x")

    ours, bare = overhead(english, count)
    print(f"Assent render_pdf {ours * 1000:.1f} ms vs WeasyPrint alone {bare * 1000:.1f} ms: "
          f"overhead {100 * (ours / bare - 1):+.1f} %")

    sequential_rate = 1000 / statistics.mean([en_ms, ar_ms])
    rates = {
        "EN": asyncio.run(pool_throughput([english] * count, DEFAULT_WORKERS)),
        "AR": asyncio.run(pool_throughput([arabic] * count, DEFAULT_WORKERS)),
        "EN+AR": asyncio.run(pool_throughput([english, arabic] * count, DEFAULT_WORKERS)),
    }
    for label, rate in rates.items():
        print(f"async pool, {DEFAULT_WORKERS} workers, {label}: {rate:6.2f} renders/s")
    print(f"pool EN+AR speed-up: {rates['EN+AR'] / sequential_rate:.2f}x one process")
    report([
        Figure("PDF render time, Assent over WeasyPrint alone, EN invoice", ours, "s",
               anchor=bare, target="<= 1.05", target_on_ratio=True),
        Figure("PDF renders/s, EN invoice, one process", 1000 / en_ms, "renders/s"),
        Figure("PDF renders/s, AR invoice, one process", 1000 / ar_ms, "renders/s"),
        Figure(f"PDF renders/s, EN invoice, pool of {DEFAULT_WORKERS}", rates["EN"],
               "renders/s", anchor=1000 / en_ms),
        Figure(f"PDF renders/s, AR invoice, pool of {DEFAULT_WORKERS}", rates["AR"],
               "renders/s", anchor=1000 / ar_ms),
        Figure(f"PDF renders/s, EN+AR, pool of {DEFAULT_WORKERS}", rates["EN+AR"], "renders/s",
               anchor=sequential_rate),
    ])


if __name__ == "__main__":
    main()
