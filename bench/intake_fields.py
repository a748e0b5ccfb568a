"""How well pasted text is read into client fields, on a labelled corpus of pastes.

Per field: recall (expected values read right) and precision (values read that are right), and
how many deliberately broken values were caught as doubts (and how many doubts were raised where
nothing was broken). How values are compared: tests/intake_scoring.py.

    .venv/bin/python bench/intake_fields.py [--corpus tests/fixtures/intake/blind/pasted.jsonl]
                                            [--misses]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bench.support.table import Figure, report
from tests.intake_scoring import INTAKE_FIXTURES, SCORED, load, score


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--corpus", type=Path, default=INTAKE_FIXTURES / "own.jsonl")
    parser.add_argument("--misses", action="store_true", help="list every wrong or missed value")
    args = parser.parse_args()
    rows = load(args.corpus)
    result = score(rows)
    if args.misses:
        print("\n".join(f"  {miss}" for miss in result.misses))
    print(f"{'field':<10} {'recall':>8} {'precision':>10}   right/expected  right/read")
    for name in SCORED:
        right, expected, read = result.right[name], result.expected[name], result.read[name]
        recall = right / expected if expected else 0.0
        precision = right / read if read else 0.0
        print(f"{name:<10} {recall:>7.1%} {precision:>10.1%}   {right:>5}/{expected:<8} "
              f"{right:>4}/{read}")
    right, expected, read = (sum(c.values()) for c in (result.right, result.expected, result.read))
    print(f"{'all':<10} {result.recall:>7.1%} {result.precision:>10.1%}   {right:>5}/{expected:<8} "
          f"{right:>4}/{read}")
    print(f"doubts caught: {result.caught}/{result.broken} broken values; "
          f"doubts raised elsewhere: {result.raised_elsewhere}")
    print(f"pastes: {len(rows)}")
    report([
        Figure(f"intake fields ({args.corpus.name}): recall", result.recall, "share"),
        Figure(f"intake fields ({args.corpus.name}): precision", result.precision, "share"),
    ])


if __name__ == "__main__":
    main()
