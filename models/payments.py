"""Money received against an invoice; partial payments are rows that add up."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from models.documents import AMOUNT


class Payment(Model):
    id = fields.IntField(primary_key=True)
    business = fields.ForeignKeyField("models.Business", related_name="payments")
    invoice = fields.ForeignKeyField("models.Document", related_name="payments")
    amount = fields.DecimalField(**AMOUNT)
    currency = fields.CharField(max_length=3)
    paid_on = fields.DateField()
    method = fields.CharField(max_length=32, default="")
    reference = fields.CharField(max_length=200, default="")
    note = fields.TextField(default="")
    created_by = fields.ForeignKeyField(
        "models.User", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "payment"
