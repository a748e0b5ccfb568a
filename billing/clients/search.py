"""Finding clients the way owners remember them: a piece of a name, an email, a phone, a tax ID."""

from __future__ import annotations

import difflib
import re
import unicodedata

from tortoise.expressions import Q

from models import Business, Client

SIMILAR_NAME = 0.85
# The longest column a query is matched against (an email address): a longer query cannot match
# more, and 50,000 characters made SQLite's LIKE fail with "pattern too complex".
MAX_QUERY = 254


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


async def search_clients(
    business: Business,
    query: str = "",
    *,
    category_id: int | None = None,
    include_archived: bool = False,
    offset: int = 0,
    limit: int = 8,
) -> tuple[list[Client], int]:
    """One page of matches, and how many there are in all, newest first within equal names."""
    queryset = Client.filter(business=business)
    if not include_archived:
        queryset = queryset.filter(archived=False)
    if category_id is not None:
        queryset = queryset.filter(categories__id=category_id)
    text = query.strip()[:MAX_QUERY]
    if text:
        condition = (
            Q(display_name__icontains=text)
            | Q(legal_name__icontains=text)
            | Q(email__icontains=text)
            | Q(tax_id__icontains=re.sub(r"[\s.\-]", "", text))
            | Q(contacts__name__icontains=text)
            | Q(contacts__email__icontains=text)
            | Q(custom_values__value__icontains=text)
            | Q(categories__name__iexact=text)
        )
        digits = re.sub(r"\D", "", text)
        if len(digits) >= 4:
            condition |= Q(phone__contains=digits)
        queryset = queryset.filter(condition)
    # PostgreSQL wants DISTINCT's ORDER BY columns selected; the joins above can repeat a client.
    rows = (
        await queryset.distinct().order_by("display_name", "-id").values_list("id", "display_name")
    )
    ids = list(dict.fromkeys(client_id for client_id, _ in rows))
    page_ids = ids[offset : offset + limit]
    by_id = {client.id: client for client in await Client.filter(id__in=page_ids)}
    return [by_id[i] for i in page_ids], len(ids)


async def find_duplicates(
    business: Business,
    *,
    name: str = "",
    email: str = "",
    tax_id: str = "",
    exclude_id: int | None = None,
) -> list[Client]:
    """Clients that are probably the same one: same email or tax ID, or a very similar name."""
    found: dict[int, Client] = {}
    base = Client.filter(business=business).exclude(id=exclude_id or 0)
    if email:
        for client in await base.filter(email__iexact=email):
            found[client.id] = client
    if tax_id:
        for client in await base.filter(tax_id=tax_id):
            found[client.id] = client
    if name:
        wanted = fold(name)
        for client in await base.only("id", "display_name").limit(5000):
            ratio = difflib.SequenceMatcher(None, wanted, fold(client.display_name)).ratio()
            if ratio >= SIMILAR_NAME and client.id not in found:
                found[client.id] = await Client.get(id=client.id)
    return list(found.values())


async def get_client(business: Business, client_id: int) -> Client | None:
    """The tenant check: another business's client id finds nothing."""
    return await Client.get_or_none(id=client_id, business=business)
