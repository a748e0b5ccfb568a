"""Why the mailbox could not be read, as classes the listener catches to reconnect and to log.

Every one of them means "drop this connection, wait, and try again": the listener counts them as
consecutive failures and tells the owners when the mailbox has been unreachable for a while.
"""

from __future__ import annotations


class MailboxError(Exception):
    """The IMAP conversation failed; the connection is no longer usable."""


class MailboxUnreachable(MailboxError, ConnectionError):
    """The server could not be reached, refused the connection, or failed the TLS handshake."""


class MailboxTimeout(MailboxError, TimeoutError):
    """The server did not answer within imap.command_timeout_seconds."""


class MailboxDisconnected(MailboxError, ConnectionError):
    """The server said BYE or closed the connection."""


class MailboxLoginRefused(MailboxError):
    """The server refused imap.username/imap.password (or offered no STARTTLS when required)."""


class MailboxCommandRefused(MailboxError):
    """The server answered NO or BAD to a command, e.g. SELECT of a mailbox that does not exist."""
