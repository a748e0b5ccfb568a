"""Proposals, invoices and credit notes in one table, a kind, ordered lines and a status history.

One table because they share numbering, totals, rendering and mailing; the kind decides which
statuses and links are legal (see billing/). Money columns hold Decimal with enough places for
3-decimal currencies; quantities and unit prices keep more so that a price like 0.0125 survives.
"""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

AMOUNT = {"max_digits": 20, "decimal_places": 4}
PRECISE = {"max_digits": 24, "decimal_places": 6}
RATE = {"max_digits": 9, "decimal_places": 4}


class DocumentKind(StrEnum):
    PROPOSAL = "proposal"
    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"


class DocumentStatus(StrEnum):
    DRAFT = "draft"
    ISSUED = "issued"
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    PARTIALLY_PAID = "partially_paid"
    PAID = "paid"
    OVERDUE = "overdue"
    CREDITED = "credited"
    CANCELLED = "cancelled"


class Document(Model):
    id = fields.IntField(primary_key=True)
    business = fields.ForeignKeyField("models.Business", related_name="documents")
    client = fields.ForeignKeyField("models.Client", related_name="documents")
    kind = fields.CharEnumField(DocumentKind)
    status = fields.CharEnumField(DocumentStatus, default=DocumentStatus.DRAFT)
    # Null while a draft: a number is taken only in the transaction that issues the document.
    number = fields.CharField(max_length=64, null=True)
    sequence_value = fields.IntField(null=True)
    currency = fields.CharField(max_length=3)
    language = fields.CharField(max_length=8, default="en")
    issue_date = fields.DateField(null=True)
    due_date = fields.DateField(null=True)
    valid_until = fields.DateField(null=True)
    # Art. 226(7): the date of supply, or the first day of a supply period ending supply_end_date.
    # Empty when it is the issue date.
    supply_date = fields.DateField(null=True)
    supply_end_date = fields.DateField(null=True)
    notes = fields.TextField(default="")
    terms = fields.TextField(default="")
    # The client's purchase order number or reference (EN 16931 BT-10 and BT-13).
    client_reference = fields.CharField(max_length=100, default="", db_default="")
    # Frozen copies of who was who at issue time: later edits to the client never rewrite history.
    seller_snapshot = fields.JSONField(default=dict)
    client_snapshot = fields.JSONField(default=dict)
    # Everything the issued document prints (billing.documents.frozen), written once at issue.
    frozen_view = fields.JSONField(null=True)
    net = fields.DecimalField(**AMOUNT, default=0)
    tax = fields.DecimalField(**AMOUNT, default=0)
    total = fields.DecimalField(**AMOUNT, default=0)
    amount_paid = fields.DecimalField(**AMOUNT, default=0)
    # On an invoice: what issued credit notes took off what the client owes (VAT included).
    credited = fields.DecimalField(**AMOUNT, default=0, db_default=0)
    # One row per (category, rate): [{"category": "S", "rate": "21", "taxable": "1", "tax": "0.21"}]
    tax_breakdown = fields.JSONField(default=list)
    # [{"label": "IRPF", "rate": "15", "base": "100.00", "amount": "15.00"}]: withheld by the buyer
    withholdings = fields.JSONField(default=list, db_default=[])
    withheld = fields.DecimalField(**AMOUNT, default=0, db_default=0)
    # Business currency per unit of the document currency, owner-entered (Art. 230).
    exchange_rate = fields.DecimalField(**PRECISE, null=True)
    # A simplified invoice (no buyer details required), numbered in its own series.
    simplified = fields.BooleanField(default=False, db_default=False)
    credit_reason = fields.TextField(default="", db_default="")
    # What a credit note returns beyond the invoice's open balance: a refund owed or client credit.
    refund_amount = fields.DecimalField(**AMOUNT, default=0, db_default=0)
    refund_kind = fields.CharField(max_length=16, default="", db_default="")
    converted_from = fields.OneToOneField(
        "models.Document", related_name="converted_to", null=True, on_delete=fields.RESTRICT
    )
    credited_invoice = fields.ForeignKeyField(
        "models.Document", related_name="credit_notes", null=True, on_delete=fields.RESTRICT
    )
    created_by = fields.ForeignKeyField(
        "models.User", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    issued_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "document"
        unique_together = (("business", "kind", "number"),)


class DocumentLine(Model):
    id = fields.IntField(primary_key=True)
    business = fields.ForeignKeyField("models.Business", related_name=False)
    document = fields.ForeignKeyField("models.Document", related_name="lines")
    position = fields.IntField()
    description = fields.TextField()
    quantity = fields.DecimalField(**PRECISE)
    unit = fields.CharField(max_length=32, default="")
    unit_price = fields.DecimalField(**PRECISE)
    discount_percent = fields.DecimalField(**RATE, default=0)
    tax_rate = fields.DecimalField(**RATE, default=0)
    tax_category = fields.CharField(max_length=2, default="S", db_default="S")
    net = fields.DecimalField(**AMOUNT)

    class Meta:
        table = "document_line"
        unique_together = (("document", "position"),)
        ordering = ["position"]


class IssuedFile(Model):
    """The exact bytes of an issued document, stored once so every copy sent is the same file."""

    id = fields.IntField(primary_key=True)
    business = fields.ForeignKeyField("models.Business", related_name=False)
    document = fields.OneToOneField(
        "models.Document", related_name="issued_file", on_delete=fields.RESTRICT
    )
    pdf = fields.BinaryField()
    pdf_sha256 = fields.CharField(max_length=64)
    # The structured e-invoice (CII or UBL) when the business embeds one.
    xml = fields.TextField(null=True)
    xml_syntax = fields.CharField(max_length=16, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "issued_file"


class StatusChange(Model):
    """Why and by whom a document moved from one status to another."""

    id = fields.IntField(primary_key=True)
    business = fields.ForeignKeyField("models.Business", related_name=False)
    document = fields.ForeignKeyField("models.Document", related_name="history")
    from_status = fields.CharEnumField(DocumentStatus, null=True)
    to_status = fields.CharEnumField(DocumentStatus)
    source = fields.CharField(max_length=32, default="chat")  # chat | email | system | owner
    note = fields.TextField(default="")
    user = fields.ForeignKeyField(
        "models.User", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "status_change"
        ordering = ["at", "id"]
