"""How fast documents become PDFs: in-process vs worker pool, English vs Arabic, 10 vs 120 lines.

Run: .venv/bin/python bench/pdf_render.py [--count N]. Prints median milliseconds per document,
renders per second, the Arabic/English ratio, the pool's speed-up, and what harfbuzz subsetting
(Debian package libharfbuzz-subset0) is worth by re-running with WeasyPrint's fontTools fallback.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import time
from collections.abc import Iterator

import weasyprint.pdf.fonts

from billing.pdf import render_pdf
from billing.pdf.pool import DEFAULT_WORKERS, PdfRenderPool
from billing.pdf.sample import sample_document
from billing.pdf.view import DocumentView


def timed_renders(view: DocumentView, count: int) -> list[float]:
    """Seconds per render, one after another in this process (fonts already warm)."""
    times = []
    for _ in range(count):
        started = time.perf_counter()
        render_pdf(view)
        times.append(time.perf_counter() - started)
    return times


def report(label: str, times: list[float]) -> float:
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

    english = sample_document("invoice", "en", line_count=10)
    arabic = sample_document("invoice", "ar", line_count=10)
    long_invoice = sample_document("invoice", "en", line_count=120)
    for view in (english, arabic, long_invoice):
        render_pdf(view)  # load fonts and templates once

    subset = weasyprint.pdf.fonts.harfbuzz_subset is not None
    print(f"harfbuzz subsetting (libharfbuzz-subset0): {'yes' if subset else 'no'}")
    en_ms = report("EN invoice, 10 lines", timed_renders(english, count))
    ar_ms = report("AR invoice, 10 lines", timed_renders(arabic, count))
    long_ms = report("EN invoice, 120 lines (5 pages)", timed_renders(long_invoice, count // 4 + 1))
    print(f"AR / EN time ratio: {ar_ms / en_ms:.2f}   120 lines / 10 lines: {long_ms / en_ms:.1f}")

    if subset:
        with fonttools_subsetting():
            without_ms = report("EN invoice, fontTools subsetting", timed_renders(english, count))
        print(f"harfbuzz subsetting speed-up: {without_ms / en_ms:.2f}x")

    sequential_rate = 1000 / statistics.mean([en_ms, ar_ms])
    views = [english, arabic] * count
    rate = asyncio.run(pool_throughput(views, DEFAULT_WORKERS))
    print(
        f"async pool, {DEFAULT_WORKERS} workers, EN+AR mix: {rate:6.2f} renders/s"
        f"   ({rate / sequential_rate:.2f}x one process)"
    )


if __name__ == "__main__":
    main()
