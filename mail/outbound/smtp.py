"""One SMTP conversation per email, with aiosmtplib, and its failures mapped onto named errors.

The security setting picks the transport: "plain" (loopback relays, tests), "starttls" (port
587 submission) or "ssl" (port 465). Login happens when smtp.username is set. Each command is
bounded by smtp.timeout_seconds and the whole conversation by `deadline`, which the sender keeps
shorter than its claim on the row, so a stuck server can never let a second sender in.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import aiosmtplib

from assent.settings import SmtpSettings
from mail.outbound.errors import (
    DeliveryError,
    LoginRefused,
    MessageRefused,
    RecipientRefused,
    SmtpMisconfigured,
    SmtpUnavailable,
)

_NETWORK = (aiosmtplib.SMTPException, OSError, TimeoutError)


class _Recording(aiosmtplib.SMTP):
    """aiosmtplib's client with a hook run just before DATA, after the envelope was accepted."""

    def __init__(self, before_data: Callable[[], Awaitable[None]] | None, **options: Any) -> None:
        super().__init__(**options)
        self._before_data = before_data

    async def data(self, message: str | bytes, *args: Any, **kwargs: Any) -> Any:
        if self._before_data is not None:
            await self._before_data()
        return await super().data(message, *args, **kwargs)


async def transmit(
    smtp: SmtpSettings,
    *,
    sender: str,
    recipients: Sequence[str],
    message: bytes,
    deadline: float,
    before_data: Callable[[], Awaitable[None]] | None = None,
) -> dict[str, str]:
    """Hand the message to the server; returns the recipients it refused while accepting others.

    `before_data` runs once the envelope is accepted and before the message is sent: the
    outbox records there that the outcome of a crash from then on is unknown.

    Once the server has answered the DATA with 2xx the email is delivered: a failing QUIT after
    that is ignored, because reporting it would make the outbox send the email again. The QUIT
    gets at most a quarter of `deadline` on top, so the whole call ends within 1.25 × deadline.
    """
    client = _Recording(
        before_data,
        hostname=smtp.host,
        port=smtp.port,
        username=smtp.username or None,
        password=smtp.password or None,
        use_tls=smtp.security == "ssl",
        start_tls=smtp.security == "starttls",
        timeout=smtp.timeout_seconds,
    )
    try:
        async with asyncio.timeout(deadline):
            await client.connect()
            refused, _ = await client.sendmail(sender, list(recipients), message)
        with contextlib.suppress(*_NETWORK):
            await client.quit(timeout=min(smtp.timeout_seconds, deadline / 4))
    except _NETWORK as exc:
        raise delivery_error(exc) from exc
    finally:
        client.close()
    return {address: f"{reply.code} {reply.message}" for address, reply in refused.items()}


def delivery_error(exc: BaseException) -> DeliveryError:
    """Name what went wrong; 5xx refusals of every recipient are the only permanent failure."""
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        replies = [f"{r.recipient}: {r.code} {r.message}" for r in exc.recipients]
        permanent = all(r.code >= 500 for r in exc.recipients)
        return RecipientRefused("; ".join(replies), permanent=permanent)
    if isinstance(exc, aiosmtplib.SMTPAuthenticationError):
        return LoginRefused(f"{exc.code} {exc.message}")
    if isinstance(exc, aiosmtplib.SMTPNotSupported):
        return SmtpMisconfigured(str(exc))
    if isinstance(exc, aiosmtplib.SMTPConnectError | aiosmtplib.SMTPServerDisconnected):
        return SmtpUnavailable(str(exc) or type(exc).__name__)
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        return MessageRefused(f"{exc.code} {exc.message}")
    return SmtpUnavailable(str(exc) or type(exc).__name__)
