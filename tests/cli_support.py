"""Running the real `assent` command in a subprocess, with only the settings a test gives it."""

from __future__ import annotations

import os
import subprocess
import sys


def cli_env(**settings: str) -> dict[str, str]:
    """This process's environment without any ASSENT_* setting but the test's own web port
    (tests/conftest.py), plus `settings`."""
    kept = {k: v for k, v in os.environ.items() if not k.startswith("ASSENT_")}
    if "ASSENT_WEB_PORT" in os.environ:
        kept["ASSENT_WEB_PORT"] = os.environ["ASSENT_WEB_PORT"]
    return kept | settings


def assent(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assent.cli", *args],
        input=stdin, capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip
