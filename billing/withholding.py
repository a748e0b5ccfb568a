"""Which withholdings a client's documents carry: the business's list, where it applies.

A Spanish freelancer's invoice to a company withholds IRPF (15 %, 7 % in the first years); a
Mexican business's to a company withholds ISR and IVA. Consumers withhold nothing, and neither
does a company abroad (it is not the business's tax agent), so the rule is: the client's own
on/off when set, else on for companies billed in the business's own country. The amounts follow
billing.totals rule 9.
"""

from __future__ import annotations

from decimal import Decimal

from billing.money import to_decimal
from models import Business, Client, ClientKind


def business_withholdings(business: Business) -> list[tuple[str, Decimal]]:
    """The business's configured (label, percent) pairs, e.g. [("IRPF", 15)]."""
    return [
        (str(entry["label"]), to_decimal(Decimal(str(entry["rate"])), "withholding_rate"))
        for entry in business.withholdings or []
    ]


def withholding_rates(business: Business, client: Client) -> list[tuple[str, Decimal]]:
    applies = client.withholding
    if applies is None:
        domestic = client.billing_country.upper() in ("", business.country.upper())
        applies = client.kind == ClientKind.COMPANY and domestic
    return business_withholdings(business) if applies else []
