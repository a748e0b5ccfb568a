"""Which country a newly read client most likely is in, when their details do not name one.

A client without a country cannot receive an e-invoice (EN 16931 BT-55), and a quick add
("Name, email, phone") never names one, so the new-client summary proposes one for the owner
to confirm or correct. The evidence, strongest first: a country the text names (the reader
also takes it from a foreign EU VAT number's prefix), the country of a phone written with its
international prefix, the country domain of the email or website; failing all, the owner's own
country, where most small businesses' clients are.
"""

from __future__ import annotations

import phonenumbers

from billing.clients.intake.draft import ContactDraft
from billing.clients.intake.parse import domain_countries


def likely_country(draft: ContactDraft, home: str) -> str:
    if draft.country:
        return draft.country
    if draft.phone.startswith("+"):
        try:
            region = phonenumbers.region_code_for_number(phonenumbers.parse(draft.phone))
        except phonenumbers.NumberParseException:
            region = None
        if region and region != "001":  # 001: a non-geographic number (satellite, UIFN)
            return region
    domains = domain_countries(f"{draft.email} {draft.website}")
    return domains[0] if domains else home
