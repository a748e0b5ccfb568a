"""Every corpus reply is understood as its label says, and nothing else is ever an acceptance.

The corpus (tests/fixtures/replies/<lang>/<situation>_<client>.eml, written by make_corpus.py)
holds real-shaped replies from Gmail, Outlook, Apple Mail, Thunderbird, Yahoo and Android in ten
languages; labels.json says what a careful reader concludes from each.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from mail.inbound import Decision, Intent, understand
from mail.inbound.lexicon import LANGUAGES
from mail.inbound.understand import Understanding, to_json
from tests.quote_corpora import squash

CORPUS = Path(__file__).parent / "fixtures" / "replies"
LABELS = json.loads((CORPUS / "labels.json").read_text(encoding="utf-8"))
MESSAGES: dict[str, dict] = LABELS["messages"]


@cache
def read(key: str) -> Understanding:
    label = MESSAGES[key]
    return understand(
        (CORPUS / key).read_bytes(),
        candidate_names=label["candidate_names"],
        allowed_senders=label["allowed_senders"],
        own_addresses=LABELS["defaults"]["own_addresses"],
        trusted_authserv_ids=LABELS["defaults"]["trusted_authserv_ids"],
    )


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_reply_is_understood_as_labelled(key: str) -> None:
    label, seen = MESSAGES[key], read(key)
    assert seen.intent == Intent(label["intent"])
    assert seen.decision == Decision(label["decision"])
    reason = type(seen.skip_reason).__name__ if seen.skip_reason else None
    assert reason == label["skip_reason"]
    if label["language"]:
        assert seen.language == label["language"]
    if seen.intent not in (Intent.AUTO_REPLY, Intent.BOUNCE):
        assert (seen.signer, seen.signed_as) == (label["signer"], label["signed_as"])
    for fragment in label["must"]:
        assert squash(fragment) in squash(seen.reply_text)
    for fragment in label["must_not"] + label["footer"]:
        assert squash(fragment) not in squash(seen.reply_text)


@pytest.mark.parametrize("key", sorted(k for k, v in MESSAGES.items() if "bounce" in v))
def test_bounce_names_the_lost_message_and_recipient(key: str) -> None:
    expected, info = MESSAGES[key]["bounce"], read(key).bounce
    assert info is not None
    assert info.original_message_id == expected["original_message_id"]
    assert list(info.failed_recipients) == expected["failed_recipients"]


def test_nothing_but_an_acceptance_is_read_as_one() -> None:
    false_accepts = [
        key
        for key, label in MESSAGES.items()
        if read(key).intent is Intent.ACCEPT and label["intent"] != "accept"
    ]
    false_invoices = [
        key
        for key, label in MESSAGES.items()
        if read(key).decision is Decision.INVOICE and label["decision"] != "invoice"
    ]
    assert false_accepts == [] and false_invoices == []


def test_corpus_covers_every_language_and_situation() -> None:
    per_language = Counter(key.split("/")[0] for key in MESSAGES)
    intents = Counter(label["intent"] for label in MESSAGES.values())
    assert len(MESSAGES) >= 150
    assert set(per_language) == set(LANGUAGES) and min(per_language.values()) >= 10
    assert set(intents) == {intent.value for intent in Intent}


def test_cli_record_has_the_documented_keys() -> None:
    key = "en/accept_signed_gmail.eml"
    record = to_json(read(key), key)
    assert record == {
        "file": key,
        "intent": "accept",
        "signed": True,
        "signer": "Jane Doe",
        "sender_matches": True,
        "authenticated": True,
        "language": "en",
        "reply_text": "I accept — Jane Doe",
        "decision": "invoice",
    }
    json.dumps(record)


def test_cli_decisions_are_the_three_outcomes_the_issue_names() -> None:
    decisions = {key: to_json(read(key), key)["decision"] for key in MESSAGES}
    assert set(decisions.values()) == {"invoice", "ask_owner", "ignore"}
    for key, label in MESSAGES.items():
        if label["intent"] == "decline":
            assert decisions[key] == "ask_owner", key
        if label["intent"] in ("bounce", "auto_reply"):
            assert decisions[key] == "ignore", key
