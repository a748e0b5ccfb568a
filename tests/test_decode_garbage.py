"""Whatever bytes arrive, reading them never raises and never produces an invoice."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from mail.inbound import Decision, understand
from mail.inbound.decode import addresses, header, parse

CORPUS = Path(__file__).parent / "fixtures" / "replies"
KWARGS = dict(
    candidate_names=["Jane Doe"],
    allowed_senders=["jane@doe.example"],
    own_addresses=["assent@assent.test"],
    trusted_authserv_ids=["mx.assent.test"],
)


def mail(
    body: bytes,
    content_type: bytes = b"text/plain",
    encoding: bytes = b"8bit",
    headers: bytes = b"From: Jane Doe <jane@doe.example>\r\nSubject: Re: Proposal\r\n",
) -> bytes:
    return (
        headers
        + b"Content-Type: "
        + content_type
        + b"\r\nContent-Transfer-Encoding: "
        + encoding
        + b"\r\n\r\n"
        + body
    )


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (mail(b"Caf\xe9 ok", b"text/plain; charset=utf-8"), "Café ok"),  # lies about UTF-8
        (mail(b"\x93I accept\x94", b"text/plain; charset=iso-8859-1"), "“I accept”"),  # really 1252
        (mail(b"Z\xfcrich", b"text/plain"), "Zürich"),  # no charset at all
        (
            mail(b"I accept \xe2\x80\x94 Jane", b'text/plain; charset="x-made-up"'),
            "I accept — Jane",
        ),
        (mail("東京".encode("iso2022_jp"), b"text/plain; charset=ISO-2022-JP", b"7bit"), "東京"),
        (mail(b"SSBhY2NlcHQ=", b"text/plain; charset=utf-8", b"base64"), "I accept"),
        (mail(b"SSBhY2NlcHQ", b"text/plain; charset=utf-8", b"base64"), "I accept"),  # no padding
        (mail(b"I=20accept=ZZ", b"text/plain", b"quoted-printable"), "I accept=ZZ"),
        (mail(b"<p>I accept<br>Jane</p>", b"text/html"), "I accept\nJane"),
    ],
)
def test_body_is_read_whatever_the_charset_or_encoding(raw: bytes, text: str) -> None:
    assert parse(raw).text.strip() == text


def test_wrong_or_unknown_charsets_are_recorded_as_problems() -> None:
    assert (
        "unknown charset 'x-made-up'"
        in parse(mail(b"x", b"text/plain; charset=x-made-up")).problems
    )
    assert any("read as" in p for p in parse(mail(b"\xe9", b"text/plain; charset=utf-8")).problems)


def test_raw_eight_bit_headers_are_repaired() -> None:
    message = parse(
        mail(
            b"x",
            headers=b"From: Jos\xe9 P\xe9rez <jose@perez.example>\r\n"
            b"Subject: =?x-unknown?q?caf=E9?= \xbfs\xed?\r\n",
        )
    ).message
    assert addresses(message, "From") == [("José Pérez", "jose@perez.example")]
    assert "¿sí?" in header(message, "Subject")


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\x00\x00\x00",
        b"not an email at all",
        b"From: <>\r\n\r\n",
        b"Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\n",
        b"Content-Type: multipart/alternative\r\n\r\nno boundary parameter",
        b"Content-Type: message/rfc822\r\n\r\nFrom: a@b\r\n\r\nhidden",
        b"Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n--b\r\n"
        b"Content-Type: message/delivery-status\r\n\r\n\xff\xfe\r\n--b--",
        b"From: " + b"a" * 100_000 + b"\r\nSubject: " + b"=?utf-8?b?" * 1000 + b"\r\n\r\nx",
        mail(b"<div>" * 20_000 + b"I accept", b"text/html"),
        mail(b"1 " * 40_000),  # once made an amount pattern quadratic
        mail(b"I accept " * 5_000),  # far too long to be a typed acceptance
        b"".join(
            b"Content-Type: multipart/mixed; boundary=b%d\r\n\r\n--b%d\r\n" % (i, i)
            for i in range(300)
        ),
    ],
)
def test_hostile_shapes_never_raise(raw: bytes) -> None:
    seen = understand(raw, **KWARGS)
    assert seen.decision is not Decision.INVOICE
    assert isinstance(seen.reply_text, str) and len(seen.raw_sha256) == 64


def test_empty_input_gives_empty_text_and_a_problem() -> None:
    seen = understand(b"", **KWARGS)
    assert seen.reply_text == "" and "no readable text body" in seen.problems


def test_random_bytes_never_raise() -> None:
    rng = random.Random(5322)
    for _ in range(150):
        raw = rng.randbytes(rng.randrange(0, 2000))
        assert understand(raw, **KWARGS).decision is not Decision.INVOICE


def test_corrupted_corpus_messages_never_raise() -> None:
    """Truncate and flip bytes in real-shaped messages: parsers meet half-valid structure."""
    rng = random.Random(8601)
    files = sorted(CORPUS.glob("*/*.eml"))
    for path in rng.sample(files, 40):
        original = path.read_bytes()
        for _ in range(5):
            data = bytearray(original[: rng.randrange(1, len(original) + 1)])
            for _ in range(rng.randrange(0, 20)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            assert understand(bytes(data), **KWARGS) is not None
