"""The public quote-stripping corpora under tests/fixtures/quotes_public, as cases to score.

mailgun/talon (Apache-2.0), github/email_reply_parser (MIT), closeio/quotequail (MIT) and
discourse/email_reply_trimmer (MIT) pin, in their own tests, the reply text a stripper should
keep; each corpus folder holds those cases (cases.json: a body or its file, a reply or its
file), the project's LICENSE, and `assent_policy.json` where Assent wants another reply on
purpose.
Shared by the test that pins what passes and by `bench/quote_corpora.py`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from mail.inbound.htmltext import html_to_text
from mail.inbound.quotes import strip_quotes

CORPORA = Path(__file__).resolve().parent / "fixtures" / "quotes_public"


@dataclass(frozen=True)
class Case:
    corpus: str
    name: str
    kind: str  # "text" | "html"
    body: str
    reply: str  # what the project's own tests expect
    ours: str  # what Assent wants (the same unless assent_policy.json says otherwise)
    why: str


def load(root: Path = CORPORA) -> list[Case]:
    """Every case of every corpus folder under `root` (cases.json, optional assent_policy.json).
    Files are read with universal newlines, as a decoded email body reaches the stripper."""
    cases = []
    for folder in sorted(path.parent for path in root.glob("*/cases.json")):
        policy_file = folder / "assent_policy.json"
        policy = (json.loads(policy_file.read_text(encoding="utf-8"))
                  if policy_file.is_file() else {})
        for case in json.loads((folder / "cases.json").read_text(encoding="utf-8")):
            body = case.get("body")
            if body is None:
                body = (folder / case["file"]).read_text(encoding="utf-8")
            reply = case.get("reply")
            if reply is None:
                reply = (folder / case["reply_file"]).read_text(encoding="utf-8")
            wanted = policy.get(case["name"], {})
            cases.append(Case(folder.name, case["name"], case["kind"], body, reply,
                              wanted.get("reply", reply), wanted.get("why", "")))
    return cases


def our_reply(case: Case) -> str:
    """What Assent keeps: an HTML body is flattened without its marked quotes first (decode.py)."""
    text = html_to_text(case.body) if case.kind == "html" else case.body
    return strip_quotes(text)


def is_clean(got: str, wanted: str) -> bool:
    return squash(got) == squash(wanted)


def squash(text: str) -> str:
    """Whitespace aside: line wrapping and blank lines are not what a stripper is judged on."""
    return " ".join(text.split())
