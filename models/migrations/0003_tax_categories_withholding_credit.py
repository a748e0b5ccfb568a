from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0002_issued_documents_frozen')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Business',
            name='default_tax_category',
            field=fields.CharField(default='S', db_default='S', max_length=2),
        ),
        ops.AddField(
            model_name='Business',
            name='simplified_number_format',
            field=fields.CharField(default='FS-{year}-{seq:04}', db_default='FS-{year}-{seq:04}', max_length=64),
        ),
        ops.AddField(
            model_name='Business',
            name='withholdings',
            field=fields.JSONField(default=list, db_default=[], encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
        ops.AddField(
            model_name='Client',
            name='tax_category',
            field=fields.CharField(default='', db_default='', max_length=2),
        ),
        ops.AddField(
            model_name='Client',
            name='withholding',
            field=fields.BooleanField(null=True),
        ),
        ops.AddField(
            model_name='Document',
            name='credit_reason',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
        ops.AddField(
            model_name='Document',
            name='credited',
            field=fields.DecimalField(default=0, db_default=0, max_digits=20, decimal_places=4),
        ),
        ops.AddField(
            model_name='Document',
            name='exchange_rate',
            field=fields.DecimalField(null=True, max_digits=24, decimal_places=6),
        ),
        ops.AddField(
            model_name='Document',
            name='refund_amount',
            field=fields.DecimalField(default=0, db_default=0, max_digits=20, decimal_places=4),
        ),
        ops.AddField(
            model_name='Document',
            name='refund_kind',
            field=fields.CharField(default='', db_default='', max_length=16),
        ),
        ops.AddField(
            model_name='Document',
            name='simplified',
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.AddField(
            model_name='Document',
            name='withheld',
            field=fields.DecimalField(default=0, db_default=0, max_digits=20, decimal_places=4),
        ),
        ops.AddField(
            model_name='Document',
            name='withholdings',
            field=fields.JSONField(default=list, db_default=[], encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
        ops.AddField(
            model_name='DocumentLine',
            name='tax_category',
            field=fields.CharField(default='S', db_default='S', max_length=2),
        ),
    ]
