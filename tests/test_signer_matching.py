"""A typed full name signs the acceptance, and must be the client's or a contact's name."""

from __future__ import annotations

import pytest

from mail.inbound import understand
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
        ("موافق.\nم/ محمد الأحمد", "م/ محمد الأحمد", "محمد الأحمد"),  # Gulf title with a slash
        ("Acepto.\nLic. María García", "María García", "María José García López"),
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


@pytest.mark.parametrize(
    ("typed", "candidate"),
    [
        ("Mary Ann O'Neil", "Mary-Ann O'Neil"),  # hyphen typed as a space
        ("Mary-Ann ONeil", "Mary-Ann O'Neil"),  # apostrophe left out
        ("Mary-Ann O’Neil", "Mary-Ann O'Neil"),  # typographic apostrophe
        ("Luca DAngelo", "Luca D'Angelo"),
        ("Luca D Angelo", "Luca D'Angelo"),
        ("pieter van der berg", "Pieter van der Berg"),  # all lower case
        ("Pieter Van Der Berg", "Pieter van der Berg"),
        ("Pieter Berg", "Pieter van der Berg"),  # particle dropped
        ("Anna Strasser", "Anna Straßer"),  # ß → ss
        ("Anna Straßer", "Anna Strasser"),
        ("Soeren Kjaer", "Søren Kjær"),  # ø → oe, æ → ae
        ("Søren Kjaer", "Søren Kjær"),
        ("Muller Jurgen", "Jürgen Müller"),  # diacritics missing, order swapped
        ("Jürgen Müller", "Juergen Mueller"),  # registered transliterated, typed with umlauts
        ("Stefan Ionescu", "Ștefan Ionescu"),
        ("Lukasz Wisniewski", "Łukasz Wiśniewski"),
    ],
)
def test_names_typed_without_their_marks_or_separators_match(typed: str, candidate: str) -> None:
    assert names_match(typed, candidate)


@pytest.mark.parametrize(
    ("typed", "candidate"),
    [
        ("محمد الأحمد", "Mohammed Al-Ahmad"),  # another script: never guessed
        ("Mohammed Al-Ahmad", "محمد الأحمد"),
        ("Иван Петров", "Ivan Petrov"),
        ("Mary Ann", "Mary-Ann O'Neil"),  # a first name alone, hyphen or not
        ("Luca Angelo", "Luca D'Angelo"),
    ],
)
def test_other_scripts_and_partial_names_do_not_match(typed: str, candidate: str) -> None:
    assert not names_match(typed, candidate)


@pytest.mark.parametrize(
    ("reply", "candidates", "matched"),
    [
        ("I accept.\njane doe", ["Jane Doe"], "Jane Doe"),
        ("i accept - jane doe", ["Jane Doe"], "Jane Doe"),
        ("acepto\nmaría josé garcía lópez", ["María José García López"], "María José García López"),
        ("We accept.\nmary-ann o'neil", ["Mary-Ann O'Neil"], "Mary-Ann O'Neil"),
        ("I accept.\njane", ["Jane Doe"], None),  # a lower-case first name is no signature
        ("I accept.\nhello jane doe", ["Jane Doe"], None),  # words beyond the name: no
        # The owner stored the Arabic spelling: a reply signed with it is the client's.
        ("أوافق على العرض\nمحمد الأحمد", ["Mohammed Al-Ahmad", "محمد الأحمد"], "محمد الأحمد"),
        ("أوافق على العرض\nمحمد الأحمد", ["Mohammed Al-Ahmad"], None),
    ],
)
def test_the_signature_is_found_in_any_case_and_spelling_the_owner_stored(
    reply: str, candidates: list[str], matched: str | None
) -> None:
    assert find_signer(reply, candidates).matched == matched


# Issue 15's signer classes, generated: every registered name × every way of typing it × every
# place a signature puts it. Written from the classes, not from the blind sets.
_REGISTERED = ["Mary-Ann O'Neil", "Pieter van der Berg", "Marco D'Angelo", "Jürgen Müller",
               "Claudia Strauß", "José Manuel Figueiredo", "Ioana-Maria Ionescu",
               "Łukasz Wiśniewski", "Bjørn Åsen", "Ștefan Țiriac"]
_PLACES = [
    "I accept.\n\n{n}", "I accept — {n}",
    "I accept.\n\nKind regards,\n{n}\nManaging Director\nAcme",
    "I accept.\n\nDr {n}\nCEO", "Acepto.\n\nIng. {n}", "I accept.\nBest, {n}",
    "Vi accepterer.\nMvh {n}", "I accept.\n{n} | Acme Ltd", "Wir nehmen an.\ni. A. {n}",
    "Acepto.\nSaludos, {n}", "Accepted.\nCheers {n}", "Akkoord.\nmr. drs. {n}",
]


def _typings(name: str) -> list[str]:
    import unicodedata

    bare = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    first, *rest = name.split(" ")
    return [name, name.lower(), bare.replace("ł", "l").replace("Ł", "L"),
            name.replace("ü", "ue").replace("ß", "ss"), f"{' '.join(rest)}, {first}",
            # one letter stripped, the other spelled out: "Bjorn Aasen"
            name.replace("ø", "o").replace("Å", "Aa").replace("å", "aa"),
            f"{' '.join(rest).upper()} {first}"]


@pytest.mark.parametrize("name", _REGISTERED)
def test_a_signature_in_any_typing_and_place_names_its_signer(name: str) -> None:
    missed = [
        text for typed in _typings(name) for place in _PLACES
        if find_signer(text := place.format(n=typed), [name, "Other Person"]).matched != name
    ]
    assert missed == []


@pytest.mark.parametrize("text", [
    "He accepts.\n\nLinda Parks\nPA to Robert Harrow", "On behalf of Robert Harrow, we accept.",
    "I accept.\nExecutive Assistant to Robert Harrow | Harrow Estates",
    "I accept.\nRobert", "I accept.\nR. Harrow",
])
def test_someone_naming_the_client_does_not_sign_as_the_client(text: str) -> None:
    assert find_signer(text, ["Robert Harrow"]).matched is None


def _mail(body: str) -> bytes:
    return (
        "Authentication-Results: mx.assent.test; dkim=pass header.d=se.example;"
        " spf=pass smtp.mailfrom=js@se.example; dmarc=pass header.from=se.example\n"
        "From: Juergen Schaefer <js@se.example>\nTo: assent+p-2026-0042@assent.test\n"
        "Subject: Re: Angebot P-2026-0042\nMessage-ID: <r1@se.example>\n"
        "Content-Type: text/plain; charset=utf-8\n\n" + body
    ).encode()


_INLINE = ("Am 12.01.26 um 10:15 schrieb Maler GmbH:\n> Gesamtbetrag: 8.912,50 EUR\n\n"
           "{answer}\n\n> Um das Angebot anzunehmen, antworten Sie mit „Ich akzeptiere“.\n\n"
           "{tail}\n\n-- \nJürgen Schäfer\nSchäfer Immobilien GmbH\n")


@pytest.mark.parametrize(("answer", "tail", "signed_by"), [
    # Answers between quoted lines, the sender's "-- " block under them: its name signs,
    # even when a line of name-shaped words ("In Ordnung.") stands higher up.
    ("In Ordnung.", "Hiermit beauftragt. Terminabsprache bitte mit Frau Weiß.", "Jürgen Schäfer"),
    ("Passt.", "Hiermit beauftragt.", "Jürgen Schäfer"),
    # A name typed as the signature is never replaced by the block's.
    ("Einverstanden — Katrin Weiß", "Hiermit beauftragt. Terminabsprache bitte mit mir.", None),
])
def test_the_signature_block_under_inline_answers_names_the_signer(
    answer: str, tail: str, signed_by: str | None
) -> None:
    read = understand(_mail(_INLINE.format(answer=answer, tail=tail)),
                      candidate_names=["Jürgen Schäfer"], allowed_senders=["js@se.example"],
                      own_addresses=["assent+p-2026-0042@assent.test"],
                      trusted_authserv_ids=["mx.assent.test"])
    assert read.signed_by == signed_by


def test_a_stored_spelling_binds_the_registered_name() -> None:
    body = "أوافق على العرض\nيورغن شيفر\n"
    read = understand(_mail(body), candidate_names=["Jürgen Schäfer", "يورغن شيفر"],
                      spelled={"يورغن شيفر": "Jürgen Schäfer"}, allowed_senders=["js@se.example"],
                      own_addresses=[], trusted_authserv_ids=["mx.assent.test"])
    assert (read.signer, read.signed_by) == ("يورغن شيفر", "Jürgen Schäfer")
