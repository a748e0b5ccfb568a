"""Rendering from async code happens in worker processes: the event loop keeps running meanwhile."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from billing.pdf import render_pdf
from billing.pdf.pool import PdfRenderPool
from billing.pdf.view import DocumentView
from tests.pdf_documents import LINES, Shop, issued, view_of
from tests.pdf_text import pdf_text


@pytest.fixture(scope="module")
def views(sqlite_template: Path) -> dict[str, DocumentView]:
    async def build(shop: Shop) -> dict[str, DocumentView]:
        return {
            "arabic": await view_of(await shop.invoice(await shop.client("ar"))),
            "short": await view_of(await shop.invoice(await shop.client(), LINES[:1])),
            "long": await view_of(await shop.invoice(await shop.client(), LINES * 40)),
        }

    return issued(build, sqlite_template)


@pytest.fixture
def pool() -> Iterator[PdfRenderPool]:
    pool = PdfRenderPool(workers=1)
    yield pool
    pool.close()


async def test_pool_renders_the_same_document_as_render_pdf(
    pool: PdfRenderPool, views: dict[str, DocumentView]
) -> None:
    view = views["arabic"]
    assert pdf_text(await pool.render(view)) == pdf_text(render_pdf(view))


async def test_event_loop_keeps_ticking_while_a_long_invoice_renders(
    pool: PdfRenderPool, views: dict[str, DocumentView]
) -> None:
    """A mechanism, not a speed: the loop runs other tasks while the worker renders. Rendering in
    the loop's thread would let the ticker run at most once before the render returned."""
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.005)
            ticks += 1

    rendering = asyncio.create_task(pool.render(views["long"]))
    ticker = asyncio.create_task(tick())
    await asyncio.sleep(0)
    assert not rendering.done()
    pdf = await rendering
    ticker.cancel()
    assert "Page 4 of 4" in pdf_text(pdf)
    assert ticks >= 3, ticks


async def test_a_killed_worker_is_replaced(
    pool: PdfRenderPool, views: dict[str, DocumentView]
) -> None:
    await pool.render(views["short"])
    for pid in list(pool._executor._processes):  # a worker dying, as a C-library crash would
        os.kill(pid, signal.SIGKILL)
    await asyncio.sleep(0.2)
    # Another view: the same one would be answered from the kept PDFs, without a worker.
    assert (await pool.render(views["arabic"])).startswith(b"%PDF")
    assert pool.reused == 0


async def test_a_view_rendered_again_is_answered_from_the_kept_pdfs(
    views: dict[str, DocumentView], tmp_path: Path
) -> None:
    short, arabic = views["short"], views["arabic"]
    pool = PdfRenderPool(workers=1)
    try:
        first = await pool.render(short)
        assert await pool.render(short) is first and pool.reused == 1
        # An override folder's files may change under an equal view: rendered every time.
        await pool.render(short, template_dir=tmp_path)
        await pool.render(short, template_dir=tmp_path)
        assert pool.reused == 1
    finally:
        pool.close()
    small = PdfRenderPool(workers=1, kept_bytes=len(first) + 1)  # room for one PDF
    try:
        await small.render(short)
        await small.render(arabic)  # pushes the short invoice out
        await small.render(short)
        assert small.reused == 0
    finally:
        small.close()
