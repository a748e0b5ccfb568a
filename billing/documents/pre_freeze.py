"""Documents issued by the first release, before issuing froze anything: frozen once, at upgrade.

The first release stored, per issued document, its number, dates, lines, totals and snapshots of
seller and buyer, and re-rendered the PDF from those on every export, with the business's bank
details, brand colour, logo and payment terms as they were at that moment. So the most faithful
record of what such a document printed is what the old code would print at the moment of
upgrading: `assent migrate`, right after the schema migrations and before anything can change a
setting, builds each one's view from its own snapshots and today's (not yet changed) settings,
stores it as the frozen view, renders it once and stores the PDF. From then on it is served like
any other issued document: the same bytes, whatever changes later.

This cannot be a data migration: building the view reads columns that later migrations add, and
migrations must not import application code that keeps changing. The PDF is always the plain one,
never Factur-X: these documents were not issued as e-invoices, and embedding an XML now would
claim otherwise. The query only finds documents with a number and no frozen view, which issuing
since 0002 never leaves behind, so it is a no-op on every later run.
"""

from __future__ import annotations

import asyncio
import logging

from tortoise.transactions import in_transaction

from billing.documents.frozen import freeze
from billing.documents.issued_file import store_issued_file
from billing.documents.view import live_view
from billing.pdf import render_pdf
from models import Document, IssuedFile

log = logging.getLogger(__name__)


async def freeze_documents_issued_before_freezing() -> int:
    """Freeze and store every issued document that has no frozen view yet; how many were."""
    pending = await Document.filter(number__isnull=False, frozen_view__isnull=True).order_by("id")
    for document in pending:
        view = await live_view(document)
        pdf = await asyncio.to_thread(render_pdf, view)
        async with in_transaction() as connection:
            frozen = await Document.filter(id=document.id, frozen_view__isnull=True).using_db(
                connection
            ).update(frozen_view=freeze(view))
            stored = IssuedFile.filter(document_id=document.id).using_db(connection)
            if frozen and not await stored.exists():
                await store_issued_file(document, pdf, connection=connection)
    if pending:
        log.info("froze %d documents issued before issuing froze them", len(pending))
    return len(pending)
