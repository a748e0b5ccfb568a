"""Scoring intake against labelled pastes: per-field right/expected/read and doubts caught.

Shared by bench/intake_fields.py (prints the table) and tests/test_intake_parsing.py (holds the
blind set's score). Values are compared as the product stores them: phones in E.164, tax IDs
compacted (with or without their country prefix), emails and web sites case-insensitive, names
and addresses ignoring case, spacing and trailing punctuation. A labelled `also_acceptable`
answer counts as right. A deliberately broken value's field is scored only as a doubt.

Rows: {"text", "business_country" (or "region"), "expected": {field: value},
"doubtful": [field, ...] (or "doubts": [[field, text], ...]), "also_acceptable": {field: [...]}}.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import phonenumbers

from billing import postcodes
from billing.clients.intake import parse_contact
from billing.clients.intake.draft import FIELDS
from billing.countries import fold

SCORED = tuple(name for name in FIELDS if name != "role")
INTAKE_FIXTURES = Path(__file__).parent / "fixtures" / "intake"


@dataclass
class Score:
    right: Counter[str] = field(default_factory=Counter)
    expected: Counter[str] = field(default_factory=Counter)
    read: Counter[str] = field(default_factory=Counter)
    broken: int = 0
    caught: int = 0
    raised_elsewhere: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return sum(self.right.values()) / max(1, sum(self.expected.values()))

    @property
    def precision(self) -> float:
        return sum(self.right.values()) / max(1, sum(self.read.values()))


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def score(rows: list[dict]) -> Score:
    result = Score()
    for row in rows:
        country = row.get("business_country") or row.get("region") or ""
        draft = parse_contact(row["text"], region=country)
        read = draft.values()
        broken = _doubted(row)
        home = row["expected"].get("country") or country
        for name in SCORED:
            if name in broken:
                continue
            want, got = row["expected"].get(name, ""), read.get(name, "")
            accepted = [want, *row.get("also_acceptable", {}).get(name, [])]
            ok = bool(want) and any(_same(name, value, got, home) for value in accepted if value)
            result.expected[name] += bool(want)
            result.read[name] += bool(got)
            result.right[name] += ok
            if (want or got) and not ok:
                label = row.get("id", row.get("name", "?"))
                result.misses.append(f"{label} {name}: want {want!r} got {got!r}")
        doubts = {doubt.field for doubt in draft.doubts}
        result.broken += len(broken)
        result.caught += len(set(broken) & doubts)
        result.raised_elsewhere += len(doubts - set(broken))
    return result


def _doubted(row: dict) -> list[str]:
    if "doubtful" in row:
        return list(row["doubtful"])
    return [name for name, _ in row.get("doubts", [])]


def _same(name: str, expected: str, read: str, country: str) -> bool:
    return bool(read) and _canonical(name, expected, country) == _canonical(name, read, country)


def _canonical(name: str, value: str, country: str) -> str:
    value = value.strip()
    if name == "phone":
        try:
            number = phonenumbers.parse(value, country or None)
        except phonenumbers.NumberParseException:
            return value
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if name == "tax_id":
        compact = re.sub(r"[\s.\-/]", "", value).upper()
        return compact[2:] if re.match(r"[A-Z]{2}\d", compact) else compact
    if name == "website":
        return re.sub(r"^(https?://)?(www\.)?", "", value.lower()).rstrip("/")
    if name == "postcode":
        return postcodes.normalize(value)
    if name in ("email", "country"):
        return value.casefold()
    return " ".join(fold(value).split()).strip(" .,;")
