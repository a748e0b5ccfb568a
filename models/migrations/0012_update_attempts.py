"""Webhook updates count their runs, so one that keeps killing workers is given up."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0011_client_search_scoped')]

    initial = False

    operations = [
        ops.AddField(
            model_name='TelegramUpdate',
            name='attempts',
            field=fields.SmallIntField(default=0, db_default=0),
        ),
    ]
