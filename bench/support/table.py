"""The one table `make bench` prints: figure, value, unit, anchor, ratio, target, met.

Each bench script hands its figures to `report()`, which prints them and merges them into
`var/bench.json` (a list of objects with exactly those keys; a figure measured again replaces
its old row). `python -m bench.support.table` prints the whole file as one table, which is how
`make bench` ends. A target is a bound on the value (or, where the figure is compared with an
anchor measured in the same run, on the ratio): `met` says whether this run kept it.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import asdict, dataclass
from pathlib import Path

RESULTS = Path(__file__).resolve().parents[2] / "var" / "bench.json"
COLUMNS = ("figure", "value", "unit", "anchor", "ratio", "target", "met")


@dataclass(frozen=True)
class Figure:
    """One measured figure. `anchor` is the same quantity for a reference measured in the same
    run (ratio = value / anchor); `target` reads like "<= 20" or ">= 0.6" and applies to the
    ratio when `target_on_ratio`, else to the value. Without a target, `met` is None."""

    figure: str
    value: float
    unit: str
    anchor: float | None = None
    target: str = ""
    target_on_ratio: bool = False

    @property
    def ratio(self) -> float | None:
        return None if not self.anchor else self.value / self.anchor

    @property
    def met(self) -> bool | None:
        if not self.target:
            return None
        operator, bound = self.target.split()
        checked = self.ratio if self.target_on_ratio else self.value
        if checked is None:
            return False
        return checked <= float(bound) if operator == "<=" else checked >= float(bound)

    def row(self) -> dict[str, object]:
        fields = asdict(self)
        target = self.target + (" (ratio)" if self.target and self.target_on_ratio else "")
        return {
            "figure": self.figure,
            "value": round(fields["value"], 4),
            "unit": self.unit,
            "anchor": None if self.anchor is None else round(self.anchor, 4),
            "ratio": None if self.ratio is None else round(self.ratio, 3),
            "target": target,
            "met": self.met,
        }


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: p95 of 200 samples is the 190th smallest."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def median(values: list[float]) -> float:
    return statistics.median(values)


def render(rows: list[dict[str, object]]) -> str:
    def cell(value: object) -> str:
        if value is None:
            return "—"
        if isinstance(value, bool):
            return "yes" if value else "NO"
        if isinstance(value, float):
            return f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"
        return str(value)

    table = [list(COLUMNS)] + [[cell(row[column]) for column in COLUMNS] for row in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(COLUMNS))]
    lines = [
        " | ".join(text.ljust(width) for text, width in zip(line, widths, strict=True))
        for line in table
    ]
    lines.insert(1, "-+-".join("-" * width for width in widths))
    return "\n".join(lines)


def load() -> list[dict[str, object]]:
    return json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else []


def report(figures: list[Figure]) -> None:
    """Print this script's figures and merge them into var/bench.json."""
    rows = [figure.row() for figure in figures]
    print(render(rows))
    names = {row["figure"] for row in rows}
    merged = [row for row in load() if row["figure"] not in names] + rows
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(merged, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> None:
    rows = load()
    print(render(rows) if rows else f"no figures in {RESULTS}")


if __name__ == "__main__":
    main()
