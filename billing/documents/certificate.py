"""The signing certificate: one page that proves who accepted which proposal, how and when.

What DocuSeal and Documenso attach to a signed document: the proposal's number and the hash of
the PDF the client saw, the signer's typed name and drawn signature, the address the link was
sent to (or the reply came from), the time, IP and browser, and for an email acceptance the
authentication verdicts. It is built once and stored on the Acceptance, so the owner and the
client download the same bytes however often they ask.
"""

from __future__ import annotations

import base64
import functools
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from billing.i18n import money, text_direction, translate
from billing.pdf.pool import render_html_pdf_async
from billing.pdf.render import TEMPLATE_DIR as PDF_TEMPLATE_DIR
from models import Acceptance, AcceptanceMethod, Business, Document

DOMAIN = "web"
CERTIFICATE_DIR = Path(__file__).resolve().parents[2] / "templates" / "certificate"
FOLDERS = (CERTIFICATE_DIR, PDF_TEMPLATE_DIR)  # the shipped fonts live with the PDF templates
METHOD_LABELS = {
    AcceptanceMethod.WEB: "Signed on the proposal page",
    AcceptanceMethod.EMAIL_REPLY: "Accepted by email reply",
    AcceptanceMethod.OWNER_BUTTON: "Accepted by the business on the client's behalf",
}


@functools.cache
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(str(CERTIFICATE_DIR)), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def certificate_filename(proposal: Document) -> str:
    stem = "".join(c if c.isalnum() or c in "-_." else "-" for c in proposal.number or "")
    return f"{stem or 'proposal'}-certificate.pdf"


def certificate_html(
    acceptance: Acceptance, proposal: Document, business: Business, now: datetime
) -> str:
    """The certificate in the proposal's language (English labels where a catalog lacks one)."""
    language = proposal.language
    signature = (
        "data:image/png;base64," + base64.b64encode(bytes(acceptance.signature_png)).decode()
        if acceptance.signature_png else ""
    )
    context: dict[str, Any] = {
        "a": acceptance,
        "proposal": proposal,
        "business": business.name,
        "total": money(proposal.total, proposal.currency, language),
        "method": METHOD_LABELS[acceptance.method],
        "signature": signature,
        "accepted_at": acceptance.accepted_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        "generated_at": now.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        "verdicts": sorted((str(k), str(v)) for k, v in (acceptance.auth_verdicts or {}).items()),
        "language": language,
        "direction": text_direction(language),
        "_": lambda message, **params: translate(DOMAIN, language, message, **params),
    }
    return _environment().get_template("certificate.html").render(**context)


async def certificate_pdf(acceptance: Acceptance) -> bytes:
    """The stored certificate, or a new one stored now; concurrent callers keep the first."""
    if acceptance.certificate_pdf:
        return bytes(acceptance.certificate_pdf)
    proposal = await Document.get(id=acceptance.proposal_id)
    business = await Business.get(id=acceptance.business_id)
    html = certificate_html(acceptance, proposal, business, datetime.now(UTC))
    pdf = await render_html_pdf_async(html, FOLDERS)
    await Acceptance.filter(id=acceptance.id, certificate_pdf__isnull=True).update(
        certificate_pdf=pdf
    )
    stored = await Acceptance.get(id=acceptance.id)
    return bytes(stored.certificate_pdf)
