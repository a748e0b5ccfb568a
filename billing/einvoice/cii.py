"""A frozen DocumentView → UN/CEFACT CII XML, EN 16931 profile (what Factur-X embeds).

Built with drafthorse, which orders the elements as the D16B schema wants and checks the result
against the Factur-X EN 16931 XSD it ships. Only the view is read: what the XML says is what the
PDF printed at issue. Mapping choices EN 16931 leaves open:

- A credit note (381) states positive amounts: our credit notes negate the invoice's lines, so
  every amount and quantity is turned back to positive, and the corrected invoice is BT-25/26.
- A line discount is a line allowance (BG-27) of quantity × price − net, with its percentage.
- Withholding (IRPF, ISR) has no element in EN 16931: it is neither an allowance (that would lower
  the VAT base) nor a prepaid amount (nothing was paid). The XML states the invoice total as due
  (BR-CO-16) and says the withholding and the payable amount in a note (BT-22) and the payment
  terms (BT-20), as the printed invoice does.
- Another accounting currency (Art. 230): BT-6 and the VAT total in it (BT-111); the exchange
  rate has no EN 16931 element, so it is a note.
"""

from __future__ import annotations

from decimal import Decimal

from drafthorse.models.accounting import ApplicableTradeTax, TradeAllowanceCharge
from drafthorse.models.document import Document
from drafthorse.models.note import IncludedNote
from drafthorse.models.party import TaxRegistration, TradeParty
from drafthorse.models.payment import PaymentMeans, PaymentTerms
from drafthorse.models.tradelines import LineItem

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

CII = "cii"  # IssuedFile.xml_syntax of this XML
EN16931 = "urn:cen.eu:en16931:2017"
INVOICE, CREDIT_NOTE = "380", "381"
ADDRESS_LINES = ("line_one", "line_two", "line_three")


def build_cii(view: DocumentView) -> bytes:
    """The CII XML of an issued invoice or credit note (checked against the Factur-X XSD)."""
    if view.number is None or view.kind == "proposal":
        raise ValueError("only issued invoices and credit notes have an e-invoice")
    sign = document_sign(view)
    doc = Document()
    doc.context.guideline_parameter.id = EN16931
    doc.header.id = view.number
    doc.header.type_code = CREDIT_NOTE if view.kind == "credit_note" else INVOICE
    doc.header.issue_date_time = view.issue_date
    for text in notes(view):
        note = IncludedNote()
        note.content = text
        doc.header.notes.add(note)
    vat_ids = not not_subject(view)
    agreement = doc.trade.agreement
    if view.buyer_reference:
        agreement.buyer_reference = view.buyer_reference
    _party(agreement.seller, view.seller, seller=True, vat_ids=vat_ids)
    _party(agreement.buyer, view.buyer, seller=False, vat_ids=vat_ids)
    if view.order_reference:
        agreement.buyer_order.issuer_assigned_id = view.order_reference
    _delivery(doc, view)
    _settlement(doc, view, sign)
    for index, line in enumerate(view.lines, start=1):
        doc.trade.items.add(_line(index, line, sign, view.currency))
    return doc.serialize(schema="FACTUR-X_EN16931")


def _party(party: TradeParty, view: PartyView, *, seller: bool, vat_ids: bool) -> None:
    party.name = view.legal_name or view.name
    address = party.address
    if view.postcode:
        address.postcode = view.postcode
    for field, text in zip(ADDRESS_LINES, street_lines(view), strict=False):  # at most three
        setattr(address, field, text)
    if view.city:
        address.city_name = view.city
    address.country_id = view.country_code
    if view.region:
        address.country_subdivision = view.region
    if view.email:
        party.electronic_address.uri_ID = ("EM", view.email)
    vat_id, tax_number, legal_id = party_ids(view, seller=seller, vat_ids=vat_ids)
    if legal_id:
        party.legal_organization.id = legal_id
    if vat_id:
        party.tax_registrations.add(TaxRegistration(id=("VA", vat_id)))
    if tax_number:
        party.tax_registrations.add(TaxRegistration(id=("FC", tax_number)))


def _delivery(doc: Document, view: DocumentView) -> None:
    """Supply date (BT-72) or period (BG-14); intra-EU supplies also need the country (BT-80)."""
    if view.supply_date and view.supply_end_date:
        period = doc.trade.settlement.period
        period.start = view.supply_date
        period.end = view.supply_end_date
    elif view.supply_date or any(t.category == "K" for t in view.taxes):
        doc.trade.delivery.event.occurrence = view.supply_date or view.issue_date
    if any(t.category == "K" for t in view.taxes):
        doc.trade.delivery.ship_to.address.country_id = view.buyer.country_code


def _settlement(doc: Document, view: DocumentView, sign: int) -> None:
    settlement = doc.trade.settlement
    if view.kind == "invoice":
        settlement.payment_reference = view.number
    settlement.currency_code = view.currency
    foreign = foreign_tax_currency(view)
    if foreign:
        settlement.tax_currency_code = view.accounting_currency
    if view.bank is not None and view.kind == "invoice":
        means = PaymentMeans()
        means.type_code = view.bank.payment_means_code
        if view.bank.iban:
            means.payee_account.iban = view.bank.iban.replace(" ", "")
        if view.bank.bic:
            means.payee_institution.bic = view.bank.bic
        settlement.payment_means.add(means)
    for tax in view.taxes:
        settlement.trade_tax.add(_breakdown(tax, sign))
    terms = PaymentTerms()
    terms.description = terms_text(view)
    if view.due_date and view.kind == "invoice":
        terms.due = view.due_date
    settlement.terms.add(terms)
    totals = settlement.monetary_summation
    line_total = sum((line.net for line in view.lines), Decimal(0))
    totals.line_total = amount(sign * line_total)
    totals.charge_total = amount(Decimal(0))
    totals.allowance_total = amount(Decimal(0))
    totals.tax_basis_total = (amount(sign * view.net), None)
    totals.tax_total = (amount(sign * view.tax), view.currency)
    if foreign and view.tax_in_accounting_currency is not None:
        totals.tax_total_other_currency.add(
            (amount(sign * view.tax_in_accounting_currency), view.accounting_currency)
        )
    totals.grand_total = (amount(sign * view.total), None)
    totals.due_amount = amount(sign * view.total)
    if view.kind == "credit_note" and view.credited_invoice_number:
        reference = settlement.invoice_referenced_document
        reference.issuer_assigned_id = view.credited_invoice_number
        if view.credited_invoice_date:
            reference.issue_date_time = view.credited_invoice_date


def _breakdown(tax: TaxView, sign: int) -> ApplicableTradeTax:
    trade_tax = ApplicableTradeTax()
    trade_tax.calculated_amount = amount(sign * tax.tax)
    trade_tax.type_code = "VAT"
    if tax.category not in NO_REASON:
        if tax.exemption_reason:
            trade_tax.exemption_reason = tax.exemption_reason
        if tax.exemption_code:
            trade_tax.exemption_reason_code = tax.exemption_code
    trade_tax.basis_amount = amount(sign * tax.taxable)
    trade_tax.category_code = tax.category
    if tax.category not in NO_RATE:
        trade_tax.rate_applicable_percent = tax.rate
    return trade_tax


def _line(index: int, line: LineView, sign: int, currency: str) -> LineItem:
    item = LineItem()
    item.document.line_id = str(index)
    item.product.name = line.description
    item.agreement.net.amount = line.unit_price
    quantity = sign * line.quantity
    item.delivery.billed_quantity = (quantity, line.unit_code)
    net = amount(sign * line.net)
    gross, discount = line_allowance(line, sign, currency)
    if discount:
        allowance = TradeAllowanceCharge()
        allowance.indicator = False
        allowance.calculation_percent = line.discount_percent
        allowance.basis_amount = gross
        allowance.actual_amount = discount
        allowance.reason = "Discount"
        item.settlement.allowance_charge.add(allowance)
    tax = item.settlement.trade_tax
    tax.type_code = "VAT"
    tax.category_code = line.tax_category
    if line.tax_category not in NO_RATE:
        tax.rate_applicable_percent = line.tax_rate
    item.settlement.monetary_summation.total_amount = net
    return item
