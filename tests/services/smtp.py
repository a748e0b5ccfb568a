"""An SMTP sink on loopback, so outgoing mail is checked as bytes a real server received.

Wraps aiosmtpd's threaded Controller: it keeps every envelope, can require AUTH LOGIN/PLAIN over
plaintext (to test the sender's login), and can be stopped and started again on the same port to
test how the outbox rides out an outage.
"""

import asyncio
import time
from dataclasses import dataclass

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from tests.services.ports import LOOPBACK, free_port


@dataclass(frozen=True)
class ReceivedMail:
    """One accepted transaction: what the envelope said and the message bytes as sent."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    content: bytes


class _Keeper:
    """aiosmtpd handler that accepts everything (from logged-in senders, if asked) and keeps it."""

    def __init__(self, require_login: bool) -> None:
        self.received: list[ReceivedMail] = []
        self._require_login = require_login

    async def handle_MAIL(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        # Checked here, not with aiosmtpd's auth_required: that warns on every connection
        # without TLS, which `-W error` turns into a dead sink.
        if self._require_login and not session.authenticated:
            return "530 5.7.0 Authentication required"
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        self.received.append(
            ReceivedMail(envelope.mail_from or "", tuple(envelope.rcpt_tos), content)
        )
        return "250 Message accepted for delivery"


class _Password:
    """aiosmtpd authenticator that accepts exactly one login."""

    def __init__(self, username: str, password: str) -> None:
        self._expected = (username.encode(), password.encode())

    def __call__(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: object
    ) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and (
            auth_data.login, auth_data.password
        ) == self._expected
        # handled=False lets aiosmtpd answer 535 itself on a wrong password.
        return AuthResult(success=ok, handled=False, auth_data=auth_data)


class SmtpSink:
    """Accepts mail on 127.0.0.1:port; `credentials` makes AUTH mandatory before MAIL FROM."""

    host = LOOPBACK

    def __init__(self, credentials: tuple[str, str] | None = None) -> None:
        self.port = free_port()
        self._credentials = credentials
        self._keeper = _Keeper(require_login=credentials is not None)
        self._controller: Controller | None = None

    @property
    def received(self) -> list[ReceivedMail]:
        """Every accepted message so far, oldest first; survives restarts."""
        return list(self._keeper.received)

    def start(self) -> None:
        """Listen on the same port every time, so a restarted sink is found where it was."""
        if self._controller is not None:
            return
        auth: dict[str, object] = {}
        if self._credentials:
            auth = {"auth_require_tls": False, "authenticator": _Password(*self._credentials)}
        # A Controller's loop is closed by stop(), so each start needs a fresh one.
        controller = Controller(
            self._keeper, hostname=LOOPBACK, port=self.port, server_hostname="sink.test", **auth
        )
        controller.start()
        self._controller = controller

    def stop(self) -> None:
        """Close the port: senders now get connection refused, as during a real outage."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    async def wait_for(self, count: int, timeout: float = 5.0) -> list[ReceivedMail]:
        """Wait until `count` messages have arrived; mail is often sent by a background task."""
        deadline = time.monotonic() + timeout
        while len(self._keeper.received) < count:
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"SMTP sink got {len(self._keeper.received)} of {count} messages in {timeout} s"
                )
            await asyncio.sleep(0.02)
        return self.received

    def __enter__(self) -> "SmtpSink":
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
