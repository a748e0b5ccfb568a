"""One suite's figures, and the table and JSON file they end up in."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass
class SuiteResult:
    """runs: what was tried (kills, restarts, events, probes); failures: faults injected or
    refusals seen; lost / duplicated: outcomes missing or made twice; crashed: exceptions that
    escaped or processes that died of their own."""

    suite: str
    runs: int = 0
    failures: int = 0
    lost: int = 0
    duplicated: int = 0
    crashed: int = 0
    seconds: float = 0.0

    @property
    def clean(self) -> bool:
        return self.lost == self.duplicated == self.crashed == 0


COLUMNS = ("suite", "runs", "failures", "lost", "duplicated", "crashed", "seconds")


def table(results: list[SuiteResult]) -> str:
    rows = [COLUMNS] + [
        tuple(f"{getattr(r, c):.0f}" if c == "seconds" else str(getattr(r, c)) for c in COLUMNS)
        for r in results
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = [
        "| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |"
        for row in rows
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def write(results: list[SuiteResult], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([asdict(r) for r in results], indent=2) + "\n")
