"""Why a change to a business's settings was refused."""

from __future__ import annotations

from billing.errors import BillingError


class InvalidSetting(BillingError, ValueError):
    """A setting's value breaks its rule; `params["field"]` names the setting."""

    key = "setting_invalid"


class InvalidBrandColour(InvalidSetting):
    """The brand colour is not # and six hexadecimal digits."""

    key = "brand_colour_invalid"


class InvalidDays(InvalidSetting):
    """Payment terms or proposal validity outside 0 to 365 days."""

    key = "days_out_of_range"


class NumberingWouldRepeat(InvalidSetting):
    """Numbers restart every year but a format lacks {year}: next year would repeat this year's."""

    key = "numbering_would_repeat"
