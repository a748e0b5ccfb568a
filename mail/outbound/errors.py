"""Why an email was not composed, queued or delivered, as classes callers catch by meaning.

Two families. Refusals of an owner's action (`DocumentNotIssued`, `NoRecipient`, …) are billing
errors with a message key, so the chat explains them in the owner's language. Delivery failures
(`SmtpUnavailable`, `RecipientRefused`, …) are what the sender stores in `OutboxEmail.last_error`
as "<ClassName>: <server reply>"; `permanent` says whether retrying could ever help.
"""

from __future__ import annotations

from billing.documents.errors import DocumentError


class DocumentNotIssued(DocumentError):
    """A draft was to be emailed: it has no number yet, so it must be issued first."""

    key = "document_not_issued"


class NoRecipient(DocumentError):
    """Neither the client nor its primary contact has an email address."""

    key = "client_without_email"


class InvalidAddress(DocumentError, ValueError):
    """An address cannot go into a header (no @, line breaks, or a non-ASCII local part)."""

    key = "email_address_invalid"


class SendOutOfOrder(DocumentError, ValueError):
    """A caller named a send number beyond the next one: it saw a send that never happened."""

    key = "send_out_of_order"


class DeliveryError(Exception):
    """An SMTP attempt failed; retried with backoff unless `permanent`."""

    permanent = False


class SmtpUnavailable(DeliveryError, ConnectionError):
    """The server could not be reached, timed out or hung up: an outage, retried later."""


class SmtpMisconfigured(DeliveryError):
    """The server and the smtp.* settings disagree (no STARTTLS, no AUTH offered): retried, as
    the settings may be fixed meanwhile."""


class LoginRefused(SmtpMisconfigured):
    """The server refused smtp.username/password."""


class MessageRefused(DeliveryError):
    """The server refused the sender or the message itself (size, policy, content)."""


class RecipientRefused(DeliveryError):
    """Every recipient was refused; permanent for 5xx replies (no such mailbox)."""

    def __init__(self, message: str, *, permanent: bool) -> None:
        super().__init__(message)
        self.permanent = permanent
