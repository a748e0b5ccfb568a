"""Finding clients the way owners remember them: a piece of a name, an email, a phone, a tax ID,
a city, a business line, a category.

Built for 100,000 clients per business: the database pages and counts (LIMIT/OFFSET, never every
id back to Python), substrings come from a trigram index over each client's folded search text,
and duplicate detection asks an index for a handful of candidates before difflib compares them.
"""

from __future__ import annotations

import difflib
import re

from billing.clients.search_sql import (
    TRIGRAM,
    ClientFilter,
    Statement,
    count_statement,
    is_postgres,
    name_candidates_statement,
    page_statement,
    run,
    text_ids,
)
from models import Business, Category, Client
from models.search_keys import compact, digits, fold, name_key

SIMILAR_NAME = 0.85
# The longest column a query is matched against (an email address): a longer query cannot match
# more, and 50,000 characters made SQLite's LIKE fail with "pattern too complex".
MAX_QUERY = 254
# Candidates difflib compares per Save: enough for every near-spelling, cheap on the event loop.
NAME_CANDIDATES = 200
# Counting every match of "garc" among 100,000 clients costs more than the page: stop here.
COUNT_CAP = 500
_PHONE_LIKE = re.compile(r"[\d\s+\-().]+")


async def text_filter(business: Business, query: str) -> ClientFilter:
    """What a typed query matches: its folded text anywhere in a client's search text, a tax ID
    without separators, a phone's digits; shorter than a trigram, the start of a name; and the
    members of a category named exactly so."""
    wanted = ClientFilter(business.id)
    text = query.strip()[:MAX_QUERY]
    folded = fold(text)
    if not folded:
        return wanted
    needles = [folded] if len(folded) >= TRIGRAM else []
    if re.search(r"\d", text) and "@" not in text:
        needles.append(compact(text))
        if _PHONE_LIKE.fullmatch(text) and len(digits(text)) >= 4:
            needles.append(digits(text))
    wanted.needles = [needle for needle in dict.fromkeys(needles) if len(needle) >= TRIGRAM]
    if not wanted.needles:
        wanted.name_prefix = name_key(text)
    categories = await Category.filter(business=business).values_list("id", "name")
    wanted.category_ids = [cid for cid, name in categories if fold(name) == folded]
    return wanted


async def search_clients(
    business: Business,
    query: str = "",
    *,
    category_id: int | None = None,
    include_archived: bool = False,
    offset: int = 0,
    limit: int = 8,
) -> tuple[list[Client], int]:
    """One page of matches in display order (newest first within equal names), and how many
    match, counted up to COUNT_CAP + 1: past COUNT_CAP, `shown_total` says "500+"."""
    wanted = await text_filter(business, query)
    wanted.category_id = category_id
    wanted.include_archived = include_archived
    postgres = is_postgres()
    total = (await run(count_statement(wanted, postgres, cap=COUNT_CAP + 1)))[0]["n"]
    page = page_statement(
        wanted, postgres, offset=offset, limit=limit, per_row=total > COUNT_CAP
    )
    ids = [row["id"] for row in await run(page)]
    by_id = {client.id: client for client in await Client.filter(id__in=ids)} if ids else {}
    return [by_id[i] for i in ids if i in by_id], total


def shown_total(total: int) -> str:
    """"500+" past the count cap: the owner narrows the search rather than pages 60 times."""
    return f"{COUNT_CAP}+" if total > COUNT_CAP else str(total)


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
    if email and len(fold(email)) >= TRIGRAM:
        sql = Statement(is_postgres())
        sql.query = text_ids(sql, "search_text", [fold(email)])
        ids = [row["id"] for row in await run(sql)]
        for client in await base.filter(id__in=ids):
            if client.email.casefold() == email.casefold():
                found[client.id] = client
    if tax_id:
        for client in await base.filter(tax_id=tax_id):
            found[client.id] = client
    wanted = name_key(name)
    if wanted:
        statement = name_candidates_statement(
            business.id, wanted, is_postgres(), exclude_id=exclude_id or 0, limit=NAME_CANDIDATES
        )
        similar = [
            row["id"]
            for row in await run(statement)
            if row["id"] not in found
            and difflib.SequenceMatcher(None, wanted, row["name_key"]).ratio() >= SIMILAR_NAME
        ]
        for client in await Client.filter(id__in=similar):
            found[client.id] = client
    return list(found.values())


async def get_client(business: Business, client_id: int) -> Client | None:
    """The tenant check: another business's client id finds nothing."""
    return await Client.get_or_none(id=client_id, business=business)
