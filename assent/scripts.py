"""Read-only commands for scripts: clients (and later documents) as JSON or plain lines."""

from __future__ import annotations

import argparse
import json
from typing import Any

from assent.db import database
from assent.settings import Settings
from models import Client


async def client_json(client: Client) -> dict[str, Any]:
    await client.fetch_related("categories", "contacts", "custom_values__field")
    return {
        "id": client.id,
        "business_id": client.business_id,
        "kind": client.kind.value,
        "display_name": client.display_name,
        "legal_name": client.legal_name,
        "email": client.email,
        "phone": client.phone,
        "tax_id": client.tax_id,
        "business_line": client.business_line,
        "payment_method": client.payment_method,
        "currency": client.currency,
        "language": client.language,
        "billing_address": {
            "street": client.billing_street,
            "city": client.billing_city,
            "postcode": client.billing_postcode,
            "country": client.billing_country,
        },
        "shipping_address": {
            "street": client.shipping_street,
            "city": client.shipping_city,
            "postcode": client.shipping_postcode,
            "country": client.shipping_country,
        },
        "categories": sorted(category.name for category in client.categories),
        "contacts": [
            {"name": c.name, "email": c.email, "phone": c.phone, "primary": c.is_primary}
            for c in client.contacts
        ],
        "custom_fields": {value.field.name: value.value for value in client.custom_values},
        "archived": client.archived,
        "created_at": client.created_at.isoformat(),
    }


async def clients_command(settings: Settings, args: argparse.Namespace) -> int:
    async with database(settings.database.url):
        if args.clients_command == "show":
            client = await Client.get_or_none(id=args.client_id)
            if client is None:
                print(f"assent: no client {args.client_id}")
                return 1
            data = await client_json(client)
            print(json.dumps(data, ensure_ascii=False, indent=2) if args.json else _line(data))
            return 0
        queryset = Client.all().order_by("business_id", "display_name")
        if args.business:
            queryset = queryset.filter(business_id=args.business)
        rows = [await client_json(client) for client in await queryset]
        if args.json:
            print(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            for row in rows:
                print(_line(row))
    return 0


def _line(row: dict[str, Any]) -> str:
    return f"{row['id']}\t{row['display_name']}\t{row['email']}\t{row['phone']}"
