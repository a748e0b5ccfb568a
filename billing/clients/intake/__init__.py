"""Client intake: a pasted signature, letterhead, card or one-liner read into a client draft."""

from billing.clients.intake.draft import ContactDraft, Doubt
from billing.clients.intake.parse import parse_contact

__all__ = ["ContactDraft", "Doubt", "parse_contact"]
