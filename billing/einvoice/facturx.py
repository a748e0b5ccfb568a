"""Embed the CII XML in a PDF/A-3b: the Factur-X file an issued invoice is.

WeasyPrint renders the PDF/A-3b (billing.pdf.render with variant "pdf/a-3b"); the factur-x
library then attaches the XML as `factur-x.xml` with AFRelationship /Data, lists it in the
catalog's /AF array and writes the Factur-X XMP extension schema (document type, file name,
version, conformance level EN 16931) that readers use to find it.
"""

from __future__ import annotations

from billing.pdf.view import DocumentView

# The factur-x package (with pypdf, lxml and requests, ~20 MB resident) is imported by the
# functions below, not with this module: a serving process that issues no e-invoice never loads
# it. issued_file calls them in a worker thread, so the first import (~1 s) does not hold up the
# event loop either.

PDF_VARIANT = "pdf/a-3b"
XML_NAME = "factur-x.xml"


def facturx_pdf(pdf_bytes: bytes, xml: bytes, view: DocumentView | None = None) -> bytes:
    """The PDF/A-3b with its XML embedded; the XML was checked against the XSD when built."""
    from facturx import generate_from_binary

    metadata = None
    if view is not None:
        metadata = {
            "author": view.seller.legal_name or view.seller.name,
            "keywords": "Factur-X",
            "title": view.number or "",
            "subject": f"{view.kind} {view.number}",
        }
    return bytes(
        generate_from_binary(
            pdf_bytes,
            xml,
            flavor="factur-x",
            level="en16931",
            check_xsd=False,
            pdf_metadata=metadata,
            lang=view.language if view else None,
            afrelationship="data",
        )
    )


def embedded_xml(pdf_bytes: bytes) -> bytes | None:
    """The Factur-X XML inside a PDF, or None when it carries none."""
    from facturx import get_xml_from_pdf

    name, xml = get_xml_from_pdf(pdf_bytes, check_xsd=False)
    return xml if name == XML_NAME else None
