"""A reply naming another proposal number or amount than the one it answers is no answer to it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from mail.inbound import understand
from mail.inbound.proposal_check import Answered, amounts, contradiction, restated_total

ANSWERED = Answered(number="P-2026-0042", total=Decimal("4800.00"))


@pytest.mark.parametrize(
    ("written", "value"),
    [("4,800.00 EUR", "4800.00"), ("4.800,00 €", "4800.00"), ("€4800", "4800"),
     ("4 800 €", "4800"), ("4,800 eur", "4800"), ("3.275,4 €", "3275.4"), ("$ 99.5", "99.5")],
)
def test_amounts_are_read_in_either_decimal_convention(written: str, value: str) -> None:
    assert [v for _, v in amounts(f"We accept the {written} offer.")] == [Decimal(value)]


@pytest.mark.parametrize(
    ("reply", "mentioned"),
    [("I accept proposal P-2026-0024.", "P-2026-0024"), ("Accepto la p-2026-0043", "p-2026-0043"),
     ("We accept for 3,900 EUR.", "3,900 EUR"), ("OK at €4,000", "€4,000")],
)
def test_another_number_or_amount_contradicts(reply: str, mentioned: str) -> None:
    found = contradiction(reply, ANSWERED)
    assert found is not None and (found.mentioned, found.expected) == (
        mentioned, "P-2026-0042" if "2026" in mentioned else "4800.00")


@pytest.mark.parametrize(
    "reply",
    ["I accept proposal P-2026-0042.", "We accept the 4.800,00 € proposal.", "We accept.",
     "Invoice F-2026-0001 was paid; we accept P-2026-0042.", "See you on 2026-06-03."],
)
def test_the_answered_proposal_or_other_numbers_do_not(reply: str) -> None:
    assert contradiction(reply, ANSWERED) is None


def test_a_restated_total_is_no_counter_offer_and_another_number_asks_the_owner() -> None:
    assert restated_total("We accept the 4,800.00 EUR proposal.", ANSWERED)
    raw = ("Authentication-Results: mx.assent.test; dkim=pass header.d=doe.example; "
           "dmarc=pass header.from=doe.example\r\nFrom: Jane Doe <jane@doe.example>\r\n"
           "Subject: Re: Proposal P-2026-0042\r\n\r\n{}\r\nJane Doe\r\n")
    read = {"candidate_names": ["Jane Doe"], "allowed_senders": ["jane@doe.example"],
            "own_addresses": [], "trusted_authserv_ids": ["mx.assent.test"]}
    same = understand(raw.format("We accept the 4,800.00 EUR proposal.").encode(), **read,
                      answered=ANSWERED)
    other = understand(raw.format("We accept proposal P-2026-0041.").encode(), **read)
    assert same.decision.value == "invoice"
    assert (other.decision.value, type(other.skip_reason).__name__, str(other.skip_reason)) == (
        "ask_owner", "OtherProposal", "P-2026-0041 ≠ P-2026-0042")
