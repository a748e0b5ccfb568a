"""Why an inbound email does not become an invoice, as class names the listener can store and catch.

Each verdict is an exception so a pipeline step can raise it, and a value so `understand()` can
return it in `Understanding.skip_reason`; the listener stores `type(reason).__name__`. Grouping
by meaning (`Skipped` vs `NeedsOwner`) lets callers catch "ignore this" or "ask a human" at once.
"""

from __future__ import annotations

from dataclasses import dataclass


class InboundVerdict(Exception):
    """Base class for every reason a reply is not turned into an invoice."""


class Skipped(InboundVerdict):
    """The message was written by a machine; nobody should read it."""


class NeedsOwner(InboundVerdict):
    """A person wrote it, but something is uncertain: the owner decides."""


class LoopFromSelf(Skipped):
    """The message comes from one of Assent's own addresses (a copy or a mail loop)."""


class AutoReply(Skipped):
    """RFC 3834 headers, a null sender, or an out-of-office subject mark it as automatic."""


class MailingList(AutoReply):
    """List-Id, List-Unsubscribe or Precedence: list/bulk show it came through a list."""


class ReadReceipt(AutoReply):
    """An RFC 8098 disposition notification ("read receipt"), not a reply."""


@dataclass(frozen=True)
class BounceInfo:
    """What a delivery report tells about the failed message; fields are empty when absent."""

    original_message_id: str = ""
    failed_recipients: tuple[str, ...] = ()
    status: str = ""
    diagnostic: str = ""


class BounceReport(Skipped):
    """A delivery status notification (RFC 3464) or a mailer-daemon failure notice."""

    def __init__(self, info: BounceInfo) -> None:
        super().__init__(info.original_message_id or "delivery failure")
        self.info = info


class UnclearIntent(NeedsOwner):
    """The reply neither accepts nor declines without conditions, questions or negation."""


class Unsigned(NeedsOwner):
    """The reply accepts but carries no typed full name."""


class SignerMismatch(NeedsOwner):
    """The typed name matches none of the client's or contacts' names."""


class SenderMismatch(NeedsOwner):
    """The From address is not one the proposal was sent to."""


class SenderSpoof(NeedsOwner):
    """The display name claims to be the client but the address is not the client's."""


class Unauthenticated(NeedsOwner):
    """No trusted DKIM or DMARC pass aligned with the From domain."""


class UnauthenticatedDecline(Unauthenticated):
    """A refusal without a trusted DKIM or DMARC pass: a forgery would close the proposal."""


class OtherProposal(NeedsOwner):
    """The reply names another proposal number, or an amount that is not this one's total."""


class Unreadable(NeedsOwner):
    """The message could not be read at all (broken beyond repair): a person must look."""
