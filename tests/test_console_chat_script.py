"""A scripted console session end to end: the real `assent` command, piped stdin, JSON out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SESSION = """\
/start
Acme Studio
Spain
1
EUR
English
/skip
/skip
/skip
/skip
ESB12345674
hello@acme.example
/skip
/skip
Save
/newclient Jane Doe, jane@doe.example, +34 600 000 000
Save
/newclient
Company
Tom & Jerry Ltd
/skip
billing@tomjerry.example
/skip
/skip
/skip
/skip
Mexico
XAXX010101000
Cartoons
Card
MXN
Spanish
VIP
Done
/skip
Yes
/skip
Save
"""


def assent(db_url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ASSENT_DATABASE_URL": db_url, "ASSENT_LOGGING_LEVEL": "WARNING"}
    command = [sys.executable, "-m", "assent.cli", *args]
    return subprocess.run(
        command, input=stdin, capture_output=True, text=True, env=env, timeout=120, check=False
    )


@pytest.mark.parametrize("leg", ["sqlite", "postgres"])
def test_a_piped_session_registers_two_clients_and_lists_them(
    leg: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if leg == "postgres":
        if os.environ.get("ASSENT_TEST_DB", leg) != leg:
            pytest.skip("ASSENT_TEST_DB excludes this leg")
        db_url = request.getfixturevalue("postgres_url")
    else:
        db_url = f"sqlite://{tmp_path}/console.sqlite3"
    chat = assent(db_url, "chat", "--user", "olivia", stdin=SESSION)
    assert chat.returncode == 0, chat.stderr
    blocks = chat.stdout.split("\n\n")
    assert "Saved client Jane Doe." in chat.stdout
    assert "Saved client Tom & Jerry Ltd." in chat.stdout
    assert "Traceback" not in chat.stderr
    assert len([b for b in blocks if b.strip()]) >= SESSION.count("\n")
    listing = assent(db_url, "clients", "list", "--json")
    assert listing.returncode == 0, listing.stderr
    clients = json.loads(listing.stdout)
    assert [c["display_name"] for c in clients] == ["Jane Doe", "Tom & Jerry Ltd"]
    tom = clients[1]
    assert tom["tax_id"] == "XAXX010101000" and tom["currency"] == "MXN"
    assert tom["billing_address"]["country"] == "MX" and tom["categories"] == ["VIP"]
    shown = assent(db_url, "clients", "show", str(tom["id"]), "--json")
    assert json.loads(shown.stdout)["payment_method"] == "Card"


def test_bad_configuration_stops_with_one_line_and_exit_code_2(tmp_path: Path) -> None:
    env = {**os.environ, "ASSENT_SMTP_PORT": "seventy"}
    result = subprocess.run(
        [sys.executable, "-m", "assent.cli", "migrate"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == "assent: configuration error: ASSENT_SMTP_PORT: must be a number, got 'seventy'"
    )
    missing = subprocess.run(
        [sys.executable, "-m", "assent.cli", "--config", str(tmp_path / "nope.toml"), "migrate"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert missing.returncode == 2 and "nope.toml" in missing.stderr


def test_mail_with_the_shipped_token_secret_refuses_to_start() -> None:
    env = {**os.environ, "ASSENT_IMAP_HOST": "127.0.0.1", "ASSENT_DATABASE_URL": "sqlite://:memory:"}
    env.pop("ASSENT_MAIL_TOKEN_SECRET", None)
    result = subprocess.run(
        [sys.executable, "-m", "assent.cli", "run"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("assent: configuration error: mail.token_secret: ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_documents_list_and_pdf_commands_for_scripts(tmp_path: Path) -> None:
    db_url = f"sqlite://{tmp_path}/docs.sqlite3"
    session = SESSION.split("/newclient\n")[0] + (
        "/newinvoice Jane\nLogo design @ 250 vat21\nDone\n/skip\n/skip\n/skip\nIssue\n"
        "/newproposal Jane\nWebsite @ 1200\nDone\n/skip\n/skip\nSave draft\n"
    )
    chat = assent(db_url, "chat", "--user", "olivia", stdin=session)
    # Jane has no address: in Spain an invoice up to 400 EUR is then a simplified one (FS- series).
    assert "Issued FS-" in chat.stdout, chat.stdout[-2000:]
    listing = json.loads(assent(db_url, "documents", "list", "--json").stdout)
    assert [(d["kind"], d["status"], d["total"]) for d in listing] == [
        ("invoice", "issued", "302.50"),
        ("proposal", "draft", "1452.00"),
    ]
    assert listing[0]["lines"][0]["net"] == "250.00"
    paid = json.loads(assent(db_url, "documents", "list", "--status", "paid", "--json").stdout)
    assert paid == []
    out = tmp_path / "out" / "invoice.pdf"
    result = assent(db_url, "documents", "pdf", listing[0]["number"], "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:4] == b"%PDF"
    draft = assent(db_url, "documents", "pdf", f"id:{listing[1]['id']}", "--out", str(out))
    assert draft.returncode == 0 and out.stat().st_size > 1000
    missing = assent(db_url, "documents", "pdf", "INV-1999-0001", "--out", str(out))
    assert missing.returncode == 1 and "no document" in missing.stdout


def test_the_bot_alone_refuses_to_start_without_a_token(tmp_path: Path) -> None:
    result = assent(f"sqlite://{tmp_path}/bot.sqlite3", "bot")
    assert result.returncode == 2
    assert result.stderr.strip().endswith(
        "telegram.token: is empty; the bot needs a token from @BotFather"
    )
