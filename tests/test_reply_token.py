"""Reply addresses route a client's answer to its proposal, survive case folding, resist forgery."""

from __future__ import annotations

import pytest

from assent.settings import MailSettings
from mail.outbound.reply_token import make_reply_address, make_reply_token, parse_reply_token

MAIL = MailSettings(reply_local="assent", reply_domain="reply.example", token_secret="s3cret")


@pytest.mark.parametrize("proposal_id", [1, 42, 36**3, 2**31 - 1])
def test_an_address_parses_back_to_its_proposal(proposal_id: int) -> None:
    address = make_reply_address(MAIL, proposal_id)
    local, _, domain = address.partition("@")
    assert domain == "reply.example"
    assert local.startswith("assent+")
    assert len(local.removeprefix("assent+")) <= 16
    assert parse_reply_token(address, MAIL) == proposal_id


def test_mail_servers_that_change_case_do_not_break_routing() -> None:
    address = make_reply_address(MAIL, 1234)
    assert parse_reply_token(address.upper(), MAIL) == 1234
    assert parse_reply_token(address.title(), MAIL) == 1234


def test_the_address_is_found_in_any_header_form() -> None:
    address = make_reply_address(MAIL, 77)
    token = make_reply_token(77, MAIL)
    assert parse_reply_token(f"Acme Studio <{address}>", MAIL) == 77
    assert parse_reply_token(f"  <{address}>  ", MAIL) == 77
    assert parse_reply_token(token, MAIL) == 77


def test_a_token_for_one_id_does_not_open_another() -> None:
    token = make_reply_token(41, MAIL)
    other_id_part = make_reply_token(42, MAIL)[: -10]
    assert parse_reply_token(other_id_part + token[-10:], MAIL) is None


def test_a_token_made_with_another_secret_is_refused() -> None:
    foreign = MailSettings(reply_local="assent", reply_domain="reply.example", token_secret="x")
    assert parse_reply_token(make_reply_address(foreign, 5), MAIL) is None


def test_every_single_character_change_is_refused() -> None:
    token = make_reply_token(987654, MAIL)
    for position, original in enumerate(token):
        for replacement in "0z":
            if replacement != original:
                forged = token[:position] + replacement + token[position + 1 :]
                assert parse_reply_token(forged, MAIL) is None, forged


def test_leading_zeros_do_not_make_a_second_valid_token() -> None:
    assert parse_reply_token("0" + make_reply_token(42, MAIL), MAIL) is None


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "   ",
        "assent@reply.example",
        "assent+@reply.example",
        "someone+" + make_reply_token(3, MAIL) + "@reply.example",
        "assent+" + make_reply_token(3, MAIL)[:-1] + "@reply.example",
        "assent+ÿÿÿÿÿÿÿÿÿÿÿ@reply.example",
        "assent+" + "z" * 5000 + "@reply.example",
        "<<>>@@",
        "assent+0000000000000@reply.example",
        "=?utf-8?q?assent?= <assent+abc@reply.example>",
        "\x00\r\nBcc: x",
        None,
        b"assent+abc@reply.example",
    ],
)
def test_garbage_is_none_never_an_exception(garbage: object) -> None:
    assert parse_reply_token(garbage, MAIL) is None  # type: ignore[arg-type]


def test_ids_must_be_positive() -> None:
    with pytest.raises(ValueError):
        make_reply_address(MAIL, 0)
