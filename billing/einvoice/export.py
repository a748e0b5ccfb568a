"""The XML of an issued document for `assent documents xml`: the stored one, or built once more
from the frozen view (which gives the same XML) when none was stored or another syntax is asked."""

from __future__ import annotations

import asyncio

from billing.documents.issued_file import issued_pdf
from billing.documents.view import document_view
from billing.einvoice.cii import CII, build_cii
from billing.einvoice.rules import has_einvoice
from billing.einvoice.ubl import UBL, build_ubl
from models import Document, IssuedFile

BUILDERS = {CII: build_cii, UBL: build_ubl}
SYNTAXES = tuple(BUILDERS)


class NoEInvoice(ValueError):
    """This document has no e-invoice: a draft, a proposal, or a three-decimal currency."""


async def document_xml(document: Document, syntax: str = CII) -> bytes:
    """The e-invoice XML of an issued invoice or credit note in the given syntax."""
    if syntax not in SYNTAXES:
        raise NoEInvoice(f"unknown syntax {syntax!r}: one of {', '.join(SYNTAXES)}")
    if document.number is None:
        raise NoEInvoice("a draft has no e-invoice: issue it first")
    await issued_pdf(document)  # freezes and stores what is still missing
    stored = await IssuedFile.get(document_id=document.id)
    if stored.xml is not None and stored.xml_syntax == syntax:
        return stored.xml.encode("utf-8")
    view = await document_view(document)
    if not has_einvoice(view):
        raise NoEInvoice(
            f"{view.kind} {view.number} has no e-invoice: EN 16931 is for invoices and credit "
            f"notes with amounts of at most two decimals ({view.currency})"
        )
    return await asyncio.to_thread(BUILDERS[syntax], view)
