"""`python -m tests.reliability [--full] [--only NAME]`: run the suites, print the table, write
the figures. Reduced sizes by default (what `make test` also runs); --full is `make reliability`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

from tests.reliability import (
    dialogs,
    listener_kills,
    mail_outages,
    postgres_restart,
    reader_fuzz,
    telegram_faults,
)
from tests.reliability.report import SuiteResult, table, write

Suite = Callable[[bool], Awaitable[SuiteResult]]


def _sized(full: bool, big: int, small: int) -> int:
    return big if full else small


SUITES: dict[str, Suite] = {
    "listener-kills": lambda full: listener_kills.run(
        kills=_sized(full, 200, 4), acceptances=_sized(full, 100, 6)
    ),
    "imap-restarts": lambda full: mail_outages.imap_restarts(
        restarts=_sized(full, 20, 3), replies=_sized(full, 200, 9)
    ),
    "imap-stalls": lambda full: mail_outages.imap_stalls(
        stalls=_sized(full, 10, 2), replies=_sized(full, 100, 6)
    ),
    "smtp-faults": lambda full: mail_outages.smtp_faults(emails=_sized(full, 200, 20)),
    "telegram-faults": lambda full: telegram_faults.telegram_faults(notices=_sized(full, 100, 9)),
    "postgres-restarts": lambda full: postgres_restart.postgres_restart(_sized(full, 5, 1)),
    "dialog-fuzz": lambda full: dialogs.dialog_fuzz(examples=_sized(full, 1000, 30)),
    "tenants": lambda full: dialogs.tenant_isolation(rounds=1),
    "reader-fuzz": lambda full: asyncio.to_thread(
        reader_fuzz.reader_fuzz, messages=_sized(full, 100_000, 200)
    ),
}


async def run_all(names: list[str], full: bool, out: Path) -> list[SuiteResult]:
    """Run the named suites; rows of suites not run this time stay in `out`."""
    kept = json.loads(out.read_text()) if out.exists() else []
    results = [SuiteResult(**row) for row in kept]
    for name in names:
        result = await SUITES[name](full)
        results = [row for row in results if row.suite != result.suite] + [result]
        print(table([result]).splitlines()[-1], flush=True)
        write(results, out)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.reliability")
    parser.add_argument("--full", action="store_true", help="full size (make reliability)")
    parser.add_argument("--only", action="append", choices=list(SUITES), help="repeatable")
    parser.add_argument("--out", type=Path, default=Path("var/reliability.json"))
    args = parser.parse_args()
    logging.basicConfig(level=logging.CRITICAL)  # the figures are the output; faults log plenty
    names = args.only or list(SUITES)
    if not args.only and args.out.exists():
        args.out.unlink()
    results = asyncio.run(run_all(names, args.full, args.out))
    print()
    print(table(results))
    print(f"\nwritten to {args.out}")
    return 0 if all(result.clean for result in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
