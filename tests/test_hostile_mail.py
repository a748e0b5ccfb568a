"""Hostile mail gets a verdict like any other: the reader never raises, never stalls a batch.

Seen in the wild (issue 15): deep multipart nesting, a NUL inside a charset name, a body in
`charset=punycode`, 100,000 addresses in To/Cc, a NUL in the Subject (which PostgreSQL refuses).
A hypothesis fuzz feeds the reader arbitrary bytes and arbitrary header values (small here; the
reliability suite runs it larger).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assent.cli import main
from mail.inbound import understand
from mail.inbound.process import process_inbound
from mail.inbound.storing import record
from mail.inbound.understand import Decision
from models import InboundStatus, Notification
from tests.inbound_support import (
    CLIENT,
    CLIENT_EMAIL,
    TRUSTED,
    inbound_settings,
    reply,
    sent_proposal,
)

READ = {
    "candidate_names": [CLIENT],
    "allowed_senders": [CLIENT_EMAIL],
    "own_addresses": ["assent@assent.test"],
    "trusted_authserv_ids": [TRUSTED],
}
HEAD = (f"From: {CLIENT} <{CLIENT_EMAIL}>\r\nSubject: Re: Proposal P-2026-0042\r\n"
        "MIME-Version: 1.0\r\n")


def nested(depth: int) -> bytes:
    opening = "".join(
        f'Content-Type: multipart/mixed; boundary="b{i}"\r\n\r\n--b{i}\r\n' for i in range(depth)
    )
    closing = "".join(f"--b{i}--\r\n" for i in reversed(range(depth)))
    return (HEAD + opening + "Content-Type: text/plain\r\n\r\nI accept\r\n" + closing).encode()


def plain(charset: bytes, body: bytes = b"I accept\r\n", head: str = HEAD) -> bytes:
    return head.encode() + b"Content-Type: text/plain; charset=\"" + charset + b"\"\r\n\r\n" + body


def test_deep_multipart_nesting_is_unreadable_and_asks_the_owner() -> None:
    seen = understand(nested(5000), **READ)
    assert (seen.decision, type(seen.skip_reason).__name__) == (Decision.ASK_OWNER, "Unreadable")


def test_ordinary_nesting_is_still_read() -> None:
    assert understand(nested(20), **READ).reply_text == "I accept"


@pytest.mark.parametrize("charset", [b"utf\x00-8", b"punycode", b"idna", b"unicode_escape"])
def test_a_charset_no_mail_program_uses_falls_back_to_a_readable_one(charset: bytes) -> None:
    seen = understand(plain(charset, "Acepto la propuesta \\N{x} é\r\n".encode()), **READ)
    assert seen.reply_text.startswith("Acepto la propuesta")
    assert any("charset" in problem for problem in seen.problems)


def test_a_hundred_thousand_recipients_are_cut_at_the_field_limit() -> None:
    """Bounded, so the cost is linear in the message size (bench: acceptance_latency)."""
    to = ", ".join(f"user{i}@many.example" for i in range(100_000))
    seen = understand(plain(b"utf-8", head=HEAD + f"To: {to}\r\nCc: {to}\r\n"), **READ)
    assert 0 < len(seen.to) < 2_000 and 0 < len(seen.cc) < 2_000
    assert seen.to[0] == "user0@many.example"
    assert any("header cut" in problem for problem in seen.problems)


def test_control_characters_never_reach_the_subject_or_message_id() -> None:
    head = HEAD.replace("Subject: Re:", "Subject: Re:\x00\x07")
    head += "Message-ID: <a\x00b@doe.example>\r\n"
    seen = understand(plain(b"utf-8", head=head), **READ)
    assert "\x00" not in seen.subject + seen.message_id and "\x07" not in seen.subject


@pytest.mark.usefixtures("db")
async def test_a_nul_in_the_subject_is_processed_on_every_database(db: str) -> None:
    settings = inbound_settings(db)
    sent = await sent_proposal(settings)
    raw = reply(sent.reply_to, f"I accept — {CLIENT}", subject="Re: proposal\x00 yes",
                message_id="<nul\x00id@doe.example>")
    row = await record(raw, mailbox="test@imap/INBOX", uidvalidity=1, uid=1)
    row = await process_inbound(row.id, settings)
    assert (row.status, row.decision, row.subject) == (
        InboundStatus.PROCESSED, "invoice", "Re: proposal yes")


@pytest.mark.usefixtures("db")
async def test_unreadable_mail_to_a_proposal_is_put_to_its_owner(db: str) -> None:
    settings = inbound_settings(db)
    sent = await sent_proposal(settings)
    raw = nested(5000).replace(b"MIME-Version", f"To: {sent.reply_to}\r\nMIME-Version".encode())
    row = await record(raw, mailbox="test@imap/INBOX", uidvalidity=1, uid=1)
    row = await process_inbound(row.id, settings)
    assert (row.status, row.decision, row.skip_reason) == (
        InboundStatus.PROCESSED, "ask_owner", "unreadable")
    (asked,) = await Notification.filter(business=sent.business, kind="reply_needs_review")
    assert asked.payload["params"]["sender"] == CLIENT_EMAIL


def test_classify_reads_the_whole_batch_whatever_one_file_holds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = {"deep.eml": nested(5000), "nul.eml": plain(b"utf\x00-8"),
             "good.eml": reply("assent@reply.example", f"I accept — {CLIENT}")}
    for name, raw in files.items():
        (tmp_path / name).write_bytes(raw)
    status = main(["classify", "--json", "--client-name", CLIENT, "--client-email",
                   CLIENT_EMAIL, "--authserv-id", TRUSTED, *(str(tmp_path / n) for n in files)])
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert status == 0
    assert [(Path(r["file"]).name, r["decision"]) for r in records] == [
        ("deep.eml", "ask_owner"), ("nul.eml", "ask_owner"), ("good.eml", "invoice")]


_HEADER_VALUE = st.text(st.characters(codec="utf-8"), max_size=200)


@settings(max_examples=100, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(raw=st.binary(max_size=2_000))
def test_fuzz_any_bytes_get_a_verdict(raw: bytes) -> None:
    assert understand(raw, **READ).decision in Decision


@settings(max_examples=100, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(subject=_HEADER_VALUE, charset=_HEADER_VALUE, ctype=_HEADER_VALUE,
       body=st.binary(max_size=500), boundary=_HEADER_VALUE)
def test_fuzz_hostile_headers_get_a_verdict(
    subject: str, charset: str, ctype: str, body: bytes, boundary: str
) -> None:
    head = (f"From: {CLIENT} <{CLIENT_EMAIL}>\r\nSubject: {subject}\r\n"
            f"Content-Type: {ctype}; charset=\"{charset}\"; boundary=\"{boundary}\"\r\n\r\n")
    raw = head.encode("utf-8", "surrogateescape") + body
    seen = understand(raw, **READ)
    assert seen.decision in Decision and "\x00" not in seen.subject
