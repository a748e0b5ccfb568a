"""Understanding inbound email: what a client's reply to a proposal says, and whether to act on it.

`understand(raw, ...)` runs the whole pipeline and returns an `Understanding`; the steps live in
their own modules (decode, autoreply, quotes, intent, signature, sender) and every reason not to
act is a class in `errors`.
"""

from mail.inbound.intent import Intent
from mail.inbound.understand import Decision, Understanding, to_json, understand

__all__ = ["Decision", "Intent", "Understanding", "to_json", "understand"]
