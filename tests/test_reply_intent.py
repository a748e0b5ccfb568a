"""Only an explicit, unconditional acceptance is one; anything weaker goes to the owner."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from mail.inbound import understand
from mail.inbound.fold import fold
from mail.inbound.intent import UNDETERMINED, Intent, classify, detect_language
from mail.inbound.lexicon import _SOURCE

ACCEPT, DECLINE, UNCLEAR = Intent.ACCEPT, Intent.DECLINE, Intent.UNCLEAR


@pytest.mark.parametrize(
    ("text", "intent", "language"),
    [
        ("I accept — Jane Doe", ACCEPT, "en"),
        ("We accept. Let me know if you need anything else.", ACCEPT, "en"),
        ("I can't accept yet.", UNCLEAR, "en"),
        ("I accept if the deadline moves to July.", UNCLEAR, "en"),
        ("I accept but change the payment terms.", UNCLEAR, "en"),
        ("We would accept at 4,000 EUR.", UNCLEAR, "en"),
        ("Accept? Not sure yet.", UNCLEAR, "en"),
        ("We have decided not to go ahead.", DECLINE, "en"),
        ("We decline unless the price drops.", UNCLEAR, "en"),
        ("Acepto, Juan Pérez", ACCEPT, "es"),
        ("Sí, acepto la propuesta.", ACCEPT, "es"),
        ("No aceptamos la propuesta.", DECLINE, "es"),
        ("Acepto siempre que se entregue en junio.", UNCLEAR, "es"),
        ("Aceito a proposta.", ACCEPT, "pt"),
        ("Não aceitamos ainda.", UNCLEAR, "pt"),
        ("Nous acceptons la proposition.", ACCEPT, "fr"),
        ("Nous n'acceptons pas.", DECLINE, "fr"),
        ("J'accepte sous réserve de la date.", UNCLEAR, "fr"),
        ("Wir nehmen das Angebot an.", ACCEPT, "de"),
        ("Wir können das Angebot nicht akzeptieren.", DECLINE, "de"),
        ("Angenommen, das Budget wird genehmigt: dann gerne.", UNCLEAR, "de"),
        ("Wir lehnen das Angebot ab.", DECLINE, "de"),
        ("Accettiamo la proposta.", ACCEPT, "it"),
        ("Non accettiamo questa proposta.", DECLINE, "it"),
        ("Akkoord, mits de levering in juni is.", UNCLEAR, "nl"),
        ("Wij wijzen de offerte af.", DECLINE, "nl"),
        ("Accept dacă lucrarea este gata în iunie.", UNCLEAR, "ro"),
        ("Acceptăm oferta.", ACCEPT, "ro"),
        ("Akceptuję ofertę.", ACCEPT, "pl"),
        ("Przyjmuję do wiadomości.", UNCLEAR, "pl"),
        ("أوافق على العرض", ACCEPT, "ar"),
        ("لا نوافق على العرض", DECLINE, "ar"),
        ("نرفض العرض", DECLINE, "ar"),
        ("Thanks, I will look at it next week.", UNCLEAR, "en"),
        ("", UNCLEAR, UNDETERMINED),
    ],
)
def test_reply_intent_and_language(text: str, intent: Intent, language: str) -> None:
    reading = classify(text)
    assert (reading.intent, reading.language) == (intent, language)


def test_candidate_names_are_not_read_as_words() -> None:
    assert classify("I accept — Will Smith", names=["Will Smith"]).intent is ACCEPT
    assert classify("I accept — Will Smith").intent is UNCLEAR  # "will" would be a hedge


def test_language_of_a_short_reply_comes_from_its_verb_and_letters() -> None:
    assert (
        detect_language("Geaccepteerd.\nPieter van der Berg", names=["Pieter van der Berg"]) == "nl"
    )
    assert detect_language("¿Podemos empezar en julio?") == "es"
    assert detect_language("", "Hello Jane, please find attached") == "en"  # falls back to quote


def test_lexicon_is_written_in_folded_form() -> None:
    """Rules match fold()ed text, so an accent or hamza in an entry would never match."""
    with open(_SOURCE, "rb") as handle:
        data = tomllib.load(handle)
    unfolded = [
        (code, cue, entry)
        for code, table in data.items()
        for cue, value in table.items()
        if cue != "marks"
        for entry in (value if isinstance(value, list) else value.split())
        if fold(entry) != entry
    ]
    assert unfolded == []


TEXTS = Path(__file__).parent / "fixtures" / "replies" / "texts.toml"


def test_proposal_instructions_are_never_an_acceptance() -> None:
    """If a quote slips through unmarked, "reply with 'I accept'" must not accept for the client."""
    with open(TEXTS, "rb") as handle:
        languages = tomllib.load(handle)
    readings = {code: classify(t["proposal"], names=[t["name"]]) for code, t in languages.items()}
    assert {code: r.intent for code, r in readings.items()} == dict.fromkeys(languages, UNCLEAR)
    assert {code: r.language for code, r in readings.items()} == {code: code for code in languages}


def test_unmarked_quote_of_the_proposal_does_not_invoice() -> None:
    with open(TEXTS, "rb") as handle:
        proposal = tomllib.load(handle)["en"]["proposal"]
    raw = (
        "Authentication-Results: mx.assent.test; dkim=pass header.d=doe.example\r\n"
        "From: Jane Doe <jane@doe.example>\r\nSubject: Re: Proposal P-2026-0042\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\nThanks, looking at it.\r\n\r\n"
        f"Studio Nova sent this on Monday\r\n{proposal}\r\n"
    ).encode()
    seen = understand(
        raw,
        candidate_names=["Jane Doe"],
        allowed_senders=["jane@doe.example"],
        own_addresses=["assent@assent.test"],
        trusted_authserv_ids=["mx.assent.test"],
    )
    assert (seen.intent, seen.signed) == (UNCLEAR, False)
