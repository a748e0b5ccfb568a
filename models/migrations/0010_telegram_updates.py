from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0009_business_time_zone')]

    initial = False

    operations = [
        ops.CreateModel(
            name='TelegramUpdate',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('update_id', fields.BigIntField(unique=True)),
                ('chat_key', fields.CharField(max_length=64)),
                ('payload', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('received_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('done_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'telegram_update', 'app': 'models', 'indexes': [Index(fields=['chat_key', 'update_id'])], 'pk_attr': 'id', 'table_description': 'One webhook update kept until run, so any bot worker may run it (bot/shared_inbox.py).'},
            bases=['Model'],
        ),
    ]
