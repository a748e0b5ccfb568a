"""Why an email was left alone is logged, listed for scripts (`assent mail list --json`) and
shown to the owner in chat (/mail), not only kept in a column."""

from __future__ import annotations

import json
import logging
from itertools import count

import pytest

from mail.inbound.process import process_inbound
from mail.inbound.storing import record
from tests.chat import Chat
from tests.cli_support import assent, cli_env
from tests.inbound_support import inbound_settings, reply, sent_proposal, signed_acceptance

UIDS = count(1)


async def test_verdicts_are_logged_listed_and_shown_in_chat(
    db: str, caplog: pytest.LogCaptureFixture
) -> None:
    settings = inbound_settings(db)
    sent = await sent_proposal(settings)
    vacation = reply(sent.reply_to, "I am out of the office.", subject="Automatic reply: hi")
    acceptance = signed_acceptance(sent)
    with caplog.at_level(logging.INFO, logger="mail.inbound.process"):
        for raw in (vacation, acceptance, acceptance):
            row = await record(raw, mailbox="test@imap/INBOX", uidvalidity=7, uid=next(UIDS))
            await process_inbound(row.id, settings)
    assert "inbound message 1: skipped (ignore, auto_reply)" in caplog.text
    assert "inbound message 2: processed (invoice)" in caplog.text

    listed = assent(cli_env(ASSENT_DATABASE_URL=db), "mail", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    verdicts = [(r["status"], r["decision"], r["skip_reason"]) for r in json.loads(listed.stdout)]
    assert verdicts == [
        ("skipped", "", "duplicate"),
        ("processed", "invoice", ""),
        ("skipped", "ignore", "auto_reply"),
    ]

    chat = await Chat.open(settings)
    chat.user = sent.owner
    await chat.say("/mail")
    assert "Latest replies and what I did:" in chat.text
    assert "“Automatic reply: hi”: left alone (an automatic reply)" in chat.text
    assert "turned into an invoice" in chat.text
