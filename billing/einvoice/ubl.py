"""A frozen DocumentView → UBL 2.1 Invoice or CreditNote, EN 16931 as Peppol BIS Billing 3.0.

No maintained Python library builds UBL invoices (drafthorse is CII only), so this is a small
lxml builder that writes the elements in the order the UBL 2.1 schema fixes. It states exactly
what the CII does, from the same helpers (billing.einvoice.content): positive credit notes,
line discounts as line allowances, withholding and exchange rate as notes, VAT in the
accounting currency as a second TaxTotal (BT-111).
"""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from billing.einvoice.content import (
    NO_RATE,
    NO_REASON,
    foreign_tax_currency,
    line_allowance,
    not_subject,
    notes,
    party_ids,
    street_lines,
    terms_text,
)
from billing.einvoice.rules import amount, document_sign
from billing.pdf.view import DocumentView, LineView, PartyView, TaxView

UBL = "ubl"  # the syntax name `assent documents xml --syntax` takes
PEPPOL_CUSTOMIZATION = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PEPPOL_PROFILE = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
_ROOT = "urn:oasis:names:specification:ubl:schema:xsd:{}-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"


class _Writer:
    """Appends cac:/cbc: children; `amount` adds the document's currencyID."""

    def __init__(self, currency: str) -> None:
        self.currency = currency

    def cac(self, parent: etree._Element, name: str) -> etree._Element:
        return etree.SubElement(parent, f"{{{CAC}}}{name}")

    def cbc(self, parent: etree._Element, name: str, text: object, **attributes: str) -> None:
        etree.SubElement(parent, f"{{{CBC}}}{name}", attributes).text = str(text)

    def amount(self, parent: etree._Element, name: str, value: Decimal, currency: str = "") -> None:
        self.cbc(parent, name, amount(value), currencyID=currency or self.currency)


def build_ubl(view: DocumentView) -> bytes:
    """The UBL XML of an issued invoice or credit note."""
    if view.number is None or view.kind == "proposal":
        raise ValueError("only issued invoices and credit notes have an e-invoice")
    credit = view.kind == "credit_note"
    sign = document_sign(view)
    kind = "CreditNote" if credit else "Invoice"
    root = etree.Element(
        f"{{{_ROOT.format(kind)}}}{kind}", nsmap={None: _ROOT.format(kind), "cac": CAC, "cbc": CBC}
    )
    w = _Writer(view.currency)
    w.cbc(root, "CustomizationID", PEPPOL_CUSTOMIZATION)
    w.cbc(root, "ProfileID", PEPPOL_PROFILE)
    w.cbc(root, "ID", view.number)
    w.cbc(root, "IssueDate", view.issue_date)
    if view.due_date and not credit:
        w.cbc(root, "DueDate", view.due_date)
    w.cbc(root, f"{kind}TypeCode", "381" if credit else "380")
    for text in notes(view):
        w.cbc(root, "Note", text)
    w.cbc(root, "DocumentCurrencyCode", view.currency)
    if foreign_tax_currency(view):
        w.cbc(root, "TaxCurrencyCode", view.accounting_currency)
    if view.buyer_reference:
        w.cbc(root, "BuyerReference", view.buyer_reference)
    if view.supply_date and view.supply_end_date:
        period = w.cac(root, "InvoicePeriod")
        w.cbc(period, "StartDate", view.supply_date)
        w.cbc(period, "EndDate", view.supply_end_date)
    if view.order_reference:
        w.cbc(w.cac(root, "OrderReference"), "ID", view.order_reference)
    if credit and view.credited_invoice_number:
        reference = w.cac(w.cac(root, "BillingReference"), "InvoiceDocumentReference")
        w.cbc(reference, "ID", view.credited_invoice_number)
        if view.credited_invoice_date:
            w.cbc(reference, "IssueDate", view.credited_invoice_date)
    vat_ids = not not_subject(view)
    _party(w, w.cac(root, "AccountingSupplierParty"), view.seller, seller=True, vat_ids=vat_ids)
    _party(w, w.cac(root, "AccountingCustomerParty"), view.buyer, seller=False, vat_ids=vat_ids)
    _delivery(w, root, view)
    _payment(w, root, view)
    _taxes(w, root, view, sign)
    _totals(w, root, view, sign)
    for index, line in enumerate(view.lines, start=1):
        _line(w, root, kind, index, line, sign)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _party(
    w: _Writer, role: etree._Element, view: PartyView, *, seller: bool, vat_ids: bool
) -> None:
    party = w.cac(role, "Party")
    if view.email:
        w.cbc(party, "EndpointID", view.email, schemeID="EM")
    address = w.cac(party, "PostalAddress")
    for name, text in zip(("StreetName", "AdditionalStreetName"), street_lines(view), strict=False):
        w.cbc(address, name, text)
    for name, text in (("CityName", view.city), ("PostalZone", view.postcode)):
        if text:
            w.cbc(address, name, text)
    if view.region:
        w.cbc(address, "CountrySubentity", view.region)
    w.cbc(w.cac(address, "Country"), "IdentificationCode", view.country_code)
    vat_id, tax_number, legal_id = party_ids(view, seller=seller, vat_ids=vat_ids)
    for company_id, scheme in ((vat_id, "VAT"), (tax_number, "TAX")):
        if company_id:
            tax_scheme = w.cac(party, "PartyTaxScheme")
            w.cbc(tax_scheme, "CompanyID", company_id)
            w.cbc(w.cac(tax_scheme, "TaxScheme"), "ID", scheme)
    legal = w.cac(party, "PartyLegalEntity")
    w.cbc(legal, "RegistrationName", view.legal_name or view.name)
    if legal_id:
        w.cbc(legal, "CompanyID", legal_id)


def _delivery(w: _Writer, root: etree._Element, view: DocumentView) -> None:
    """Supply date (BT-72); intra-EU supplies also need a date and the country (BR-IC-11/12)."""
    intra_eu = any(tax.category == "K" for tax in view.taxes)
    if not (view.supply_date or intra_eu) or (view.supply_date and view.supply_end_date):
        return
    delivery = w.cac(root, "Delivery")
    if not view.supply_end_date:
        w.cbc(delivery, "ActualDeliveryDate", view.supply_date or view.issue_date)
    if intra_eu:
        address = w.cac(w.cac(delivery, "DeliveryLocation"), "Address")
        w.cbc(w.cac(address, "Country"), "IdentificationCode", view.buyer.country_code)


def _payment(w: _Writer, root: etree._Element, view: DocumentView) -> None:
    if view.bank is not None and view.kind == "invoice":
        means = w.cac(root, "PaymentMeans")
        w.cbc(means, "PaymentMeansCode", view.bank.payment_means_code)
        w.cbc(means, "PaymentID", view.number)
        if view.bank.iban:
            account = w.cac(means, "PayeeFinancialAccount")
            w.cbc(account, "ID", view.bank.iban.replace(" ", ""))
            if view.bank.bic:
                w.cbc(w.cac(account, "FinancialInstitutionBranch"), "ID", view.bank.bic)
    w.cbc(w.cac(root, "PaymentTerms"), "Note", terms_text(view))


def _taxes(w: _Writer, root: etree._Element, view: DocumentView, sign: int) -> None:
    total = w.cac(root, "TaxTotal")
    w.amount(total, "TaxAmount", sign * view.tax)
    for tax in view.taxes:
        subtotal = w.cac(total, "TaxSubtotal")
        w.amount(subtotal, "TaxableAmount", sign * tax.taxable)
        w.amount(subtotal, "TaxAmount", sign * tax.tax)
        _category(w, subtotal, "TaxCategory", tax.category, tax.rate, tax)
    if foreign_tax_currency(view) and view.tax_in_accounting_currency is not None:
        other = w.cac(root, "TaxTotal")
        in_accounting = sign * view.tax_in_accounting_currency
        w.amount(other, "TaxAmount", in_accounting, view.accounting_currency)


def _category(
    w: _Writer,
    parent: etree._Element,
    name: str,
    category: str,
    rate: Decimal,
    tax: TaxView | None = None,
) -> None:
    node = w.cac(parent, name)
    w.cbc(node, "ID", category)
    if category not in NO_RATE:
        w.cbc(node, "Percent", rate)
    if tax is not None and category not in NO_REASON:
        if tax.exemption_code:
            w.cbc(node, "TaxExemptionReasonCode", tax.exemption_code)
        if tax.exemption_reason:
            w.cbc(node, "TaxExemptionReason", tax.exemption_reason)
    w.cbc(w.cac(node, "TaxScheme"), "ID", "VAT")


def _totals(w: _Writer, root: etree._Element, view: DocumentView, sign: int) -> None:
    totals = w.cac(root, "LegalMonetaryTotal")
    w.amount(totals, "LineExtensionAmount", sign * sum((ln.net for ln in view.lines), Decimal(0)))
    w.amount(totals, "TaxExclusiveAmount", sign * view.net)
    w.amount(totals, "TaxInclusiveAmount", sign * view.total)
    w.amount(totals, "PayableAmount", sign * view.total)


def _line(
    w: _Writer, root: etree._Element, kind: str, index: int, line: LineView, sign: int
) -> None:
    node = w.cac(root, f"{kind}Line")
    w.cbc(node, "ID", index)
    quantity = "CreditedQuantity" if kind == "CreditNote" else "InvoicedQuantity"
    w.cbc(node, quantity, sign * line.quantity, unitCode=line.unit_code)
    w.amount(node, "LineExtensionAmount", sign * line.net)
    gross, discount = line_allowance(line, sign, w.currency)
    if discount:
        allowance = w.cac(node, "AllowanceCharge")
        w.cbc(allowance, "ChargeIndicator", "false")
        w.cbc(allowance, "AllowanceChargeReason", "Discount")
        w.cbc(allowance, "MultiplierFactorNumeric", line.discount_percent)
        w.amount(allowance, "Amount", discount)
        w.amount(allowance, "BaseAmount", gross)
    item = w.cac(node, "Item")
    w.cbc(item, "Name", line.description)
    _category(w, item, "ClassifiedTaxCategory", line.tax_category, line.tax_rate)
    price = w.cac(node, "Price")
    w.cbc(price, "PriceAmount", line.unit_price, currencyID=w.currency)
