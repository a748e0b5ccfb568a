"""Seller address in parts (the old free-text address is split, not lost), tax-ID kinds, and
the supply date or period of a document."""

import re
from typing import Any

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

_POSTCODE = re.compile(r"\b(\d{4,6}(?:-\d{3,4})?|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})\b")


def split_address(text: str) -> dict[str, str]:
    """Street, postcode, city and region read from a typed address ("Calle X 1\\n28014 Madrid").

    The line holding a postcode gives postcode and city; lines before it are the street, lines
    after it the region. Without a postcode, the last line is the city. Nothing is dropped.
    """
    lines = [line.strip(" ,") for line in text.replace(", ", "\n").splitlines() if line.strip(" ,")]
    if not lines:
        return {}
    found = next((i for i in range(len(lines) - 1, -1, -1) if _POSTCODE.search(lines[i])), None)
    if found is None or (found == 0 and len(lines) > 1):  # a house number, not a postcode
        street, city = (lines[:-1], lines[-1]) if len(lines) > 1 else (lines, "")
        return {"street": ", ".join(street), "city": city}
    match = _POSTCODE.search(lines[found])
    city = (lines[found][: match.start()] + lines[found][match.end() :]).strip(" ,")
    return {
        "street": ", ".join(lines[:found]),
        "postcode": match.group(1),
        "city": city,
        "region": ", ".join(lines[found + 1 :]),
    }


async def split_business_addresses(apps: Any, schema_editor: Any) -> None:
    client = schema_editor.client
    _, rows = await client.execute_query('SELECT "id", "address" FROM "business"')
    postgres = client.capabilities.dialect == "postgres"
    for row in rows:
        parts = split_address(row["address"] or "")
        if not parts:
            continue
        names = list(parts)
        marks = [f"${i}" if postgres else "?" for i in range(1, len(names) + 2)]
        assignments = ", ".join(f'"{name}" = {mark}' for name, mark in zip(names, marks))
        sql = f'UPDATE "business" SET {assignments} WHERE "id" = {marks[-1]}'
        await client.execute_query(sql, [*(parts[name][:200] for name in names), row["id"]])


class Migration(migrations.Migration):
    dependencies = [('models', '0003_tax_categories_withholding_credit')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Business',
            name='city',
            field=fields.CharField(default='', db_default='', max_length=100),
        ),
        ops.AddField(
            model_name='Business',
            name='postcode',
            field=fields.CharField(default='', db_default='', max_length=20),
        ),
        ops.AddField(
            model_name='Business',
            name='region',
            field=fields.CharField(default='', db_default='', max_length=100),
        ),
        ops.AddField(
            model_name='Business',
            name='street',
            field=fields.CharField(default='', db_default='', max_length=200),
        ),
        ops.AddField(
            model_name='Business',
            name='tax_id_kind',
            field=fields.CharField(default='', db_default='', max_length=16),
        ),
        ops.RunPython(split_business_addresses),
        ops.RemoveField(model_name='Business', name='address'),
        ops.AddField(
            model_name='Client',
            name='tax_id_kind',
            field=fields.CharField(default='', db_default='', max_length=16),
        ),
        ops.AddField(
            model_name='Document',
            name='supply_date',
            field=fields.DateField(null=True),
        ),
        ops.AddField(
            model_name='Document',
            name='supply_end_date',
            field=fields.DateField(null=True),
        ),
    ]
