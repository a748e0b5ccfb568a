"""`assent classify` prints, per file, what the listener would conclude about a reply."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assent.cli import main
from tests.inbound_support import CLIENT, CLIENT_EMAIL, TRUSTED, reply

REPLY_TO = "assent+1abcdefghij@reply.example"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[dict]]:
    status = main(["classify", *argv])
    return status, [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_one_json_object_per_file_with_the_listeners_verdict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = {
        "signed.eml": reply(REPLY_TO, f"I accept — {CLIENT}"),
        "unsigned.eml": reply(REPLY_TO, "I accept"),
        "unauthenticated.eml": reply(REPLY_TO, f"I accept — {CLIENT}", authenticated=False),
        "vacation.eml": reply(REPLY_TO, "I am away until Monday.", subject="Out of office"),
    }
    for name, raw in files.items():
        (tmp_path / name).write_bytes(raw)

    status, records = run(capsys, "--json", "--client-name", CLIENT, "--client-email",
                          CLIENT_EMAIL, "--authserv-id", TRUSTED,
                          *(str(tmp_path / name) for name in files))

    assert status == 0
    assert [Path(r["file"]).name for r in records] == list(files)
    assert set(records[0]) == {"file", "intent", "signed", "signer", "sender_matches",
                               "authenticated", "language", "reply_text", "decision"}
    assert [(r["intent"], r["decision"]) for r in records] == [
        ("accept", "invoice"), ("accept", "ask_owner"), ("accept", "ask_owner"),
        ("auto_reply", "ignore")]
    assert (records[0]["signer"], records[0]["authenticated"]) == (CLIENT, True)
    assert records[0]["reply_text"] == f"I accept — {CLIENT}"
    assert records[2]["authenticated"] is False


def test_without_the_client_nothing_is_an_invoice_and_a_missing_file_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "signed.eml").write_bytes(reply(REPLY_TO, f"I accept — {CLIENT}"))

    status, records = run(capsys, "--json", str(tmp_path / "signed.eml"),
                          str(tmp_path / "missing.eml"))

    assert status == 1
    (record,) = records
    assert (record["decision"], record["sender_matches"]) == ("ask_owner", False)
