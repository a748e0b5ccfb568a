"""The SQL behind client search, one statement per question, written for both databases.

Why raw SQL: the indexes that make search fast at 100,000 clients differ per dialect (pg_trgm on
PostgreSQL, an FTS5 trigram table on SQLite, see models.search_indexes), and the ORM can express
neither. Every statement is held to `client.business_id = ?` and reads indexes that lead with the
business (on SQLite, the FTS5 rowid range of the business). LIMIT and OFFSET are numbers, not
parameters: PostgreSQL plans a prepared statement's parameter LIMIT as 10 % of the table and
then prefers sorting every row to walking an index for eight.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from models import Client
from models.search_indexes import BUSINESS_SPAN

# A trigram index cannot look for fewer than three characters: shorter text is a name prefix.
TRIGRAM = 3
# Past every character a name can hold: the upper bound of a prefix range.
PAST_PREFIX = "\U0010ffff"


def connection() -> BaseDBAsyncClient:
    """The clients' connection, or the transaction open on it in this task."""
    return Client._meta.db


def is_postgres() -> bool:
    return connection().capabilities.dialect == "postgres"


@dataclass
class Statement:
    """Placeholders in the dialect's style (`$1` or `?`), values in order."""

    postgres: bool
    values: list[Any] = field(default_factory=list)
    query: str = ""

    def add(self, value: Any) -> str:
        self.values.append(value)
        return f"${len(self.values)}" if self.postgres else "?"


def _like_pattern(needle: str) -> str:
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _fts_phrases(needles: list[str]) -> str:
    """An FTS5 query: any needle as a phrase, which the trigram tokenizer matches as a substring."""
    return "search_text : (" + " OR ".join('"' + n.replace('"', '""') + '"' for n in needles) + ")"


def prefix_condition(sql: Statement, column: str, prefix: str) -> str:
    """A range on the btree index, whatever the collation's idea of LIKE."""
    return f'(c."{column}" >= {sql.add(prefix)} AND c."{column}" < {sql.add(prefix + PAST_PREFIX)})'


@dataclass
class ClientFilter:
    """What a search asks of client rows, as a FROM and a WHERE clause.

    Text (`needles`, each at least a trigram long) is matched through the trigram index: on
    SQLite the FTS5 table is the outer loop, read inside this business's rowid range; on
    PostgreSQL a LIKE over `search_text` that pg_trgm answers, or that is tested per row while
    an index walks the business's clients newest first (`per_row`, when many match).
    """

    business_id: int
    include_archived: bool = False
    category_id: int | None = None
    exact: list[tuple[str, str]] = field(default_factory=list)  # (key column, value), any
    needles: list[str] = field(default_factory=list)  # substrings of search_text
    name_prefix: str = ""  # for text shorter than a trigram

    @property
    def by_text(self) -> bool:
        return bool(self.needles) and not self.exact

    def source(self, sql: Statement) -> str:
        if self.by_text and not sql.postgres:  # CROSS JOIN: SQLite keeps FTS5 as the outer loop
            first = int(self.business_id) * BUSINESS_SPAN
            return f'"client_fts" CROSS JOIN "client" c ON c."id" = "client_fts"."rowid" - {first}'
        return '"client" c'

    def where(self, sql: Statement, *, per_row: bool = False) -> str:
        parts = []
        if self.by_text and not sql.postgres:
            first = int(self.business_id) * BUSINESS_SPAN
            parts += [f'"client_fts" MATCH {sql.add(_fts_phrases(self.needles))}',
                      f'"client_fts"."rowid" BETWEEN {first} AND {first + BUSINESS_SPAN - 1}']
        parts.append(f'c."business_id" = {sql.add(self.business_id)}')
        if not self.include_archived:
            parts.append(f'c."archived" = {sql.add(False)}')
        if self.category_id is not None:
            parts.append(_in_category(sql, self.category_id, per_row=per_row or self.by_text))
        if self.exact:  # a subquery, so no planner prefers the list index without statistics
            business = sql.add(self.business_id)  # placeholders in order: SQLite's are all "?"
            tests = " OR ".join(f'"{column}" = {sql.add(value)}' for column, value in self.exact)
            parts.append(f'c."id" IN (SELECT "id" FROM "client" '
                         f'WHERE "business_id" = {business} AND ({tests}))')
        elif self.by_text and sql.postgres:
            tests = " OR ".join(
                f'c."search_text" LIKE {sql.add(_like_pattern(needle))} ESCAPE \'\\\''
                for needle in self.needles
            )
            parts.append(f"({tests})")
        elif self.name_prefix:
            parts.append(prefix_condition(sql, "name_key", self.name_prefix))
        return " AND ".join(parts)


def _in_category(sql: Statement, category: int, *, per_row: bool) -> str:
    mark = sql.add(category)
    if per_row:
        return (f'EXISTS (SELECT 1 FROM "client_category" l WHERE l."client_id" = c."id" '
                f'AND l."category_id" = {mark})')
    return f'c."id" IN (SELECT "client_id" FROM "client_category" WHERE "category_id" = {mark})'


def count_statement(wanted: ClientFilter, postgres: bool, *, cap: int) -> Statement:
    """How many match, counting no further than `cap`."""
    sql = Statement(postgres)
    if wanted.by_text and postgres:
        # A CTE is planned without the LIMIT (so through the trigram index, where the LIMIT made
        # a sequential scan look cheap) and still read lazily, stopping after `cap` rows.
        where = wanted.where(sql)
        sql.query = (f'WITH "hits" AS MATERIALIZED (SELECT 1 FROM "client" c WHERE {where}) '
                     f'SELECT COUNT(*) AS "n" FROM (SELECT 1 FROM "hits" LIMIT {int(cap)}) AS "m"')
        return sql
    rows = f"SELECT 1 FROM {wanted.source(sql)} WHERE {wanted.where(sql)}"
    sql.query = f'SELECT COUNT(*) AS "n" FROM ({rows} LIMIT {int(cap)}) AS "matches"'
    return sql


def page_statement(
    wanted: ClientFilter, postgres: bool, *, offset: int, limit: int, many: bool = False,
    count_cap: int = 0,
) -> Statement:
    """One page in name order; a text search with many matches lists the newest first instead,
    since its matches cluster in name order (every "maria" sits under M) and the walk would
    cross half the list before finding a page. With `count_cap`, each row also says how many
    match (up to the cap) in "matches": one round trip for the whole answer."""
    sql = Statement(postgres)
    if many and wanted.by_text and not postgres:
        order = '"client_fts"."rowid" DESC'  # FTS5 reads its posting lists backwards
    elif many and wanted.by_text:
        # Newest first, spelled as the (business_id, archived, id) index reads backwards: by id
        # alone, PostgreSQL walked the primary key through every other business's rows first.
        order = 'c."business_id" DESC, c."archived" DESC, c."id" DESC'
    else:
        order = 'c."name_key", c."id" DESC'
    counted = ""
    if count_cap:  # placeholders in order: the count's come first in the text
        # In the page's order, so it walks the page's index: unordered, PostgreSQL chose a
        # sequential scan "until 101 rows", which for the second business is the whole table.
        counted = (f', (SELECT COUNT(*) FROM (SELECT 1 FROM {wanted.source(sql)} WHERE '
                   f'{wanted.where(sql)} ORDER BY {order} LIMIT {int(count_cap)}) AS "counted") '
                   f'AS "matches"')
    source = wanted.source(sql)
    where = wanted.where(sql, per_row=many)
    sql.query = (f"SELECT c.*{counted} FROM {source} WHERE {where} "
                 f"ORDER BY {order} LIMIT {int(limit)} OFFSET {int(offset)}")
    return sql


async def run(statement: Statement) -> list[dict[str, Any]]:
    _, rows = await connection().execute_query(statement.query, statement.values)
    return [dict(row) for row in rows]


def neighbours_statement(business_id: int, key: str, words: str, postgres: bool, *,
                         each: int, exact: Mapping[str, str] | None = None,
                         exact_each: int = 0, exclude_id: int = 0) -> Statement:
    """Name keys near a new name's: the same words in another order, and `each` distinct keys
    on either side of it in alphabetical order, forwards and read backwards (short index walks).

    A name a typo or two away from another keeps its start or its end, so it sorts near it in
    one of the two orders; rows read backwards come back as "backwards" = 1. Each row has the
    columns "key", "backwards", "id" and "exact"; name rows have id 0 and exact 0.

    With `exact` ({"email_key": …, "tax_key": …}), the same statement also returns the ids of up
    to `exact_each` clients other than `exclude_id` holding each key, with "exact" = the key's
    place in `exact` (1, 2): a Save checks for duplicates in one round trip. An empty `key`
    leaves the name rows out.
    """
    sql = Statement(postgres)
    arms = []
    if key:
        arms.append(
            f'SELECT * FROM (SELECT DISTINCT "name_key" AS "key", 0 AS "backwards", 0 AS "id", '
            f'0 AS "exact" FROM "client" WHERE "business_id" = {sql.add(business_id)} '
            f'AND "name_words" = {sql.add(words)} LIMIT {int(each)}) AS "same_words"'
        )
    for backwards, column in enumerate(("name_key", "name_key_reversed") if key else ()):
        start = key[::-1] if backwards else key
        for test, direction in ((">=", "ASC"), ("<", "DESC")):
            arms.append(
                f'SELECT "key", {backwards} AS "backwards", 0 AS "id", 0 AS "exact" FROM '
                f'(SELECT DISTINCT "{column}" AS "key" FROM "client" WHERE "business_id" = '
                f'{sql.add(business_id)} AND "{column}" {test} {sql.add(start)} ORDER BY '
                f'"{column}" {direction} LIMIT {int(each)}) AS "{column}_{direction.lower()}"'
            )
    for place, (column, value) in enumerate((exact or {}).items(), start=1):
        arms.append(
            f'SELECT * FROM (SELECT \'\' AS "key", 0 AS "backwards", "id", {place} AS "exact" '
            f'FROM "client" WHERE "business_id" = {sql.add(business_id)} AND "{column}" = '
            f'{sql.add(value)} AND "id" <> {sql.add(exclude_id)} LIMIT {int(exact_each)}) '
            f'AS "same_{column}"'
        )
    sql.query = " UNION ALL ".join(arms)
    return sql
