"""A typed full name signs the acceptance, and must be the client's or a contact's name."""

from __future__ import annotations

import pytest

from mail.inbound.signature import find_signer, names_match

CLIENTS = [
    "Jane Doe",
    "María José García López",
    "Jürgen Müller",
    "محمد الأحمد",
    "عبد الله الزهراني",
]


@pytest.mark.parametrize(
    ("typed", "candidate"),
    [
        ("Jane Doe", "Jane Doe"),
        ("JANE DOE", "Jane Doe"),
        ("Doe, Jane", "Jane Doe"),  # word order
        ("Jane Q. Doe", "Jane Doe"),  # middle initial present on one side
        ("Jane Mary Doe", "Jane Doe"),  # middle name present
        ("Jane Doe", "Jane Mary Doe"),  # middle name absent
        ("maria jose garcia lopez", "María José García López"),  # accents
        ("María García", "María José García López"),  # second given name and surname dropped
        ("María José García-López", "María José García López"),  # hyphenated surnames
        ("Juergen Mueller", "Jürgen Müller"),  # German without umlauts
        ("محمد الاحمد", "محمد الأحمد"),  # hamza on alef omitted
        ("مُحَمَّد الأحمد", "محمد الأحمد"),  # vowel marks added
        ("عبدالله الزهراني", "عبد الله الزهراني"),  # compound name written joined
        ("Pieter van der Berg", "Pieter van der Berg"),
    ],
)
def test_same_person_typed_differently(typed: str, candidate: str) -> None:
    assert names_match(typed, candidate)


@pytest.mark.parametrize(
    ("typed", "candidate"),
    [
        ("J. Doe", "Jane Doe"),  # initials never match a full name
        ("J Doe", "Jane Doe"),
        ("Jane", "Jane Doe"),  # a first name alone is not a full name
        ("Doe", "Jane Doe"),
        ("John Doe", "Jane Doe"),
        ("Jane Smith", "Jane Doe"),
        ("Jane Doe", "Doe Ltd"),
        ("أحمد محمد", "محمد الأحمد"),
        ("", "Jane Doe"),
    ],
)
def test_different_or_incomplete_names_do_not_match(typed: str, candidate: str) -> None:
    assert not names_match(typed, candidate)


@pytest.mark.parametrize(
    ("reply", "typed", "matched"),
    [
        ("I accept — Jane Doe", "Jane Doe", "Jane Doe"),
        ("I accept - Jane Doe", "Jane Doe", "Jane Doe"),
        ("I accept.\nJane Doe", "Jane Doe", "Jane Doe"),
        ("Approved. Jane Doe", "Jane Doe", "Jane Doe"),
        ("Acepto, María García", "María García", "María José García López"),
        ("Accepted by: J. Doe", "J. Doe", None),
        ("Signed: Jane Doe", "Jane Doe", "Jane Doe"),
        (
            "Ich akzeptiere.\n\nMit freundlichen Grüßen\nJürgen Müller",
            "Jürgen Müller",
            "Jürgen Müller",
        ),
        ("أوافق — محمد الأحمد", "محمد الأحمد", "محمد الأحمد"),
        ("موافق.\nمع خالص التحية،\nمحمد الأحمد", "محمد الأحمد", "محمد الأحمد"),
        ("I accept — Mark Brown", "Mark Brown", None),
        ("I accept.\nJane", None, None),
        ("I accept.\n\nBest Regards,\nJane", None, None),
        ("Thanks!\nLooking Forward", None, None),
    ],
)
def test_signer_is_found_as_typed_and_matched(
    reply: str, typed: str | None, matched: str | None
) -> None:
    signature = find_signer(reply, CLIENTS)
    assert (signature.typed, signature.matched) == (typed, matched)
    assert signature.signed is (matched is not None)


def test_a_matching_name_wins_over_an_earlier_name_shaped_line() -> None:
    signature = find_signer("Proposal Ok\nI accept.\nJane Doe", CLIENTS)
    assert signature.typed == "Jane Doe" and signature.signed
