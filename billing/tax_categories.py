"""VAT categories (EN 16931 / UNCL5305) and what each one must say on the document.

A rate alone says nothing about why a line carries 0 %: a reverse-charge service to a German
company, an export and an exempt medical service all print "0 %", and each needs its own legal
mention (Art. 226(11)/(11a) of the VAT Directive). So every line has a category; the breakdown is
keyed by (category, rate); the mention is printed in the document's language next to it; the
VATEX code goes into the e-invoice.
"""

from __future__ import annotations

from dataclasses import dataclass

STANDARD = "S"
# Ordered as the breakdown lists categories that share a rate.
CATEGORIES: tuple[str, ...] = ("S", "Z", "E", "AE", "K", "G", "O")
ZERO_RATED = frozenset(CATEGORIES) - {STANDARD}
# Categories where the buyer must be identified by its VAT ID (EN 16931 BR-AE-02, BR-IC-02).
BUYER_VAT_ID_REQUIRED = frozenset({"AE", "K"})

EU = frozenset(
    {
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
        "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
    }
)
# VAT ID prefixes that differ from the ISO country code.
VAT_PREFIX = {"GR": "EL"}


@dataclass(frozen=True)
class Mention:
    """The printed exemption reason (a "documents" msgid) and its VATEX code for the e-invoice."""

    text: str
    code: str


# Z (zero rated) has no exemption reason: EN 16931 BR-Z-10 forbids one.
MENTIONS: dict[str, Mention] = {
    "E": Mention("Exempt from VAT", "VATEX-EU-132"),
    "AE": Mention("Reverse charge", "VATEX-EU-AE"),
    "K": Mention("Intra-community supply exempt from VAT", "VATEX-EU-IC"),
    "G": Mention("Export outside the EU, exempt from VAT", "VATEX-EU-G"),
    "O": Mention("Not subject to VAT", "VATEX-EU-O"),
}
MENTION_LABELS = {mention.text for mention in MENTIONS.values()}


def vat_country(tax_id: str) -> str:
    """The member state a VAT ID belongs to ("DE123…" → "DE", "EL…" → "GR"), or ""."""
    prefix = tax_id.strip().upper()[:2]
    if not prefix.isalpha():
        return ""
    prefix = {value: key for key, value in VAT_PREFIX.items()}.get(prefix, prefix)
    return prefix if prefix in EU else ""


def suggested_category(
    *,
    seller_country: str,
    buyer_tax_id: str,
    buyer_is_company: bool,
    configured: str = "",
    business_default: str = STANDARD,
) -> str:
    """The category new lines get for a buyer: the client's own setting, else reverse charge
    for an EU business buyer whose VAT ID is from another member state, else the business's."""
    if configured in CATEGORIES:
        return configured
    seller = seller_country.upper()
    buyer_state = vat_country(buyer_tax_id)
    if buyer_is_company and seller in EU and buyer_state not in ("", seller):
        return "AE"
    return business_default if business_default in CATEGORIES else STANDARD
