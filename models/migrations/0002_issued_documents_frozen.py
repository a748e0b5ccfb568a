from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='IssuedFile',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('business', fields.ForeignKeyField('models.Business', source_field='business_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('document', fields.OneToOneField('models.Document', source_field='document_id', db_constraint=True, to_field='id', related_name='issued_file', on_delete=OnDelete.RESTRICT)),
                ('pdf', fields.BinaryField()),
                ('pdf_sha256', fields.CharField(max_length=64)),
                ('xml', fields.TextField(null=True, unique=False)),
                ('xml_syntax', fields.CharField(null=True, max_length=16)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'issued_file', 'app': 'models', 'pk_attr': 'id', 'table_description': 'The exact bytes of an issued document, stored once so every copy sent is the same file.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Document',
            name='frozen_view',
            field=fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
    ]
