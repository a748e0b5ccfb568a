"""Upgrading keeps the seller address an owner typed as free text: it is split, not dropped."""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise import Tortoise
from tortoise.migrations.api import migrate as tortoise_migrate

from assent.db import close_database, migrate, open_database, tortoise_config
from models import Business

BEFORE = "models.0003_tax_categories_withholding_credit"
# A business row as the schema before the split had it (defaults are set by the models, not SQL).
OLD_ROW = {
    "legal_name": "",
    "country": "ES",
    "tax_id": "",
    "email": "",
    "phone": "",
    "currency": "EUR",
    "language": "es",
    "timezone": "UTC",
    "invoice_number_format": "INV-{year}-{seq:04}",
    "proposal_number_format": "P-{year}-{seq:04}",
    "credit_note_number_format": "CN-{year}-{seq:04}",
    "numbering_reset_yearly": True,
    "payment_terms_days": 30,
    "proposal_validity_days": 30,
    "default_tax_rates": "[]",
    "acceptance_policy": "draft",
    "bank_details": "",
    "brand_colour": "#1f4e79",
    "send_welcome_email": False,
    "default_tax_category": "S",
    "simplified_number_format": "FS-{year}-{seq:04}",
    "withholdings": "[]",
    "created_at": datetime(2026, 1, 1, tzinfo=UTC),
}
TYPED = {
    "Calle de Alcalá 42, 3º\n28014 Madrid": ("Calle de Alcalá 42, 3º", "28014", "Madrid", ""),
    "Av. Reforma 222\nCol. Juárez\n06600 Ciudad de México\nCDMX": (
        "Av. Reforma 222, Col. Juárez",
        "06600",
        "Ciudad de México",
        "CDMX",
    ),
    "10 Downing St\nLondon SW1A 2AA": ("10 Downing St", "SW1A 2AA", "London", ""),
    "Str. Lipscani 5, București": ("Str. Lipscani 5", "", "București", ""),
    "": ("", "", "", ""),
}


async def test_the_old_address_is_split_into_street_postcode_city_and_region(
    empty_url: str,
) -> None:
    config = tortoise_config(empty_url)
    await tortoise_migrate(config=config, target=BEFORE)
    await Tortoise.close_connections()
    await Tortoise.init(config=config)
    connection = Tortoise.get_connection(next(iter(config["connections"])))
    postgres = connection.capabilities.dialect == "postgres"
    for number, address in enumerate(TYPED):
        row = {**OLD_ROW, "name": f"Shop {number}", "address": address}
        marks = [f"${i}" if postgres else "?" for i in range(1, len(row) + 1)]
        columns = ", ".join(f'"{column}"' for column in row)
        await connection.execute_query(
            f'INSERT INTO "business" ({columns}) VALUES ({", ".join(marks)})', list(row.values())
        )
    await Tortoise.close_connections()

    await migrate(empty_url)
    await open_database(empty_url)
    try:
        rows = await Business.all().order_by("id")
        found = [(b.street, b.postcode, b.city, b.region) for b in rows]
    finally:
        await close_database()
    assert found == list(TYPED.values())
