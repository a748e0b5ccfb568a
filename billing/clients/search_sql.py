"""The SQL behind client search, one statement per question, written for both databases.

Why raw SQL: the indexes that make search fast at 100,000 clients differ per dialect (pg_trgm on
PostgreSQL, an FTS5 trigram table on SQLite, see migration 0008), and the ORM can express neither.
Every statement starts from `client.business_id = ?`; the text matchers may find another
business's rows, which that condition then drops. LIMIT and OFFSET are written as numbers, not
parameters: PostgreSQL plans a prepared statement's parameter LIMIT as 10 % of the table and
then prefers sorting every row to walking an index for eight.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from models import Client

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


def _like_pattern(needle: str, *, start: str = "%", end: str = "%") -> str:
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"{start}{escaped}{end}"


def _fts_phrase(needle: str) -> str:
    return '"' + needle.replace('"', '""') + '"'


def text_ids(sql: Statement, column: str, needles: list[str], *, ends: bool = False) -> str:
    """A subquery of client ids whose `column` contains (or, with `ends`, may end with) a needle.

    Needles must have at least TRIGRAM characters. On SQLite the FTS5 trigram index answers a
    phrase query; "ends with" is then checked by the caller, since FTS5 has no anchor.
    """
    if sql.postgres:
        tests = " OR ".join(
            f'"{column}" LIKE {sql.add(_like_pattern(needle, end="" if ends else "%"))}'
            for needle in needles
        )
        return f'SELECT "id" FROM "client" WHERE {tests}'
    phrases = " OR ".join(_fts_phrase(needle) for needle in needles)
    match = sql.add(f"{column} : ({phrases})")
    return f'SELECT "rowid" AS "id" FROM "client_fts" WHERE "client_fts" MATCH {match}'


def prefix_condition(sql: Statement, column: str, prefix: str) -> str:
    """A range on the btree index, whatever the collation's idea of LIKE."""
    return f'(c."{column}" >= {sql.add(prefix)} AND c."{column}" < {sql.add(prefix + PAST_PREFIX)})'


@dataclass
class ClientFilter:
    """What a search asks of client rows, turned into a WHERE clause in one of two forms.

    The set form finds the matching ids through an index (FTS5 on SQLite, the category links)
    and sorts them: right when few rows match. The row form tests each row while an index walks
    the business's clients in order, stopping at the page: right when many match (a common
    surname, a big city, a big category), where sorting every match would cost more than a page.
    """

    business_id: int
    include_archived: bool = False
    category_id: int | None = None
    exact: list[tuple[str, str]] = field(default_factory=list)  # (key column, value), any
    needles: list[str] = field(default_factory=list)  # substrings of search_text
    name_prefix: str = ""  # for text shorter than a trigram

    def where(self, sql: Statement, *, per_row: bool = False, text: bool = True) -> str:
        parts = [f'c."business_id" = {sql.add(self.business_id)}']
        if not self.include_archived:
            parts.append(f'c."archived" = {sql.add(False)}')
        if self.category_id is not None:
            parts.append(_in_category(sql, self.category_id, per_row=per_row))
        if self.exact:  # a subquery, so no planner prefers the list index without statistics
            business = sql.add(self.business_id)  # placeholders in order: SQLite's are all "?"
            tests = " OR ".join(f'"{column}" = {sql.add(value)}' for column, value in self.exact)
            parts.append(f'c."id" IN (SELECT "id" FROM "client" '
                         f'WHERE "business_id" = {business} AND ({tests}))')
        elif self.needles and text and (per_row or sql.postgres):
            tests = " OR ".join(
                f'c."search_text" LIKE {sql.add(_like_pattern(needle))} ESCAPE \'\\\''
                for needle in self.needles
            )
            parts.append(f"({tests})")
        elif self.needles and text:
            parts.append(f'c."id" IN ({text_ids(sql, "search_text", self.needles)})')
        elif self.name_prefix:
            parts.append(prefix_condition(sql, "name_key", self.name_prefix))
        return " AND ".join(parts)

    @property
    def by_text(self) -> bool:
        return bool(self.needles) and not self.exact


def _in_category(sql: Statement, category: int, *, per_row: bool) -> str:
    mark = sql.add(category)
    if per_row:
        return (f'EXISTS (SELECT 1 FROM "client_category" l WHERE l."client_id" = c."id" '
                f'AND l."category_id" = {mark})')
    return f'c."id" IN (SELECT "client_id" FROM "client_category" WHERE "category_id" = {mark})'


def count_statement(wanted: ClientFilter, postgres: bool, *, cap: int) -> Statement:
    """How many match, counting no further than `cap`.

    On SQLite a text search is counted from the FTS5 side, joined to the client row per hit, so
    a common word stops after `cap` hits of this business instead of collecting every hit first.
    """
    sql = Statement(postgres)
    if wanted.by_text and not postgres:
        phrases = " OR ".join(_fts_phrase(needle) for needle in wanted.needles)
        match = sql.add(f"search_text : ({phrases})")
        rows = (f'SELECT 1 FROM "client_fts" JOIN "client" c ON c."id" = "client_fts"."rowid" '
                f'WHERE "client_fts" MATCH {match} AND {wanted.where(sql, text=False)}')
    elif wanted.by_text:
        # A CTE is planned without the LIMIT (so through the trigram index, where the LIMIT made
        # a sequential scan look cheap) and still read lazily, stopping after `cap` rows.
        where = wanted.where(sql)
        sql.query = (f'WITH "hits" AS MATERIALIZED (SELECT 1 FROM "client" c WHERE {where}) '
                     f'SELECT COUNT(*) AS "n" FROM (SELECT 1 FROM "hits" LIMIT {int(cap)}) AS "m"')
        return sql
    else:
        rows = f'SELECT 1 FROM "client" c WHERE {wanted.where(sql)}'
    sql.query = f'SELECT COUNT(*) AS "n" FROM ({rows} LIMIT {int(cap)}) AS "matches"'
    return sql


def page_statement(
    wanted: ClientFilter, postgres: bool, *, offset: int, limit: int, many: bool = False
) -> Statement:
    """One page in name order; a text search with many matches lists the newest first instead,
    since its matches cluster in name order (every "maria" sits under M) and the walk would
    cross half the list before finding a page."""
    sql = Statement(postgres)
    where = wanted.where(sql, per_row=many)
    # Newest first, spelled as the (business_id, archived, id) index reads backwards: ordered by
    # id alone, PostgreSQL walked the primary key through every other business's rows first.
    newest = 'c."business_id" DESC, c."archived" DESC, c."id" DESC'
    order = newest if many and wanted.by_text else 'c."name_key", c."id" DESC'
    sql.query = (
        f'SELECT c.* FROM "client" c WHERE {where} '
        f"ORDER BY {order} LIMIT {int(limit)} OFFSET {int(offset)}"
    )
    return sql


async def run(statement: Statement) -> list[dict[str, Any]]:
    _, rows = await connection().execute_query(statement.query, statement.values)
    return [dict(row) for row in rows]


def name_candidates_statement(
    business_id: int, key: str, postgres: bool, *, exclude_id: int, limit: int
) -> Statement:
    """Clients whose name key starts with the first half of `key` or ends with its second half.

    Two names similar enough to be one client (difflib ratio 0.85) differ by a couple of
    characters, so one half of them is almost always identical: both halves are index lookups.
    """
    sql = Statement(postgres)
    half = len(key) // 2
    head, tail = key[:half], key[half:]
    business = sql.add(business_id)
    excluded = sql.add(exclude_id)
    ranges = [f"(c.\"name_key\" = {sql.add(key)})"]
    if head:
        ranges.append(prefix_condition(sql, "name_key", head))
    if len(tail) >= TRIGRAM:
        ranges.append(f'c."id" IN ({text_ids(sql, "name_key", [tail], ends=True)})')
    query = (
        f'SELECT c."id", c."name_key" FROM "client" c WHERE c."business_id" = {business} '
        f'AND c."id" <> {excluded} AND ({" OR ".join(ranges)}) LIMIT {int(limit)}'
    )
    sql.query = query
    return sql
