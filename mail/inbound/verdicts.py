"""Why a reply was not acted on by itself, beyond what reading the mail can tell.

`errors.py` names what the message itself shows (an auto-reply, no signature, a spoof); these
name what only the database knows: the reply routes nowhere, was delivered twice, answers an
invoice, or answers a proposal that can no longer be accepted. The stored and notified form of
every verdict is `reason_code()`, the class name in snake case ("unroutable", "sender_spoof").
"""

from __future__ import annotations

import re

from mail.inbound.errors import InboundVerdict, NeedsOwner, Skipped


class Unroutable(Skipped):
    """No plus-address token, thread or proposal number ties the message to a proposal."""


class Duplicate(Skipped):
    """The same Message-ID (or the same bytes) was delivered before; that copy was acted on."""


class InvoiceReply(Skipped):
    """A reply to an invoice email: recorded against the invoice, nothing to decide."""


class UnmatchedBounce(Skipped):
    """A delivery failure report about a message Assent has no record of sending."""


class ProposalExpired(NeedsOwner):
    """The reply arrived after the proposal's valid-until date."""


class AlreadyAccepted(NeedsOwner):
    """The proposal was accepted before, by another reply or by the owner."""


class ProposalNotOpen(NeedsOwner):
    """The proposal is not waiting for an answer (a draft, declined, cancelled, accepted)."""


_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def reason_code(verdict: InboundVerdict) -> str:
    """The stable name stored in InboundMessage.skip_reason and sent in notifications."""
    return _CAMEL.sub("_", type(verdict).__name__).lower()
