"""Finding clients the way owners remember them: a piece of a name, an email, a phone, a tax ID,
a city, a business line, a category.

Built for 100,000 clients per business: the database pages and counts (LIMIT/OFFSET, never every
id back to Python), substrings come from a trigram index over each client's folded search text,
and duplicate detection reads a new name's neighbours in btree indexes (a bounded number of names,
whatever the business's size) before difflib compares them.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from billing.clients.search_sql import (
    TRIGRAM,
    ClientFilter,
    Statement,
    count_statement,
    is_postgres,
    neighbours_statement,
    page_statement,
    run,
)
from models import Business, Category, Client
from models.search_keys import (
    compact,
    digits,
    email_key,
    fold,
    name_key,
    name_words,
    phone_key,
    tax_key,
)

SIMILAR_NAME = 0.85
# The longest column a query is matched against (an email address): a longer query cannot match
# more, and 50,000 characters made SQLite's LIKE fail with "pattern too complex".
MAX_QUERY = 254
# Distinct name keys read on each side of a new name, forwards and backwards. A slip in the
# middle word of a common name ("Rubén Garcí Silva") sorts past every "Rubén García <surname>":
# of 1,000 one-letter slips at 100,000 clients, 24 found 983 and 40 found 999.
NEIGHBOURS = 40
# At most this many clients per reason (same email, same tax ID, similar name) come back.
DUPLICATES_EACH = 10
# Counting every match of "garc" among 100,000 clients costs more than the page: stop at 100.
COUNT_CAP = 100
_PHONE_LIKE = re.compile(r"[\d\s+\-().]+")


async def text_filter(business: Business, query: str) -> ClientFilter:
    """What a typed query matches. An email, a phone (nine digits or more) or a tax ID is first
    looked up by its exact key; text matches anywhere in a client's folded search text (a tax ID
    also without separators, a phone also as its digits); text shorter than a trigram matches
    the start of a name; and text naming a category exactly lists that category."""
    wanted = ClientFilter(business.id)
    text = query.strip()[:MAX_QUERY]
    folded = fold(text)
    if not folded:
        return wanted
    category = await Category.filter(business=business, name__iexact=text).first()
    if category is not None:
        wanted.category_id = category.id
        return wanted
    needles = [folded]
    if "@" in text and " " not in text:
        wanted.exact = [("email_key", email_key(text))]
    elif re.search(r"\d", text):
        needles.append(compact(text))
        phone_like = _PHONE_LIKE.fullmatch(text) is not None
        if phone_like:
            needles.append(digits(text))
        if phone_like and phone_key(text):
            wanted.exact.append(("phone_key", phone_key(text)))
        if len(compact(text)) >= 5:
            wanted.exact.append(("tax_key", tax_key(text)))
    wanted.needles = [needle for needle in dict.fromkeys(needles) if len(needle) >= TRIGRAM]
    if not wanted.needles:
        wanted.exact = []
        wanted.name_prefix = name_key(text)
    return wanted


@dataclass
class Search:
    """What a search ran (the bench prints their query plans), the page's rows and the total."""

    statements: list[Statement] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0

    async def run(self, statement: Statement) -> list[dict[str, Any]]:
        self.statements.append(statement)
        return await run(statement)


async def run_search(
    business: Business,
    query: str,
    *,
    category_id: int | None,
    include_archived: bool,
    offset: int,
    limit: int,
) -> Search:
    """A list whose page form does not depend on how many match (all, an exact key, a name
    prefix) is one statement, counted in it; text and categories are counted first (up to
    COUNT_CAP + 1), and the count picks the page statement: a set, or a walk for many."""
    wanted = await text_filter(business, query)
    if category_id is not None:
        wanted.category_id = category_id
    wanted.include_archived = include_archived
    postgres, cap, done = is_postgres(), COUNT_CAP + 1, Search()
    if not wanted.by_text and wanted.category_id is None:
        done.rows = await done.run(
            page_statement(wanted, postgres, offset=offset, limit=limit, count_cap=cap))
        for row in done.rows:
            done.total = row.pop("matches")
        if done.rows or (offset == 0 and not wanted.exact):
            return done
        if offset:  # past the last page: counted on its own
            done.total = (await done.run(count_statement(wanted, postgres, cap=cap)))[0]["n"]
    else:
        done.total = (await done.run(count_statement(wanted, postgres, cap=cap)))[0]["n"]
    if done.total == 0 and wanted.exact:  # no such key: the same text as a substring
        wanted.exact = []
        done.total = (await done.run(count_statement(wanted, postgres, cap=cap)))[0]["n"]
    many = done.total > COUNT_CAP
    done.rows = await done.run(
        page_statement(wanted, postgres, offset=offset, limit=limit, many=many))
    return done


async def search_clients(
    business: Business,
    query: str = "",
    *,
    category_id: int | None = None,
    include_archived: bool = False,
    offset: int = 0,
    limit: int = 8,
) -> tuple[list[Client], int]:
    """One page of matches, and how many match, counted up to COUNT_CAP + 1 (past COUNT_CAP,
    `shown_total` says "100+"). Name order, newest first within a name; a text search with more
    than COUNT_CAP matches lists the newest first."""
    done = await run_search(
        business, query, category_id=category_id, include_archived=include_archived,
        offset=offset, limit=limit,
    )
    # Whole rows in the page statement: one round trip fewer than fetching the ids' clients.
    return [Client._init_from_db(**row) for row in done.rows], done.total


def shown_total(total: int) -> str:
    """"100+" past the count cap: an owner narrows the search rather than pages through it."""
    return f"{COUNT_CAP}+" if total > COUNT_CAP else str(total)


def _similar_to(name: str) -> Callable[[str], float]:
    """How similar a name key is to `name`'s: 1 for the same words in any order, else difflib's
    ratio, 0 when its cheap upper bounds already rule a key out. The matcher keeps `name` as its
    second sequence, whose index difflib builds once (as get_close_matches does)."""
    words = name_words(name)
    matcher = difflib.SequenceMatcher(None, "", name_key(name))

    def score(other_key: str) -> float:
        if " ".join(sorted(other_key.split())) == words:
            return 1.0
        matcher.set_seq1(other_key)
        if matcher.real_quick_ratio() < SIMILAR_NAME or matcher.quick_ratio() < SIMILAR_NAME:
            return 0.0
        return matcher.ratio()

    return score


async def find_duplicates(
    business: Business,
    *,
    name: str = "",
    email: str = "",
    tax_id: str = "",
    exclude_id: int | None = None,
) -> list[Client]:
    """Clients that are probably the same one: same email or tax ID, or a very similar name
    (accents, case, punctuation and word order aside, a typo or two), the most similar first.
    Index lookups only, all in one statement; the clients it names are read only when there are
    any. difflib compares at most 5 x NEIGHBOURS names, however many clients the business has."""
    exact = {column: value for column, value in
             (("email_key", email_key(email)), ("tax_key", tax_key(tax_id))) if value}
    key = name_key(name)
    if not key and not exact:
        return []
    rows = await run(neighbours_statement(
        business.id, key, name_words(name), is_postgres(), each=NEIGHBOURS, exact=exact,
        exact_each=DUPLICATES_EACH, exclude_id=exclude_id or 0,
    ))
    same = list(dict.fromkeys(row["id"] for row in sorted(rows, key=lambda row: row["exact"])
                              if row["exact"]))
    near = {row["key"][::-1] if row["backwards"] else row["key"]
            for row in rows if not row["exact"]}
    similarity = _similar_to(name)
    scores = {key: similarity(key) for key in near}
    best = sorted((key for key in near if scores[key] >= SIMILAR_NAME),
                  key=lambda key: -scores[key])[:DUPLICATES_EACH]
    base = Client.filter(business=business).exclude(id=exclude_id or 0)
    found: dict[int, Client] = {}
    if same:
        by_id = {client.id: client for client in await base.filter(id__in=same)}
        found.update((id_, by_id[id_]) for id_ in same if id_ in by_id)
    if best:  # the most similar names first, the newest client first within a name
        clients = await (base.filter(name_key__in=best).order_by("-id")
                         .limit(DUPLICATES_EACH * len(best)))
        clients.sort(key=lambda client: -scores[client.name_key])
        found.update((c.id, c) for c in clients[:DUPLICATES_EACH])
    return list(found.values())


async def get_client(business: Business, client_id: int) -> Client | None:
    """The tenant check: another business's client id finds nothing."""
    return await Client.get_or_none(id=client_id, business=business)
