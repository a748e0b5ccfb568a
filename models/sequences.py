"""Counters behind gapless document numbers, one row per business, series and period."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class Sequence(Model):
    id = fields.IntField(primary_key=True)
    business = fields.ForeignKeyField("models.Business", related_name="sequences")
    series = fields.CharField(max_length=32)  # the document kind
    period = fields.CharField(max_length=8)  # "2026" with yearly reset, "all" without
    next_value = fields.IntField(default=1)

    class Meta:
        table = "sequence"
        unique_together = (("business", "series", "period"),)
