"""Renders PDFs in worker processes so the event loop never waits on WeasyPrint.

Measured here (bench/pdf_render.py): WeasyPrint in threads gains nothing, because layout is
pure Python under the GIL, and it is not thread-safe with a shared FontConfiguration: four
threads rendering at once made GLib print "corrupted double-linked list detected". Worker
processes run truly in parallel (≈2× on 2 cores) and each keeps its own fonts warm.

A view rendered once with the shipped templates is kept by its content (a few MB, least recently
used first out): the same view always makes the same document, so a second request, such as the
accepted proposal's invoice rendered ahead (billing/documents/acceptance_pdf.py), costs nothing.
"""

from __future__ import annotations

import asyncio
import hashlib
import multiprocessing
import os
import pickle
import threading
from collections import OrderedDict
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from billing.pdf.render import font_configuration, html_to_pdf, render_pdf
from billing.pdf.view import DocumentView

DEFAULT_WORKERS = max(1, min(2, os.cpu_count() or 1))
# Recycle a worker now and then so WeasyPrint's caches cannot grow without bound.
TASKS_PER_WORKER = 500
KEPT_BYTES = 4 * 1024 * 1024  # rendered PDFs kept by content: ~100 one-page invoices


class PdfRenderPool:
    """A lazily started pool of rendering processes; safe to share between coroutines."""

    def __init__(self, workers: int = DEFAULT_WORKERS, kept_bytes: int = KEPT_BYTES) -> None:
        if workers < 1:
            raise ValueError("a PDF pool needs at least one worker")
        self.workers = workers
        self.kept_bytes = kept_bytes
        self.reused = 0  # renders answered from the kept PDFs (read by tests and benches)
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._kept: OrderedDict[bytes, bytes] = OrderedDict()
        self._kept_size = 0

    def _pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ProcessPoolExecutor(
                    max_workers=self.workers,
                    # spawn, not fork: forking a process that runs an event loop and threads
                    # can copy a held lock into the child.
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=font_configuration,
                    max_tasks_per_child=TASKS_PER_WORKER,
                )
            return self._executor

    async def render(
        self, view: DocumentView, template_dir: Path | None = None, variant: str | None = None
    ) -> bytes:
        """Render in a worker; a worker that died (e.g. a crash in a C library) is replaced once.

        With the shipped templates the bytes are kept by the view's content; an override
        folder's files may change under an equal view, so those renders are never kept."""
        if template_dir is not None:
            return await self._run(render_pdf, view, template_dir, variant)
        key = hashlib.sha256(pickle.dumps((view, variant))).digest()
        with self._lock:
            pdf = self._kept.get(key)
            if pdf is not None:
                self._kept.move_to_end(key)
                self.reused += 1
                return pdf
        pdf = await self._run(render_pdf, view, None, variant)
        self._keep(key, pdf)
        return pdf

    def _keep(self, key: bytes, pdf: bytes) -> None:
        with self._lock:
            if key not in self._kept:
                self._kept[key] = pdf
                self._kept_size += len(pdf)
            while self._kept_size > self.kept_bytes:
                self._kept_size -= len(self._kept.popitem(last=False)[1])

    async def render_html(self, html: str, folders: tuple[Path, ...]) -> bytes:
        """An HTML page of ours (a signing certificate) as PDF, in a worker."""
        return await self._run(html_to_pdf, html, folders)

    async def _run(self, function: Any, *args: Any) -> bytes:
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._pool(), function, *args)
        except BrokenProcessPool:
            self._discard()
            return await loop.run_in_executor(self._pool(), function, *args)

    def _discard(self) -> None:
        with self._lock:
            broken, self._executor = self._executor, None
        if broken is not None:
            broken.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Stop the workers (at shutdown); a later render starts a fresh pool."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)


_default_pool = PdfRenderPool()


async def render_html_pdf_async(html: str, folders: tuple[Path, ...]) -> bytes:
    """html_to_pdf without blocking the event loop, on the process-wide default pool."""
    return await _default_pool.render_html(html, folders)


async def render_pdf_async(
    view: DocumentView, template_dir: Path | None = None, variant: str | None = None
) -> bytes:
    """render_pdf without blocking the event loop, on the process-wide default pool."""
    return await _default_pool.render(view, template_dir, variant)


def pdf_pool() -> PdfRenderPool:
    """The process-wide default pool (tests and benches read its `reused` count)."""
    return _default_pool


def shutdown_pdf_pool() -> None:
    """Stop the default pool's workers; call once when the application stops."""
    _default_pool.close()
