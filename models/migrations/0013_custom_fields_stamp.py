"""The stamp a dialog step reads with the business to know whether the custom client fields a
process keeps are still current (models/business.py): empty for a business without any, a
random value of its own for each business that has some."""

from typing import Any

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

from models.business import new_stamp


async def stamp_businesses_with_fields(apps: Any, schema_editor: Any) -> None:
    client = schema_editor.client
    postgres = client.capabilities.dialect == "postgres"
    mark = (lambda i: f"${i}") if postgres else (lambda i: "?")
    _, rows = await client.execute_query('SELECT DISTINCT "business_id" FROM "custom_field"')
    for row in rows:
        await client.execute_query(
            f'UPDATE "business" SET "custom_fields_stamp" = {mark(1)} WHERE "id" = {mark(2)}',
            [new_stamp(), row["business_id"]],
        )


class Migration(migrations.Migration):
    dependencies = [('models', '0012_update_attempts')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Business',
            name='custom_fields_stamp',
            field=fields.CharField(default='', db_default='', max_length=16),
        ),
        ops.RunPython(stamp_businesses_with_fields, ops.RunPython.noop),
    ]
