"""A business's own questions about its clients (Account manager, Sector), asked at registration."""

from __future__ import annotations

from collections.abc import Sequence

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from billing.audit import record
from billing.clients.errors import CustomFieldExists, InvalidCustomField
from models import Business, CustomField, CustomFieldType, CustomFieldValue, User
from models.business import new_stamp

MAX_NAME = 100
MAX_CHOICES = 20
MAX_CHOICE = 60  # a choice is a button label


def parse_choices(text: str) -> list[str]:
    """Read "Retail, Wholesale, Online" as the options of a choice field, each once, in order."""
    options: list[str] = []
    for part in text.split(","):
        option = " ".join(part.split())
        if option and option.casefold() not in {known.casefold() for known in options}:
            options.append(option)
    _check_choices(CustomFieldType.CHOICE, options)
    return options


def _check_choices(field_type: CustomFieldType, choices: Sequence[str]) -> None:
    if field_type != CustomFieldType.CHOICE:
        if choices:
            raise InvalidCustomField("custom_field_choices_unused")
        return
    if not 2 <= len(choices) <= MAX_CHOICES:
        raise InvalidCustomField("custom_field_choice_count", min=2, max=MAX_CHOICES)
    if any(not option or len(option) > MAX_CHOICE for option in choices):
        raise InvalidCustomField("custom_field_choice_length", max=MAX_CHOICE)


async def list_custom_fields(business: Business) -> list[CustomField]:
    """In the order the registration form asks them."""
    return await CustomField.filter(business=business).order_by("position", "id")


async def add_custom_field(
    business: Business,
    name: str,
    field_type: CustomFieldType,
    *,
    choices: Sequence[str] = (),
    required: bool = False,
    user: User | None = None,
) -> CustomField:
    """Asked after the built-in questions, after the fields added before it."""
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME:
        raise InvalidCustomField("custom_field_name_length", max=MAX_NAME)
    field_type = CustomFieldType(field_type)
    _check_choices(field_type, choices)
    if await CustomField.filter(business=business, name__iexact=name).exists():
        raise CustomFieldExists(name=name)  # two "Account manager" questions would confuse
    try:
        async with in_transaction():
            last = await CustomField.filter(business=business).order_by("-position").first()
            position = last.position + 1 if last else 1
            field = await CustomField.create(
                business=business,
                name=name,
                field_type=field_type,
                choices=list(choices),
                required=required,
                position=position,
            )
            after = {"name": name, "type": field_type.value, "required": required}
            await record(business, user, "custom_field.add", field, after=after)
            await changed_fields(business)
    except IntegrityError:
        raise CustomFieldExists(name=name) from None
    return field


async def changed_fields(business: Business) -> None:
    """Give the business a new custom fields stamp, inside the transaction that changes them:
    every process keeping the old list sees the new stamp on its next step and reads them
    afresh (flows/clients/custom_answers.py)."""
    business.custom_fields_stamp = new_stamp()
    await Business.filter(id=business.id).update(custom_fields_stamp=business.custom_fields_stamp)


async def answer_count(field: CustomField) -> int:
    """How many clients have an answer that deleting the field would lose."""
    return await CustomFieldValue.filter(field=field).exclude(value="").count()


async def delete_custom_field(
    business: Business, field_id: int, *, user: User | None = None
) -> CustomField:
    """The field and every client's answer to it go; the clients stay."""
    async with in_transaction():
        field = await CustomField.get(id=field_id, business=business)
        await CustomFieldValue.filter(field=field).delete()
        await field.delete()
        await record(business, user, "custom_field.delete", field, before={"name": field.name})
        await changed_fields(business)
    return field
