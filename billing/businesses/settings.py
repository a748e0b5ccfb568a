"""Changing how a business bills after setup: checked by the rules numbering and taxes need.

Issued documents keep their numbers whatever changes here: a number is stored on the document
when it is issued, and formats only shape numbers taken later. What this module guards is the
future: a format that would repeat numbers is refused, and switching the yearly restart on or off
carries the counters over instead of starting again at 1.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from string import Formatter
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from billing.audit import record
from billing.businesses.clock import country_zones, default_zone, is_zone, today_for
from billing.businesses.errors import (
    InvalidBrandColour,
    InvalidDays,
    InvalidSetting,
    NumberingWouldRepeat,
)
from billing.documents.errors import InvalidNumberFormat
from billing.einvoice.payment import PAYMENT_MEANS
from billing.errors import InvalidAmount, InvalidTaxRate
from billing.money import parse_percent
from billing.numbering import SIMPLIFIED_SERIES, period_for, validate_format
from billing.tax_categories import CATEGORIES
from billing.tax_ids import InvalidTaxId, parse_tax_id
from models import AcceptancePolicy, Business, DocumentKind, Sequence, User

TEXT_FIELDS = (
    "name",
    "legal_name",
    "street",
    "city",
    "postcode",
    "region",
    "country",
    "tax_id",
    "registration",
    "email",
    "phone",
    "bank_details",
)
NUMBER_FORMATS = {
    "invoice_number_format": DocumentKind.INVOICE,
    "proposal_number_format": DocumentKind.PROPOSAL,
    "credit_note_number_format": DocumentKind.CREDIT_NOTE,
}
DAY_FIELDS = ("payment_terms_days", "proposal_validity_days")
FLAG_FIELDS = ("numbering_reset_yearly", "send_welcome_email", "embed_einvoice")
EDITABLE = frozenset(
    {
        *TEXT_FIELDS,
        *NUMBER_FORMATS,
        *DAY_FIELDS,
        *FLAG_FIELDS,
        "default_tax_rates",
        "brand_colour",
        "acceptance_policy",
        "payment_means",
        "default_tax_category",
        "withholdings",
        "timezone",
    }
)
NO_WITHHOLDING = frozenset({"none", "no", "ninguna", "ninguno", "0", "-"})
MAX_WITHHOLDINGS = 3
MAX_DAYS = 365
MAX_FORMAT_LENGTH = 40  # leaves room within the 64-character number for long sequence values
_COLOUR = re.compile(r"#?([0-9a-f]{6})")
# ", " or ";" or spaces between rates, so "10,5" stays one rate (ten and a half).
_RATE_SEPARATORS = re.compile(r"\s*;\s*|,\s+|\s+")


def parse_tax_rates(text: str) -> list[str]:
    """Read "21, 10, 4, 0" as ["21", "10", "4", "0"]: the rates new documents offer, in order."""
    rates: list[str] = []
    for item in filter(None, _RATE_SEPARATORS.split(text.strip())):
        try:
            rate = parse_percent(item)
        except InvalidAmount:
            raise InvalidTaxRate(
                "tax_rate_unreadable", field="default_tax_rates", rate=item
            ) from None
        if not Decimal(0) <= rate <= Decimal(100):
            raise InvalidTaxRate("tax_rate_out_of_range", field="default_tax_rates", rate=item)
        plain = f"{rate.normalize():f}"
        if plain not in rates:
            rates.append(plain)
    if not rates:
        raise InvalidTaxRate("tax_rate_unreadable", field="default_tax_rates", rate=text)
    return rates


def parse_withholdings(text: str) -> list[dict[str, str]]:
    """Read "IRPF 15" or "ISR 10; IVA 10.6667" as [{"label": "IRPF", "rate": "15"}, …].

    A withholding is a positive rate below 100 with a short name; "none" clears the list.
    Negative rates are refused here as they are for VAT: a withholding is its own tax kind.
    """
    if text.strip().lower() in NO_WITHHOLDING:
        return []
    found: list[dict[str, str]] = []
    for item in filter(None, (part.strip() for part in re.split(r";|,\s+", text))):
        match = re.fullmatch(r"([^\W\d_][\w.\- ]{0,15}?)\s*(-?[\d.,]+)\s*%?", item)
        if match is None:
            raise InvalidTaxRate("withholding_unreadable", field="withholdings", rate=item)
        try:
            rate = parse_percent(match[2])
        except InvalidAmount:
            refused = InvalidTaxRate("withholding_unreadable", field="withholdings", rate=item)
            raise refused from None
        if not Decimal(0) < rate < Decimal(100):
            raise InvalidTaxRate("tax_rate_out_of_range", field="withholdings", rate=match[2])
        found.append({"label": match[1].strip(), "rate": f"{rate.normalize():f}"})
    if not found or len(found) > MAX_WITHHOLDINGS:
        raise InvalidTaxRate("withholding_unreadable", field="withholdings", rate=text)
    return found


def parse_brand_colour(text: str) -> str:
    """Read "#1F4E79" or "1f4e79" as "#1f4e79", the form documents are rendered with."""
    match = _COLOUR.fullmatch(text.strip().lower())
    if match is None:
        raise InvalidBrandColour(field="brand_colour", colour=text)
    return "#" + match.group(1)


def check_number_format(field: str, fmt: str, *, yearly: bool) -> str:
    """A format that can never give the same number twice under this business's restart rule."""
    fmt = fmt.strip()
    try:
        validate_format(fmt)
    except InvalidNumberFormat:
        raise InvalidNumberFormat(field=field, fmt=fmt) from None
    if len(fmt) > MAX_FORMAT_LENGTH:
        raise InvalidNumberFormat(field=field, fmt=fmt)
    names = {name for _, name, _, _ in Formatter().parse(fmt) if name is not None}
    if yearly and "year" not in names:
        raise NumberingWouldRepeat(field=field, fmt=fmt)
    return fmt


def check_days(field: str, days: int) -> int:
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_DAYS:
        raise InvalidDays(field=field, days=days, max=MAX_DAYS)
    return days


def changed_fields(business: Business, changes: Mapping[str, Any]) -> dict[str, Any]:
    """The checked, normalized changes that differ from what the business has now."""
    unknown = set(changes) - EDITABLE
    if unknown:
        raise KeyError(f"not business settings: {sorted(unknown)}")
    values = {key: _normalized(key, value) for key, value in changes.items()}
    if values.keys() & {"tax_id", "country"}:
        country = values.get("country", business.country)
        values.update(seller_tax_id(values.get("tax_id", business.tax_id), country))
    if values.get("country", business.country) != business.country:
        # A move to a country with one clock takes that clock, unless a zone of it was given.
        zone = values.get("timezone", business.timezone)
        if zone not in country_zones(values["country"]):
            values["timezone"] = default_zone(values["country"]) or zone
    yearly = values.get("numbering_reset_yearly", business.numbering_reset_yearly)
    for field in NUMBER_FORMATS:  # a format that was fine may repeat once restarts go yearly
        check_number_format(field, values.get(field, getattr(business, field)), yearly=yearly)
    return {key: value for key, value in values.items() if getattr(business, key) != value}


def seller_tax_id(tax_id: str, country: str) -> dict[str, str]:
    """The seller's tax ID as it must print (an EU VAT ID with its prefix) and its kind."""
    if not tax_id:
        return {"tax_id": "", "tax_id_kind": ""}
    try:
        parsed = parse_tax_id(tax_id, country, seller=True)
    except InvalidTaxId as error:
        raise InvalidTaxId(error.key, field="tax_id", country=country) from None
    return {"tax_id": parsed.number, "tax_id_kind": parsed.kind}


async def update_business(
    business: Business, changes: Mapping[str, Any], user: User | None
) -> Business:
    """Apply the changes in one audited transaction; `business` is updated in place too."""
    async with in_transaction() as connection:
        row = await Business.filter(id=business.id).using_db(connection).select_for_update().get()
        changed = changed_fields(row, changes)
        if not changed:
            return row
        if "numbering_reset_yearly" in changed:
            await _carry_counters(row, changed["numbering_reset_yearly"], connection)
        before = {key: getattr(row, key) for key in changed}
        for key, value in changed.items():
            setattr(row, key, value)
            setattr(business, key, value)
        await row.save(using_db=connection, update_fields=list(changed))
        await record(row, user, "business.update", row, before=before, after=changed)
    return row


def _normalized(key: str, value: Any) -> Any:
    if key in TEXT_FIELDS:
        text = str(value).strip()
        if key == "name" and not text:
            raise InvalidSetting(field=key)
        return text
    if key in DAY_FIELDS:
        return check_days(key, value)
    if key in FLAG_FIELDS:
        if not isinstance(value, bool):
            raise TypeError(f"{key} must be a bool, not {type(value).__name__}")
        return value
    if key == "default_tax_rates":
        return parse_tax_rates("; ".join(map(str, value)))
    if key == "brand_colour":
        return parse_brand_colour(value)
    if key == "timezone":
        if not is_zone(value):
            raise InvalidSetting(field=key, value=value)
        return value
    if key == "payment_means":
        if value not in PAYMENT_MEANS:
            raise InvalidSetting(field=key, value=value)
        return value
    if key == "withholdings":
        return parse_withholdings("; ".join(f"{w['label']} {w['rate']}" for w in value) or "none")
    if key == "default_tax_category":
        if value not in CATEGORIES:
            raise InvalidSetting(field=key, value=value)
        return value
    if key == "acceptance_policy":
        try:
            return AcceptancePolicy(value)
        except ValueError:
            raise InvalidSetting(field=key, value=value) from None
    return str(value).strip()  # a number format, checked with the final restart rule


async def _carry_counters(business: Business, yearly: bool, connection: BaseDBAsyncClient) -> None:
    """The counter of the new period starts where the current one is, never lower.

    Otherwise turning the yearly restart on in June would start this year's counter at 1 and
    hand out numbers already issued since January.
    """
    today = today_for(business)
    old_period = period_for(business, today)
    new_period = str(today.year) if yearly else "all"
    for series in (*(kind.value for kind in DocumentKind), SIMPLIFIED_SERIES):
        old = (
            await Sequence.filter(business=business, series=series, period=old_period)
            .using_db(connection)
            .select_for_update()
            .first()
        )
        if old is None:
            continue
        new = (
            await Sequence.filter(business=business, series=series, period=new_period)
            .using_db(connection)
            .first()
        )
        if new is None:
            await Sequence.create(
                business=business,
                series=series,
                period=new_period,
                next_value=old.next_value,
                using_db=connection,
            )
        elif new.next_value < old.next_value:
            new.next_value = old.next_value
            await new.save(using_db=connection, update_fields=["next_value"])
