"""How well pasted text is read into client fields, on a labelled corpus of pastes.

Per field: recall (expected values read right) and precision (values read that are right), and
how many deliberately broken values were caught as doubts (and how many doubts were raised where
nothing was broken). Values are compared as the product stores them: phones in E.164, tax IDs
compacted (with or without their country prefix), emails and web sites case-insensitive, names
and addresses ignoring case, spacing and trailing punctuation. A labelled `also_acceptable`
answer counts as right. A broken value's field is scored only as a doubt.

    .venv/bin/python bench/intake_fields.py [--corpus tests/fixtures/intake/blind/pasted.jsonl]
                                            [--misses]

Corpus rows: {"text", "business_country" (or "region"), "expected": {field: value},
"doubtful": [field, ...] (or "doubts": [[field, text], ...]), "also_acceptable": {field: [...]}}.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

import phonenumbers

from billing import postcodes
from billing.clients.intake import parse_contact
from billing.clients.intake.draft import FIELDS
from billing.countries import fold

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "intake" / "own.jsonl"
SCORED = tuple(name for name in FIELDS if name != "role")


def same(field: str, expected: str, read: str, country: str) -> bool:
    return bool(read) and canonical(field, expected, country) == canonical(field, read, country)


def canonical(field: str, value: str, country: str) -> str:
    value = value.strip()
    if field == "phone":
        try:
            number = phonenumbers.parse(value, country or None)
        except phonenumbers.NumberParseException:
            return value
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if field == "tax_id":
        compact = re.sub(r"[\s.\-/]", "", value).upper()
        return compact[2:] if re.match(r"[A-Z]{2}\d", compact) else compact
    if field == "website":
        return re.sub(r"^(https?://)?(www\.)?", "", value.lower()).rstrip("/")
    if field == "postcode":
        return postcodes.normalize(value)
    if field in ("email", "country"):
        return value.casefold()
    return " ".join(fold(value).split()).strip(" .,;")


def doubted(row: dict) -> list[str]:
    if "doubtful" in row:
        return list(row["doubtful"])
    return [field for field, _ in row.get("doubts", [])]


def score(rows: list[dict], misses: bool) -> None:
    found, right, expected = Counter(), Counter(), Counter()
    caught = raised = broken = 0
    for row in rows:
        country = row.get("business_country") or row.get("region") or ""
        draft = parse_contact(row["text"], region=country)
        read = draft.values()
        broken_fields = doubted(row)
        home = row["expected"].get("country") or country
        for field in SCORED:
            if field in broken_fields:
                continue
            want = row["expected"].get(field, "")
            got = read.get(field, "")
            accepted = [want, *row.get("also_acceptable", {}).get(field, [])]
            ok = bool(want) and any(same(field, value, got, home) for value in accepted if value)
            expected[field] += bool(want)
            found[field] += bool(got)
            right[field] += ok
            if misses and (want or got) and not ok:
                print(f"  {row.get('id', row.get('name', '?'))} {field}: want {want!r} got {got!r}")
        doubt_fields = {doubt.field for doubt in draft.doubts}
        broken += len(broken_fields)
        caught += len(set(broken_fields) & doubt_fields)
        raised += len(doubt_fields - set(broken_fields))
    print(f"{'field':<10} {'recall':>8} {'precision':>10}   right/expected  right/read")
    for field in SCORED:
        recall = right[field] / expected[field] if expected[field] else 0.0
        precision = right[field] / found[field] if found[field] else 0.0
        counts = f"{right[field]:>5}/{expected[field]:<8} {right[field]:>4}/{found[field]}"
        print(f"{field:<10} {recall:>7.1%} {precision:>10.1%}   {counts}")
    total_right, total_expected = sum(right.values()), sum(expected.values())
    total_found = sum(found.values())
    print(
        f"{'all':<10} {total_right / total_expected:>7.1%} {total_right / total_found:>10.1%}"
        f"   {total_right:>5}/{total_expected:<8} {total_right:>4}/{total_found}"
    )
    print(f"doubts caught: {caught}/{broken} broken values; doubts raised elsewhere: {raised}")
    print(f"pastes: {len(rows)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--misses", action="store_true", help="list every wrong or missed value")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.corpus.read_text().splitlines() if line.strip()]
    score(rows, args.misses)


if __name__ == "__main__":
    main()
