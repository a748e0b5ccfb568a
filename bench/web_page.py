"""The client page's own cost: opening a proposal link and signing it, on SQLite.

Run: .venv/bin/python bench/web_page.py [--proposals 20]

Through the real ASGI app (httpx's ASGI transport, no network): a GET of the review page, and
the POST that accepts it — acceptance, invoice, owner notice and the signing certificate (a PDF
rendered in the worker pool). One warm-up proposal first so the PDF workers are started. Prints
medians and the ratio of signing to viewing.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time

from assent.db import close_database, migrate, open_database
from bench.support.table import Figure, report
from billing.pdf import shutdown_pdf_pool
from tests.inbound_support import sent_proposal
from tests.web_support import acceptance_form, http_client, open_form, path_of, web_settings


async def run(proposals: int) -> None:
    folder = tempfile.mkdtemp(prefix="assent-bench-web-")
    url = f"sqlite://{folder}/bench.sqlite3"
    await migrate(url)
    await open_database(url)
    settings = web_settings(url)
    views, signs = [], []
    try:
        async with http_client(settings) as client:
            for index in range(proposals + 1):
                sent = await sent_proposal(settings, business_name=f"Bench {index}")
                path = path_of(sent)
                started = time.perf_counter()
                csrf = await open_form(client, path)
                viewed = time.perf_counter()
                answer = await client.post(f"{path}/accept", data=acceptance_form(csrf))
                signed = time.perf_counter()
                assert answer.status_code == 200, answer.text
                if index:  # the first one warms the PDF workers up
                    views.append(viewed - started)
                    signs.append(signed - viewed)
    finally:
        await close_database()
        shutdown_pdf_pool()
    view, sign = statistics.median(views), statistics.median(signs)
    print(f"proposals: {proposals} (SQLite, ASGI transport)")
    print(f"open the page   median {view * 1000:7.1f} ms")
    print(f"accept and sign median {sign * 1000:7.1f} ms (includes the certificate PDF)")
    print(f"sign / view ratio {sign / view:.1f}")
    report([
        Figure("web page: open a proposal link, median", view * 1000, "ms"),
        Figure("web page: accept and sign, median", sign * 1000, "ms", anchor=view * 1000),
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--proposals", type=int, default=20)
    asyncio.run(run(parser.parse_args().proposals))


if __name__ == "__main__":
    main()
