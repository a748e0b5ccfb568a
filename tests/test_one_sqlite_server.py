"""Two Assent processes serving one SQLite file used to fail events with "database is locked";
the second is now refused at start with one line naming database.url, while one-shot commands
(a client list for a script) still run beside the first."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_support import assent, cli_env

# Name, country, its clock (Spain has two: [1] Madrid), currency, language, then eight optional
# answers left empty (address in four parts, tax ID, email, bank details, tax rates).
SETUP = "/start\nAcme Studio\nSpain\n1\nEUR\nEnglish\n" + "/skip\n" * 8 + "Save\n"


def _env(tmp_path: Path) -> dict[str, str]:
    return cli_env(
        ASSENT_DATABASE_URL=f"sqlite://{tmp_path}/one.sqlite3",
        ASSENT_STORAGE_PATH=str(tmp_path / "files"),
        ASSENT_LOGGING_LEVEL="WARNING",
    )


@pytest.mark.timeout(600)  # several real processes on a shared machine
def test_a_second_serving_process_is_refused_and_scripts_still_read(tmp_path: Path) -> None:
    env = _env(tmp_path)
    # Migrated first: every command migrates at start, and two processes migrating one fresh
    # file at once collide ("duplicate column name"); that race is not what this test is about.
    assert assent(env, "migrate").returncode == 0
    first = subprocess.Popen(
        [sys.executable, "-m", "assent.cli", "run"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env=env,
    )  # fmt: skip
    try:
        first.stdin.write(SETUP + "/newclient Jane Doe, jane@doe.example\nSave\n")  # type: ignore[union-attr]
        first.stdin.flush()  # type: ignore[union-attr]
        listing = subprocess.CompletedProcess([], 1, "[]", "")
        for _ in range(600):  # until the first process has saved the client
            listing = assent(env, "clients", "list", "--json")
            if listing.returncode == 0 and json.loads(listing.stdout):
                break
        assert [c["display_name"] for c in json.loads(listing.stdout)] == ["Jane Doe"]
        for command in ("run", "chat"):
            second = assent(env, command, stdin="/newclient Bob Roe\nSave\n")
            assert second.returncode == 2, second.stderr
            (line,) = second.stderr.strip().splitlines()
            assert line.startswith("assent: configuration error: database.url: another Assent")
    finally:
        out, err = first.communicate(timeout=240)
    assert first.returncode == 0 and "Traceback" not in err, err
    assert "Saved client Jane Doe." in out
    again = assent(env, "chat", stdin="/clients\n")  # the lock goes with the process
    assert again.returncode == 0 and "Jane Doe" in again.stdout
