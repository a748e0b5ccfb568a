"""An acceptance counts only from the client's address, proven by a server we trust or by DKIM."""

from __future__ import annotations

import base64
import random

import dkim
import pytest

from mail.inbound import Decision, understand
from mail.inbound.errors import Unauthenticated
from mail.inbound.sender import (
    check_sender,
    header_verdicts,
    is_spoof,
    normalize_address,
    parse_authentication_results,
    verify_dkim,
)

TRUSTED = ["mx.assent.test"]


def test_authentication_results_grammar_with_comments_quotes_and_versions() -> None:
    value = (
        "mx.assent.test 1 (Postfix (nested) comment); dkim=pass (2048-bit key; ok) "
        'header.d=doe.example header.b="ab;cd"; spf=softfail reason="not (really) sure" '
        "smtp.mailfrom=jane@doe.example; dmarc/1=pass header.from=doe.example"
    )
    authserv_id, results = parse_authentication_results(value)
    assert authserv_id == "mx.assent.test"
    assert [(r.method, r.result) for r in results] == [
        ("dkim", "pass"),
        ("spf", "softfail"),
        ("dmarc", "pass"),
    ]
    assert results[0].properties == {"header.d": "doe.example", "header.b": "ab;cd"}
    assert parse_authentication_results("mx.assent.test; none") == ("mx.assent.test", [])


@pytest.mark.parametrize(
    ("headers", "from_domain", "authenticated"),
    [
        (["mx.assent.test; dkim=pass header.d=doe.example"], "doe.example", True),
        (["mx.assent.test; dkim=pass header.i=@doe.example"], "doe.example", True),
        (["mx.assent.test; dkim=pass header.d=doe.example"], "mail.doe.example", True),
        (["mx.assent.test; dmarc=pass header.from=doe.example"], "doe.example", True),
        (["mx.assent.test; dkim=pass header.d=sendgrid.example"], "doe.example", False),
        (["mx.assent.test; dkim=pass header.d=example"], "doe.example", False),  # a bare TLD
        (["mx.assent.test; spf=pass smtp.mailfrom=jane@doe.example"], "doe.example", False),
        (["mx.assent.test; dkim=fail header.d=doe.example"], "doe.example", False),
        (["mx.evil.example; dkim=pass header.d=doe.example"], "doe.example", False),
        (["MX.ASSENT.TEST; DKIM=PASS header.d=Doe.Example"], "doe.example", True),
        # Our server prepends its verdict; a forged "pass" further down is not read.
        (
            [
                "mx.assent.test; dkim=fail header.d=doe.example",
                "mx.assent.test; dkim=pass header.d=doe.example",
            ],
            "doe.example",
            False,
        ),
        (
            [
                "mx.evil.example; dkim=pass header.d=doe.example",
                "mx.assent.test; dkim=pass header.d=doe.example",
            ],
            "doe.example",
            True,
        ),
    ],
)
def test_only_trusted_aligned_passes_authenticate(
    headers: list[str], from_domain: str, authenticated: bool
) -> None:
    assert header_verdicts(headers, from_domain, TRUSTED)[0] is authenticated


def test_verdicts_say_why_authentication_failed() -> None:
    value = "mx.assent.test; dkim=pass header.d=sendgrid.example; spf=pass; dmarc=none"
    assert header_verdicts([value], "doe.example", TRUSTED) == (
        False,
        {"dkim": "unaligned", "spf": "pass", "dmarc": "none"},
    )


def test_addresses_compare_case_insensitively_and_by_idna() -> None:
    assert normalize_address(" <Jane@Doe.EXAMPLE> ") == "jane@doe.example"
    assert normalize_address("jane@bücher.example") == "jane@xn--bcher-kva.example"


@pytest.mark.parametrize(
    ("display", "address", "spoof"),
    [
        ("Jane Doe", "jane.doe.billing@freemail.example", True),
        ("DOE, Jane", "j@evil.example", True),
        ("jane@doe.example via Billing", "billing@evil.example", True),
        ("Jane Doe", "JANE@doe.example", False),
        ("Accounts", "accounts@evil.example", False),
    ],
)
def test_display_name_borrowing_a_clients_identity_is_a_spoof(
    display: str, address: str, spoof: bool
) -> None:
    assert is_spoof(display, address, ["Jane Doe"], {"jane@doe.example"}) is spoof


def _der_int(value: int) -> bytes:
    body = value.to_bytes(value.bit_length() // 8 + 1, "big")
    return b"\x02" + _der_length(len(body)) + body


def _der_length(length: int) -> bytes:
    if length < 128:
        return bytes([length])
    raw = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(raw)]) + raw


def _der_sequence(*values: int) -> bytes:
    body = b"".join(_der_int(v) for v in values)
    return b"\x30" + _der_length(len(body)) + body


def _prime(rng: random.Random, bits: int) -> int:
    while True:
        candidate = rng.getrandbits(bits) | (3 << (bits - 2)) | 1  # n gets the full 2 x bits
        if all(candidate % p for p in (3, 5, 7, 11, 13, 17, 19, 23, 29, 31)) and all(
            pow(rng.randrange(2, candidate - 1), candidate - 1, candidate) == 1 for _ in range(24)
        ):
            return candidate


@pytest.fixture(scope="module")
def rsa_key() -> tuple[bytes, bytes]:
    """A fresh 1024-bit RSA key as PKCS#1 PEM, and its DKIM TXT record."""
    rng, e = random.Random(2026), 65537
    while True:
        p, q = _prime(rng, 512), _prime(rng, 512)
        phi = (p - 1) * (q - 1)
        if p != q and phi % e:
            break
    n, d = p * q, pow(e, -1, phi)
    der = _der_sequence(0, n, e, d, p, q, d % (p - 1), d % (q - 1), pow(q, -1, p))
    body = base64.encodebytes(der).replace(b"\n", b"")
    lines = b"\n".join(body[i : i + 64] for i in range(0, len(body), 64))
    pem = b"-----BEGIN RSA PRIVATE KEY-----\n" + lines + b"\n-----END RSA PRIVATE KEY-----\n"
    txt = b"v=DKIM1; k=rsa; p=" + base64.b64encode(_der_sequence(n, e))
    return pem, txt


MESSAGE = (
    b"From: Jane Doe <jane@doe.example>\r\nTo: assent@assent.test\r\n"
    b"Subject: Re: Proposal P-2026-0042\r\nMessage-ID: <r1@doe.example>\r\n"
    b"Date: Mon, 3 Jun 2026 11:00:00 +0200\r\n\r\nI accept \xe2\x80\x94 Jane Doe\r\n"
)


def signed(message: bytes, key: bytes, domain: bytes = b"doe.example") -> bytes:
    return (
        dkim.sign(
            message,
            b"s1",
            domain,
            key,
            include_headers=[b"from", b"to", b"subject"],
            linesep=b"\r\n",
        )
        + message
    )


def fake_dns(txt: bytes):
    def lookup(name: bytes, timeout: int = 5) -> bytes | None:
        return (
            txt
            if name.rstrip(b".") in (b"s1._domainkey.doe.example", b"s1._domainkey.evil.example")
            else None
        )

    return lookup


def test_dkim_signature_verifies_and_tampering_fails(rsa_key: tuple[bytes, bytes]) -> None:
    pem, txt = rsa_key
    raw = signed(MESSAGE, pem)
    assert verify_dkim(raw, "doe.example", fake_dns(txt)) == "pass"
    assert (
        verify_dkim(raw.replace(b"I accept", b"I reject"), "doe.example", fake_dns(txt)) == "fail"
    )
    assert verify_dkim(MESSAGE, "doe.example", fake_dns(txt)) == "none"
    assert (
        verify_dkim(signed(MESSAGE, pem, b"evil.example"), "doe.example", fake_dns(txt))
        == "unaligned"
    )
    assert verify_dkim(raw, "doe.example", lambda name, timeout=5: None) == "fail"  # no key


def test_verified_dkim_authenticates_without_any_server_verdict(
    rsa_key: tuple[bytes, bytes],
) -> None:
    pem, txt = rsa_key
    kwargs = dict(
        candidate_names=["Jane Doe"],
        allowed_senders=["jane@doe.example"],
        own_addresses=["assent@assent.test"],
        trusted_authserv_ids=TRUSTED,
        verify_dkim=True,
        dnsfunc=fake_dns(txt),
    )
    good = understand(signed(MESSAGE, pem), **kwargs)
    assert (good.authenticated, good.decision, good.auth_verdicts) == (
        True,
        Decision.INVOICE,
        {"dkim_verify": "pass"},
    )
    forged = understand(signed(MESSAGE, pem).replace(b"Jane Doe\r\n", b"Jane Doe \r\n"), **kwargs)
    assert forged.decision is Decision.ASK_OWNER
    assert isinstance(forged.skip_reason, Unauthenticated)


def test_sender_check_combines_address_spoof_and_authentication() -> None:
    check = check_sender(
        "Jane Doe",
        "JANE@DOE.EXAMPLE",
        raw=b"",
        authentication_results=["mx.assent.test; dkim=pass header.d=doe.example"],
        candidate_names=["Jane Doe"],
        allowed_senders=["jane@doe.example"],
        trusted_authserv_ids=TRUSTED,
    )
    assert (check.address, check.matches, check.spoof, check.authenticated) == (
        "jane@doe.example",
        True,
        False,
        True,
    )
