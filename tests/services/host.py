"""What the test servers need from the machine: their binaries, an unprivileged owner, clean exits.

Postgres refuses to run as root and Dovecot drops to `nobody`, while these machines (CI too) run
the tests as root; the helpers here hide that difference from the server classes.
"""

import contextlib
import glob
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

UNPRIVILEGED_USER = "nobody"
UNPRIVILEGED_GROUP = "nogroup"
INSTALL_HINT = "scripts/install-test-services.sh does, and `make test` runs it"


class MissingBinary(RuntimeError):
    """A server program is not installed; the message names the Debian package to install."""

    def __init__(self, binary: str, package: str) -> None:
        super().__init__(f"{binary} not found: install Debian package {package}; {INSTALL_HINT}")
        self.package = package


def find_binary(name: str, package: str, fallback_globs: tuple[str, ...] = ()) -> str:
    """Look on PATH first, then where Debian hides versioned binaries (newest version wins)."""
    found = shutil.which(name)
    if found:
        return found
    for pattern in fallback_globs:
        candidates = sorted(glob.glob(os.path.join(pattern, name)), reverse=True)
        if candidates:
            return candidates[0]
    raise MissingBinary(name, package)


def is_root() -> bool:
    return os.geteuid() == 0


def as_unprivileged(argv: list[str]) -> list[str]:
    """Prefix a command so root runs it as nobody; a non-root user runs it as itself."""
    return ["runuser", "-u", UNPRIVILEGED_USER, "--", *argv] if is_root() else argv


def scratch_dir(prefix: str) -> Path:
    """A temp dir the unprivileged server user may write to."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    give_to_unprivileged(path)
    return path


def give_to_unprivileged(path: Path) -> None:
    """chown -R to nobody:nogroup when we are root; otherwise the files are ours already."""
    if not is_root():
        return
    shutil.chown(path, UNPRIVILEGED_USER, UNPRIVILEGED_GROUP)
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            shutil.chown(os.path.join(root, name), UNPRIVILEGED_USER, UNPRIVILEGED_GROUP)


def run(argv: list[str], cwd: Path, timeout: float = 60) -> str:
    """Run a tool to completion; on failure the error carries its stderr, not just an exit code.

    Output goes through files, not pipes: a daemon that forks keeps inherited pipes open and
    would make us wait for it to exit.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        code = subprocess.run(
            argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
            timeout=timeout, check=False,
        ).returncode
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if code != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {code}: {(stderr or stdout).strip()}")
    return stdout


def _stat_fields(pid: int) -> list[str]:
    """/proc/PID/stat after the command name: [state, ppid, pgrp, session, ...]; [] once gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return []


def pid_alive(pid: int) -> bool:
    """True while the process runs; a zombie counts as gone (no init may reap a daemon here)."""
    fields = _stat_fields(pid)
    return bool(fields) and fields[0] != "Z"


def _session_members(leader: int) -> set[int]:
    pids = [int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit()]
    members = {pid for pid in pids if (f := _stat_fields(pid)) and f[3] == str(leader)}
    return {pid for pid in members | {leader} if pid_alive(pid)}


def terminate(leader: int, timeout: float = 10) -> None:
    """SIGTERM a daemon we started and every process in its session, and wait for all of them.

    Workers are signalled with their master because Dovecot's master, stopped alone, waits up to
    six seconds for idle workers; ones it forks meanwhile are signalled too. SIGKILL after timeout.
    """
    for sig in (signal.SIGTERM, signal.SIGKILL):
        signalled: set[int] = set()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            alive = _session_members(leader)
            if not alive:
                return
            for pid in alive - signalled:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, sig)
            signalled |= alive
            time.sleep(0.02)


def tail(path: Path, lines: int = 20) -> str:
    """The end of a server log, to put into an error message."""
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return f"(no log at {path})"
