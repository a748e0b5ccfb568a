"""What a labelled reply set (labels.json) says about the proposal the replies answer."""

from __future__ import annotations

from decimal import Decimal

from mail.inbound.proposal_check import Answered


def answered(label: dict, number: str) -> Answered | None:
    """The routed proposal as the listener knows it, when the label says (`proposal_total`,
    `proposal_currency`, and the defaults' `proposal.number`); without it the reader falls back
    on the thread (subject number, quoted total)."""
    if label.get("proposal_total") is None:
        return None
    return Answered(number=number, total=Decimal(str(label["proposal_total"])),
                    currency=str(label.get("proposal_currency") or ""))
