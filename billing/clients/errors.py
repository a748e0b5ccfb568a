"""Why a client change was refused."""

from __future__ import annotations

from billing.errors import BillingError


class ClientNotFound(BillingError, LookupError):
    """No client with that id belongs to the acting business."""

    key = "client_not_found"


class CurrencyLocked(BillingError):
    """The currency of a client with issued documents was to change; their totals would mix."""

    key = "currency_locked"


class CategoryExists(BillingError):
    """A category of that name already exists in the business."""

    key = "category_exists"


class CustomFieldExists(BillingError):
    """A custom client field of that name already exists in the business."""

    key = "custom_field_exists"


class InvalidCustomField(BillingError, ValueError):
    """A custom field's name is empty or too long, or its choices do not fit its type."""

    key = "custom_field_invalid"
