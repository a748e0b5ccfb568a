"""A real Dovecot IMAP server in a temp dir, because the IMAP listener must face real IDLE and UIDs.

aioimaplib's bundled mock hangs on flag stores and has no header search (see TESTING.md), so the
listener is tested against Dovecot 2.3 started as root on a free loopback port. Mail is seeded by
IMAP APPEND (which answers the UID), mailbox state is read and bent with `doveadm`.
"""

import atexit
import imaplib
import os
import re
import shutil
from pathlib import Path

from tests.services.host import (
    MissingBinary,
    find_binary,
    give_to_unprivileged,
    is_root,
    run,
    scratch_dir,
    tail,
    terminate,
)
from tests.services.ports import LOOPBACK, free_port, wait_until_listening

PACKAGE = "dovecot-imapd"
IMAP_BINARY = "/usr/lib/dovecot/imap"
READY_TIMEOUT = 10.0
APPENDUID = re.compile(rb"\[APPENDUID (\d+) (\d+)\]")
USER_NAME = re.compile(r"[A-Za-z0-9_@+-][A-Za-z0-9._@+-]*")

# Tests log in with wrong passwords on purpose: auth_failure_delay and the anvil-auth-penalty
# listener (mode 0 turns it off) would otherwise slow every later login from 127.0.0.1.
CONFIG = """\
base_dir = {dir}/run
state_dir = {dir}/state
log_path = {dir}/dovecot.log
protocols = imap
listen = {host}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = nobody
default_login_user = nobody
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = {dir}/users/%u
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={dir}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
"""


class DovecotServer:
    """Dovecot with plaintext LOGIN on 127.0.0.1 and a free port, for users added at any time."""

    host = LOOPBACK

    def __init__(self) -> None:
        self.port = 0
        self._dir: Path | None = None
        self._users: dict[str, str] = {}
        self._doveadm = ""

    @property
    def config_path(self) -> Path:
        if self._dir is None:
            raise RuntimeError("DovecotServer is not started")
        return self._dir / "dovecot.conf"

    def add_user(self, name: str, password: str) -> None:
        """Before or after start; the user can log in at once.

        Each user has a passwd-file of their own (`users/%u`): Dovecot stats a shared passwd-file
        at most once a second, so a user added just after another login would be unknown for up
        to a second. Changing an existing user's password has that delay still.
        """
        if not USER_NAME.fullmatch(name) or not password or any(c in password for c in ":\r\n"):
            raise ValueError(f"not usable in a passwd-file: {name!r}")
        self._users[name] = password
        if self._dir is not None:
            self._write_user(name)

    def start(self) -> None:
        dovecot = find_binary("dovecot", PACKAGE)
        self._doveadm = find_binary("doveadm", PACKAGE)
        if not os.access(IMAP_BINARY, os.X_OK):
            raise MissingBinary(IMAP_BINARY, PACKAGE)
        if not is_root():
            raise RuntimeError("Dovecot must be started as root: as a user it cannot chown sockets")
        self._dir = scratch_dir("assent-imap-")
        self.port = free_port()
        atexit.register(self.stop)
        for sub in ("run", "state", "home", "users"):
            (self._dir / sub).mkdir()
        self.config_path.write_text(CONFIG.format(dir=self._dir, host=LOOPBACK, port=self.port))
        for name in self._users:
            self._write_user(name)
        give_to_unprivileged(self._dir)
        try:
            run([dovecot, "-c", str(self.config_path)], cwd=self._dir)
            if not wait_until_listening(self.port, READY_TIMEOUT):
                raise RuntimeError(f"not listening on port {self.port} after {READY_TIMEOUT} s")
        except Exception as error:
            log = tail(self._dir / "dovecot.log")
            self.stop()
            raise RuntimeError(f"Dovecot did not start: {error}\n{log}") from error

    def stop(self) -> None:
        """Stop the master named in the pid file, and its workers; safe twice and from atexit."""
        atexit.unregister(self.stop)
        if self._dir is None:
            return
        try:
            pid = int((self._dir / "run" / "master.pid").read_text().strip())
        except (FileNotFoundError, ValueError):
            pid = 0
        if pid:
            terminate(pid)
        shutil.rmtree(self._dir, ignore_errors=True)
        self._dir = None

    def append(self, user: str, password: str, raw: bytes, mailbox: str = "INBOX") -> int:
        """Deliver a message the way a client would, and return the UID Dovecot gave it."""
        with imaplib.IMAP4(self.host, self.port, timeout=5) as imap:
            imap.login(user, password)
            status, data = imap.append(_quoted(mailbox), None, None, raw)
            found = APPENDUID.search(data[0] or b"") if status == "OK" else None
            if not found:
                raise RuntimeError(f"APPEND to {mailbox} failed: {status} {data!r}")
            return int(found.group(2))

    def create_mailbox(self, user: str, mailbox: str) -> None:
        self._doveadm_run("mailbox", "create", "-u", user, mailbox)

    def uidvalidity(self, user: str, mailbox: str = "INBOX") -> int:
        output = self._doveadm_run("-f", "tab", "mailbox", "status", "-u", user, "uidvalidity",
                                   mailbox)
        return int(output.split()[-1])

    def change_uidvalidity(self, user: str, mailbox: str = "INBOX") -> int:
        """Make every UID a client remembered for this mailbox invalid, as a server rebuild does.

        Returns the new UIDVALIDITY. Messages stay. A client with the mailbox selected gets no
        push while idling; its next command is answered `* BYE IMAP session state is
        inconsistent, please relogin.` and the connection closes (aioimaplib then hangs
        unless the await is bounded).
        """
        new = self.uidvalidity(user, mailbox) + 1
        self._doveadm_run("mailbox", "update", "-u", user, "--uid-validity", str(new), mailbox)
        return new

    def _write_user(self, name: str) -> None:
        assert self._dir is not None
        staging = self._dir / "users" / f".{name}.new"
        staging.write_text(f"{name}:{{PLAIN}}{self._users[name]}\n")
        os.replace(staging, self._dir / "users" / name)

    def _doveadm_run(self, *args: str) -> str:
        """doveadm reads the mail store directly (as the userdb's uid), so it works without IMAP."""
        return run([self._doveadm, "-c", str(self.config_path), *args], cwd=self.config_path.parent)

    def __enter__(self) -> "DovecotServer":
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _quoted(mailbox: str) -> str:
    """imaplib sends arguments verbatim, so a mailbox name with a space must be quoted by us."""
    return '"' + mailbox.replace("\\", "\\\\").replace('"', '\\"') + '"'
