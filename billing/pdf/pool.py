"""Renders PDFs in worker processes so the event loop never waits on WeasyPrint.

Measured here (bench/pdf_render.py): WeasyPrint in threads gains nothing, because layout is
pure Python under the GIL, and it is not thread-safe with a shared FontConfiguration: four
threads rendering at once made GLib print "corrupted double-linked list detected". Worker
processes run truly in parallel (≈2× on 2 cores) and each keeps its own fonts warm.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from billing.pdf.render import font_configuration, html_to_pdf, render_pdf
from billing.pdf.view import DocumentView

DEFAULT_WORKERS = max(1, min(2, os.cpu_count() or 1))
# Recycle a worker now and then so WeasyPrint's caches cannot grow without bound.
TASKS_PER_WORKER = 500


class PdfRenderPool:
    """A lazily started pool of rendering processes; safe to share between coroutines."""

    def __init__(self, workers: int = DEFAULT_WORKERS) -> None:
        if workers < 1:
            raise ValueError("a PDF pool needs at least one worker")
        self.workers = workers
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

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

    async def render(self, view: DocumentView, template_dir: Path | None = None) -> bytes:
        """Render in a worker; a worker that died (e.g. a crash in a C library) is replaced once."""
        return await self._run(render_pdf, view, template_dir)

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


async def render_pdf_async(view: DocumentView, template_dir: Path | None = None) -> bytes:
    """render_pdf without blocking the event loop, on the process-wide default pool."""
    return await _default_pool.render(view, template_dir)


def shutdown_pdf_pool() -> None:
    """Stop the default pool's workers; call once when the application stops."""
    _default_pool.close()
