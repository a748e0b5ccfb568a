"""Running the real `assent` command in a subprocess, with only the settings a test gives it."""

from __future__ import annotations

import os
import subprocess
import sys


def cli_env(**settings: str) -> dict[str, str]:
    """This process's environment without any ASSENT_* setting, plus `settings`."""
    return {k: v for k, v in os.environ.items() if not k.startswith("ASSENT_")} | settings


def assent(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assent.cli", *args],
        input=stdin, capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
