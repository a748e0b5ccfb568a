"""The seller's trade register entry (Nr. Reg. Com., Registro Mercantil), printed on its documents."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0013_custom_fields_stamp')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Business',
            name='registration',
            field=fields.CharField(default='', db_default='', max_length=120),
        ),
    ]
