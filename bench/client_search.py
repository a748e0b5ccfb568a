"""Client search at 100,000 clients in each of two businesses, on SQLite and PostgreSQL.

Run: .venv/bin/python bench/client_search.py [--clients 100000] [--queries 200]
     [--database sqlite|postgres|both] [--plans var/client-search-plans.txt] [--explain]
(as root, like the tests: PostgreSQL is started from tests/services on a free loopback port).

Times `search_clients` (the call the /clients list and the document flow make: page of 8 and
total) for each kind of query an owner types, alternating between the two businesses, with
targets sampled from the stored clients; and `find_duplicates` for a near-spelling of an existing
name (what runs on every Save of a new client), and how often it finds the client that name was
typed for (its recall). The anchor is a one-row primary-key SELECT in the same run: the floor of
any query. Prints p50/p95 per kind, reports p95 to the bench table, and writes each kind's query
plans (EXPLAIN QUERY PLAN / EXPLAIN ANALYZE) to --plans; --explain prints them too.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from bench.support.client_rows import Population, populate
from bench.support.databases import KINDS, database
from bench.support.table import Figure, median, percentile, report
from billing.clients.search import NEIGHBOURS, find_duplicates, run_search, search_clients
from billing.clients.search_sql import Statement, connection, is_postgres, neighbours_statement
from models import Business, Client
from models.search_keys import name_key, name_words
from tests.factories import make_business

TARGET_MS = 20
PLANS = Path(__file__).resolve().parents[1] / "var" / "client-search-plans.txt"
Query = Callable[[Business, random.Random], Awaitable[object]]


def _pick(population: Population, business: Business, rng: random.Random) -> dict[str, object]:
    return rng.choice(population.clients[business.id])


def kinds(population: Population) -> dict[str, Callable[[Business, random.Random], str | int]]:
    """What an owner types for each kind of search, drawn from the business's own clients."""

    def piece(b: Business, r: random.Random) -> str:
        name = str(_pick(population, b, r)["display_name"]).split()[-1]
        start = r.randrange(0, max(1, len(name) - 4))
        return name[start:start + 4]

    def phone(b: Business, r: random.Random) -> str:
        number = str(_pick(population, b, r)["phone"])
        return f"{number[3:6]} {number[6:8]} {number[8:10]} {number[10:]}"

    def tax_id(b: Business, r: random.Random) -> str:
        value = str(_pick(population, b, r)["tax_id"])
        return f"{value[2]}-{value[3:]}"

    return {
        "empty query (first page)": lambda b, r: "",
        "name prefix": lambda b, r: str(_pick(population, b, r)["display_name"])[:5],
        "substring": piece,
        "email": lambda b, r: str(_pick(population, b, r)["email"]),
        "phone": phone,
        "tax ID": tax_id,
        "category": lambda b, r: r.choice(population.categories[b.id]),
        "city": lambda b, r: str(_pick(population, b, r)["billing_city"]),
        "business line": lambda b, r: str(_pick(population, b, r)["business_line"]),
    }


async def _search(business: Business, typed: str | int) -> object:
    if isinstance(typed, int):
        return await search_clients(business, category_id=typed)
    return await search_clients(business, typed)


async def _timed(calls: int, businesses: list[Business], call: Query, seed: int) -> list[float]:
    rng = random.Random(seed)
    times = []
    for index in range(calls):
        business = businesses[index % len(businesses)]
        started = time.perf_counter()
        await call(business, rng)
        times.append((time.perf_counter() - started) * 1000)
    return times


async def _explain(statement: Statement) -> list[str]:
    prefix = "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " if is_postgres() else "EXPLAIN QUERY PLAN "
    _, rows = await connection().execute_query(prefix + statement.query, statement.values)
    return [statement.query, f"  values {statement.values}",
            *("  " + " | ".join(str(value) for value in dict(row).values()) for row in rows)]


async def _plan(business: Business, typed: str | int) -> str:
    """The statements a search runs, each with the database's plan for it."""
    text, category = ("", typed) if isinstance(typed, int) else (typed, None)
    done = await run_search(business, text, category_id=category, include_archived=False,
                            offset=0, limit=8)
    shown = [f"typed {typed!r}, {done.total} counted"]
    for statement in done.statements:
        shown += await _explain(statement)
    return "\n".join(shown)


def _near_spelling(name: str, rng: random.Random) -> str:
    """One letter dropped: what a hurried owner types for a client they already have."""
    at = rng.randrange(1, len(name) - 1)
    return name[:at] + name[at + 1:]


async def measure(kind: str, clients: int, queries: int) -> tuple[list[Figure], str]:
    from assent.db import close_database, open_database

    async with database(kind) as url:
        await open_database(url)
        try:
            businesses = [await make_business("Bench North"), await make_business("Bench South")]
            started = time.perf_counter()
            population = await populate(businesses, clients)
            print(f"{kind}: {clients:,} clients x 2 businesses inserted in "
                  f"{time.perf_counter() - started:.0f} s")
            ids = [row["id"] for rows in population.clients.values() for row in rows]
            anchor = await _timed(queries, businesses,
                                  lambda b, r: Client.filter(id=r.choice(ids)).first(), 0)
            figures, plans = [], [f"== {kind}"]
            print(f"{'query':<28}{'p50 ms':>8}{'p95 ms':>8}")
            for seed, (name, typed) in enumerate(kinds(population).items(), start=1):
                times = await _timed(
                    queries, businesses, lambda b, r, typed=typed: _search(b, typed(b, r)), seed
                )
                print(f"{name:<28}{median(times):>8.1f}{percentile(times, 0.95):>8.1f}")
                figures.append(Figure(f"client search {name}, p95, {kind}",
                                      percentile(times, 0.95), "ms", percentile(anchor, 0.95),
                                      f"<= {TARGET_MS}"))
                example = typed(businesses[0], random.Random(seed))
                plans.append(f"-- {name}: {await _plan(businesses[0], example)}")

            found = []

            async def duplicate(b: Business, r: random.Random) -> None:
                client = _pick(population, b, r)  # found: a client of that name is among them
                similar = await find_duplicates(
                    b, name=_near_spelling(str(client["display_name"]), r))
                found.append(client["name_key"] in {other.name_key for other in similar})

            times = await _timed(queries, businesses, duplicate, 99)
            print(f"{'duplicates on Save':<28}{median(times):>8.1f}{percentile(times, 0.95):>8.1f}"
                  f"  (found the name {sum(found)} of {len(found)} times)")
            figures += [
                Figure(f"duplicate check on Save, p95, {kind}", percentile(times, 0.95), "ms",
                       percentile(anchor, 0.95), f"<= {TARGET_MS}"),
                Figure(f"duplicate check finds a one-letter slip, {kind}",
                       sum(found) / len(found), "share", target=">= 0.99"),
            ]
            example = _near_spelling(str(population.clients[businesses[0].id][0]["display_name"]),
                                     random.Random(99))
            plans.append(f"-- duplicates on Save: typed {example!r}\n" + "\n".join(
                await _explain(neighbours_statement(businesses[0].id, name_key(example),
                                                    name_words(example), is_postgres(),
                                                    each=NEIGHBOURS))))
            print(f"{'anchor: one row by id':<28}{median(anchor):>8.1f}"
                  f"{percentile(anchor, 0.95):>8.1f}")
            return figures, "\n".join(plans)
        finally:
            await close_database()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--database", choices=(*KINDS, "both"), default="both")
    parser.add_argument("--plans", type=Path, default=PLANS)
    parser.add_argument("--explain", action="store_true", help="print the query plans too")
    args = parser.parse_args()
    figures, plans = [], []
    for kind in KINDS if args.database == "both" else (args.database,):
        measured, plan = asyncio.run(measure(kind, args.clients, args.queries))
        figures += measured
        plans.append(plan)
    args.plans.parent.mkdir(parents=True, exist_ok=True)
    args.plans.write_text("\n\n".join(plans) + "\n", encoding="utf-8")
    print("\n\n".join(plans) if args.explain else f"query plans: {args.plans}")
    report(figures)


if __name__ == "__main__":
    main()
