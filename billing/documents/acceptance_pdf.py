"""The invoice PDF an acceptance puts in the owner's chat, rendered before the client answers.

Between a client's signed reply and the invoice in the owner's chat, rendering the PDF takes
most of the time (bench/acceptance_latency.py). Once a proposal's email is out, the draft invoice
accepting it would create is built by the conversion's own steps and rolled back, and its PDF
rendered: the render pool keeps PDFs by the view's content, so the real acceptance, whose draft
reads the same, finds its PDF made. Anything changed meanwhile (the client's address, a setting)
changes the view, and the PDF is rendered anew: never a stale file. Only under the draft policy:
an issued invoice's number and date exist only once it is issued.
"""

from __future__ import annotations

import logging

from billing.documents.acceptance import OPEN
from billing.documents.convert import invoice_on_acceptance
from billing.pdf import render_pdf_async
from models import AcceptancePolicy, Business, Document, DocumentKind

log = logging.getLogger(__name__)


async def prerender_acceptance_invoice(proposal_id: int) -> bool:
    """Render ahead the invoice accepting this sent proposal would show; False when there is
    none to render. Never raises: at worst the acceptance renders its PDF itself."""
    try:
        proposal = await Document.get_or_none(id=proposal_id, kind=DocumentKind.PROPOSAL)
        if proposal is None or proposal.status not in OPEN:
            return False
        business = await Business.get(id=proposal.business_id)
        if business.acceptance_policy != AcceptancePolicy.DRAFT:
            return False
        await render_pdf_async(await invoice_on_acceptance(proposal))
    except Exception:  # an optimisation only: log it and let the acceptance render
        log.exception("proposal %s: rendering its invoice ahead failed", proposal_id)
        return False
    return True
