"""The one answer to a client (or contact) id that is not, or no longer, this business's."""

from __future__ import annotations

from flows.context import Context
from flows.flow import N_, Outcome
from flows.replies import Reply

CLIENT_GONE = N_("That client doesn't exist (any more).")
CONTACT_GONE = N_("That contact doesn't exist (any more).")


def gone(ctx: Context, text: str = CLIENT_GONE) -> Outcome:
    return Outcome([Reply(ctx.t(text))])
