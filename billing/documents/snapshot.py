"""The parties as they were at issue time, frozen onto the document as Art. 226 wants them."""

from __future__ import annotations

from typing import Any

from models import Business, Client, Document


def seller_snapshot(business: Business) -> dict[str, Any]:
    return {
        "name": business.name,
        "legal_name": business.legal_name or business.name,
        "street": business.street,
        "city": business.city,
        "postcode": business.postcode,
        "region": business.region,
        "country": business.country,
        "tax_id": business.tax_id,
        "tax_id_kind": business.tax_id_kind,
        "registration": business.registration,
        "email": business.email,
        "phone": business.phone,
        "bank_details": business.bank_details,
    }


def client_snapshot(client: Client) -> dict[str, Any]:
    return {
        "name": client.display_name,
        "legal_name": client.legal_name or client.display_name,
        "street": client.billing_street,
        "city": client.billing_city,
        "postcode": client.billing_postcode,
        "country": client.billing_country,
        "tax_id": client.tax_id,
        "tax_id_kind": client.tax_id_kind,
        "email": client.email,
        "phone": client.phone,
    }


def issued_bank_details(document: Document, business: Business) -> str:
    """The bank details printed on an issued document: an email or reminder about it must quote
    the account the client was told to pay, not one the owner set up after issue."""
    snapshot = document.seller_snapshot or {}
    return str(snapshot.get("bank_details", business.bank_details)).strip()
