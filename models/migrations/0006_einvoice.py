from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0005_web_acceptance_evidence')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Business',
            name='embed_einvoice',
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.AddField(
            model_name='Business',
            name='payment_means',
            field=fields.CharField(default='transfer', db_default='transfer', max_length=16),
        ),
        ops.AddField(
            model_name='Document',
            name='client_reference',
            field=fields.CharField(default='', db_default='', max_length=100),
        ),
    ]
