from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0006_einvoice')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Client',
            name='name_spellings',
            field=fields.CharField(default='', db_default='', max_length=500),
        ),
        ops.AddField(
            model_name='Contact',
            name='name_spellings',
            field=fields.CharField(default='', db_default='', max_length=500),
        ),
    ]
