"""Client categories: the owner's own grouping, used for filters and reports."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.functions import Count
from tortoise.transactions import in_transaction

from billing.clients.errors import CategoryExists
from models import Business, Category


async def list_categories(business: Business) -> list[tuple[Category, int]]:
    """Categories with how many active clients each has, alphabetically."""
    rows = (
        await Category.filter(business=business).annotate(count=Count("clients")).order_by("name")
    )
    return [(row, row.count) for row in rows]


async def create_category(business: Business, name: str) -> Category:
    try:
        async with in_transaction():
            return await Category.create(business=business, name=name)
    except IntegrityError:
        raise CategoryExists(name=name) from None


async def rename_category(business: Business, category_id: int, name: str) -> Category:
    category = await Category.get(id=category_id, business=business)
    category.name = name
    try:
        async with in_transaction():
            await category.save()
    except IntegrityError:
        raise CategoryExists(name=name) from None
    return category


async def delete_category(business: Business, category_id: int) -> None:
    """Clients keep existing; they only lose this label."""
    category = await Category.get(id=category_id, business=business)
    async with in_transaction():
        await category.clients.clear()
        await category.delete()
