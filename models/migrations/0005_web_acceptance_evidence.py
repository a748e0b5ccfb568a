from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0004_seller_address_tax_id_kinds_supply_dates')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Acceptance',
            name='certificate_pdf',
            field=fields.BinaryField(null=True),
        ),
        ops.AddField(
            model_name='Acceptance',
            name='document_sha256',
            field=fields.CharField(default='', db_default='', max_length=64),
        ),
        ops.AddField(
            model_name='Acceptance',
            name='ip_address',
            field=fields.CharField(default='', db_default='', max_length=45),
        ),
        ops.AddField(
            model_name='Acceptance',
            name='signature_png',
            field=fields.BinaryField(null=True),
        ),
        ops.AddField(
            model_name='Acceptance',
            name='user_agent',
            field=fields.CharField(default='', db_default='', max_length=500),
        ),
    ]
