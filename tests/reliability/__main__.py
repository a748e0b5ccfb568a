"""`python -m tests.reliability [--full]`: run every suite, print the table, write the figures.

Reduced sizes by default (what `make test` also runs); --full is `make reliability`.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

from tests.reliability import dialogs, listener_kills, mail_outages, telegram_faults
from tests.reliability.report import SuiteResult, table, write

Suite = Callable[[], Awaitable[SuiteResult]]

FULL: list[Suite] = [
    lambda: listener_kills.run(kills=200, acceptances=100),
    lambda: mail_outages.imap_restarts(restarts=20, replies=200),
    lambda: mail_outages.smtp_faults(emails=200),
    lambda: telegram_faults.telegram_faults(notices=100),
    lambda: dialogs.dialog_fuzz(examples=1000),
    lambda: dialogs.tenant_isolation(rounds=1),
]
REDUCED: list[Suite] = [
    lambda: listener_kills.run(kills=4, acceptances=6),
    lambda: mail_outages.imap_restarts(restarts=3, replies=9),
    lambda: mail_outages.smtp_faults(emails=20),
    lambda: telegram_faults.telegram_faults(notices=9),
    lambda: dialogs.dialog_fuzz(examples=30),
    lambda: dialogs.tenant_isolation(rounds=1),
]


async def run_all(suites: list[Suite], out: Path) -> list[SuiteResult]:
    results = []
    for suite in suites:
        results.append(await suite())
        print(table(results[-1:]).splitlines()[-1], flush=True)
        write(results, out)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.reliability")
    parser.add_argument("--full", action="store_true", help="full size (make reliability)")
    parser.add_argument("--out", type=Path, default=Path("var/reliability.json"))
    args = parser.parse_args()
    logging.basicConfig(level=logging.CRITICAL)  # the figures are the output; faults log plenty
    results = asyncio.run(run_all(FULL if args.full else REDUCED, args.out))
    print()
    print(table(results))
    print(f"\nwritten to {args.out}")
    return 0 if all(result.clean for result in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
