"""Approvals that do not say "accept", over generated text and the five blind sets.

Issue 15: go-aheads and formal orders worded in ways the rules were never shown must accept, and
nothing else may. The sentences are composed here from parts (an approval word, a go-ahead, the
work it starts, a limit), so every combination is tried, not the wordings approval.toml was
written from. The blind sets (written by people who never read the rules) must hold no false
acceptance and no false invoice.
"""

from __future__ import annotations

import itertools
import json
from decimal import Decimal
from pathlib import Path

import pytest

from mail.inbound import Decision, Intent, understand
from mail.inbound.intent import classify
from mail.inbound.proposal_check import Answered
from tests.reply_labels import answered

# language: (approval openers, go-ahead sentences, limits that must weaken, negated go-aheads)
PARTS: dict[str, tuple[list[str], list[str], list[str], list[str]]] = {
    "en": (["Sounds good", "Fine by us", "All good"],
           ["you can start the planning", "please proceed with the work", "crack on",
            "we are happy for you to start", "we hereby confirm our acceptance of the proposal"],
           ["but not the blog migration", "only the first phase", "once the board agrees",
            "before we pay anything", "after legal has reviewed it", "zorblat the invoice"],
           ["We do not wish to proceed with the proposal"]),
    "es": (["Vale", "Me parece bien", "Todo correcto"],
           ["adelante con el pedido", "pueden empezar la instalación", "dale",
            "les confirmamos nuestra conformidad con la propuesta"],
           ["pero no el montaje", "solo la primera fase", "en caso de que incluya el IVA",
            "cuando firme el director", "zorblat la factura"],
           ["No vamos a seguir adelante con la propuesta"]),
    "pt": (["Tudo certo", "Fechado", "Combinado"],
           ["podem avançar com a impressão", "pode mandar ver", "podem dar andamento ao serviço",
            "confirmamos a encomenda conforme orçamentado"],
           ["mas não a entrega", "só a primeira fase", "desde que o prazo seja cumprido",
            "caso o preço se mantenha", "zorblat a fatura"],
           ["Não vamos avançar com a proposta"]),
    "fr": (["C'est bon pour moi", "Ça marche", "Parfait pour nous"],
           ["vous pouvez lancer la commande", "allez-y", "vous pouvez commencer les travaux",
            "nous vous confirmons notre accord sur l'ensemble de la proposition"],
           ["mais pas la pose", "seulement la première phase", "sous réserve de la signature",
            "au cas où le prix reste ferme", "zorblat la facture"],
           ["Nous n'acceptons pas la proposition"]),
    "de": (["Passt", "Klingt gut", "Abgemacht"],
           ["Sie können loslegen", "bitte starten Sie mit der Planung", "legen Sie los",
            "wir bestätigen den Auftrag"],
           ["aber nicht die Montage", "nur den ersten Teil", "sofern die Lieferung im Mai kommt",
            "erst nach der Sitzung", "zorblat die Rechnung"],
           ["Wir nehmen das Angebot nicht an"]),
    "it": (["Va bene", "Tutto ok", "Affare fatto"],
           ["procedete pure con il lavoro", "potete iniziare la stampa", "andate avanti",
            "confermiamo l'ordine come da preventivo"],
           ["ma non la consegna", "solo la prima fase", "a patto che il prezzo resti fermo",
            "nel caso il prezzo resti fermo", "zorblat la fattura"],
           ["Non accettiamo la proposta"]),
    "nl": (["Klinkt goed", "Prima zo", "Deal"],
           ["jullie kunnen het inplannen", "u kunt beginnen", "ga je gang",
            "wij bevestigen de opdracht"],
           ["maar niet het snoeien", "alleen het eerste deel", "mits de levering in juni is",
            "in het geval dat de prijs gelijk blijft", "zorblat de factuur"],
           ["Wij gaan niet akkoord met de offerte"]),
    "ro": (["Perfect așa", "Bun așa", "Batem palma"],
           ["puteți începe livrările", "dați drumul", "mergem mai departe",
            "vă confirmăm acceptarea ofertei"],
           ["dar nu și montajul", "doar prima etapă", "cu condiția să livrați în mai",
            "în cazul în care prețul rămâne", "zorblat factura"],
           ["Nu acceptăm oferta"]),
    "pl": (["W porządku", "Pasuje", "Umowa stoi"],
           ["zaczynajcie", "proszę o rozpoczęcie prac", "możecie zaczynać",
            "potwierdzamy przyjęcie oferty"],
           ["ale bez montażu", "tylko pierwszą część", "pod warunkiem terminu w maju",
            "w przypadku zmiany ceny", "zorblat fakturę"],
           ["Nie akceptujemy oferty"]),
    "ar": (["على بركة الله", "اتفقنا"],
           ["يمكنكم البدء", "نؤكد قبولنا للعرض", "ابدأوا"],
           ["فقط الجزء الأول", "بشرط التركيب قبل نهاية الشهر", "لكن ليس التركيب",
            "بعد اجتماع مجلس الإدارة"],
           ["لا نوافق على العرض"]),
}
BLIND = Path(__file__).parent / "fixtures" / "replies" / "blind"


def _composed(code: str) -> list[str]:
    openers, go_aheads, _, _ = PARTS[code]
    return [f"{opener}, {go}." for opener, go in itertools.product(openers, go_aheads)] + [
        f"{go[0].upper()}{go[1:]}." for go in go_aheads
    ]


@pytest.mark.parametrize("code", PARTS)
def test_composed_approvals_and_go_aheads_accept(code: str) -> None:
    missed = [text for text in _composed(code) if classify(text).intent is not Intent.ACCEPT]
    assert missed == []


@pytest.mark.parametrize("code", PARTS)
def test_a_composed_approval_with_a_limit_is_not_an_acceptance(code: str) -> None:
    """Every composed approval × every limit (partial, conditional, temporal, invented word) in
    the same sentence; the known limits also in the next one. (A next sentence in words no rule
    knows is not read: formal letters go on after the acceptance.)"""
    _, _, limits, _ = PARTS[code]
    read_as_acceptance = [
        text
        for base, limit in itertools.product(_composed(code), limits)
        for text in (f"{base[:-1]}, {limit}.", f"{base} {limit[0].upper()}{limit[1:]}.")
        if not (text.endswith(f" {limit[0].upper()}{limit[1:]}.") and "zorblat" in limit)
        and classify(text).intent is Intent.ACCEPT
    ]
    assert read_as_acceptance == []


# A sentence that defers the decision, per language: after a weak approval word or after an
# acceptance, the reply is not yet a yes.
DEFERRALS = {
    "en": "We'll let you know next week", "es": "Mañana le confirmo",
    "pt": "Vou falar com o meu sócio e depois digo algo", "fr": "Je vous confirmerai demain",
    "de": "Ich melde mich morgen", "it": "Vi faccio sapere domani",
    "nl": "Ik laat het morgen weten",
    "ro": "Vă confirm mâine", "pl": "Potwierdzę jutro", "ar": "سوف نؤكد لاحقا",
}


# "Deal" words close the deal by themselves ("Fechado.", "Abgemacht."); the others do not.
DEALS = {"Fechado", "Combinado", "Abgemacht", "Affare fatto", "Batem palma", "Umowa stoi",
         "اتفقنا"}


@pytest.mark.parametrize("code", PARTS)
def test_a_weak_approval_alone_or_a_deferred_one_is_not_an_acceptance(code: str) -> None:
    """"Sounds good." says the reader liked it, not that the work is ordered; and a deferral
    after an approval or a go-ahead withdraws the yes for now."""
    openers = PARTS[code][0]
    texts = [f"{opener}." for opener in openers if opener not in DEALS] + [
        f"{base} {DEFERRALS[code]}." for base in [f"{o}." for o in openers] + _composed(code)
    ]
    assert [text for text in texts if classify(text).intent is Intent.ACCEPT] == []


@pytest.mark.parametrize("code", PARTS)
def test_a_negated_go_ahead_is_never_an_acceptance(code: str) -> None:
    for text in PARTS[code][3]:
        assert classify(f"{text}.").intent is Intent.DECLINE, text


@pytest.mark.parametrize(("text", "intent"), [
    # a go-ahead with another supplier is a refusal
    ("Thanks, but we will go ahead with another agency.", Intent.DECLINE),
    ("Obrigada pela proposta, mas vamos avançar com outro fornecedor.", Intent.DECLINE),
    ("Gracias, pero vamos a seguir adelante con otro proveedor.", Intent.DECLINE),
    # accepting one part and refusing another is neither
    ("Aceptamos el diseño, pero no el mantenimiento.", Intent.UNCLEAR),
    ("We accept the design, but not the hosting.", Intent.UNCLEAR),
    ("Das Design nehmen wir an, das Hosting aber nicht.", Intent.UNCLEAR),
])
def test_acceptance_words_inside_a_refusal_or_a_partial_answer(text: str, intent: Intent) -> None:
    assert classify(text).intent is intent


@pytest.mark.parametrize("text", [
    "We have reviewed the scope only and are pleased to confirm that we accept the proposal.",
    "We have reviewed it with our partners and are pleased to confirm that we accept, zorblat.",
    "Après examen, nous confirmons notre accord, sauf pour la pose.",
    "Una vez revisada por compras, la aceptamos solo en parte.",
])
def test_narration_with_a_limit_is_not_removed(text: str) -> None:
    assert classify(text).intent is not Intent.ACCEPT


def test_narrated_review_before_a_formal_acceptance_is_no_condition() -> None:
    text = ("We have reviewed the scope, the timeline and the total with our partners and are "
            "pleased to confirm that we accept the proposal as quoted. Please take this email "
            "as our purchase order.")
    assert classify(text).intent is Intent.ACCEPT


@pytest.mark.parametrize(("text", "intent"), [
    ("yes thats fine, i accpet, crack on", Intent.ACCEPT),
    ("Acepto la propuessta, adelante con el pedido.", Intent.ACCEPT),
    ("I accpet only the first part.", Intent.UNCLEAR),
])
def test_a_one_letter_typo_is_read_but_limits_still_count(text: str, intent: Intent) -> None:
    assert classify(text).intent is intent


def test_words_of_the_thread_subject_may_be_repeated() -> None:
    text = "Confermiamo l'accettazione della proposta relativa alla nuova identità visiva."
    assert classify(text).intent is Intent.UNCLEAR
    topic = "Re: Proposta P-2026-0042 — Nuova identità visiva"
    assert classify(text, topic=topic).intent is Intent.ACCEPT
    assert classify(text + " Solo il logo.", topic=topic).intent is Intent.UNCLEAR


def test_without_a_routed_proposal_the_quoted_total_is_the_answered_one() -> None:
    quote = "> Proposal P-2026-0042\n> Total: EUR 4,850.00\n"
    same = Answered.from_thread("Re: Proposal P-2026-0042", f"OK 4,850.00 EUR\n{quote}",
                                "OK 4,850.00 EUR")
    assert same == Answered("P-2026-0042", Decimal("4850.00"))
    two = Answered.from_thread("Re: x", "hi\n> Total: EUR 10.00\n> Deposit: EUR 5.00", "hi")
    assert two.total is None  # two amounts quoted: which one is the total is not guessed


def _blind(name: str) -> list[tuple[str, dict, object]]:
    document = json.loads((BLIND / name / "labels.json").read_text(encoding="utf-8"))
    defaults = dict(document["defaults"])
    number = str((defaults.pop("proposal", None) or {}).get("number", ""))
    return [
        (key, label, understand((BLIND / name / key).read_bytes(),
                                candidate_names=label["candidate_names"],
                                allowed_senders=label["allowed_senders"],
                                answered=answered(label, number), **defaults))
        for key, label in document["messages"].items()
    ]


@pytest.mark.parametrize("name", ["set1", "set2", "set3", "set4", "set5"])
def test_nothing_but_an_acceptance_is_read_as_one_in_the_blind_sets(name: str) -> None:
    seen = _blind(name)
    false_accepts = [key for key, label, read in seen
                     if read.intent is Intent.ACCEPT and label["intent"] != "accept"]
    false_invoices = [key for key, label, read in seen
                      if read.decision is Decision.INVOICE and label["decision"] != "invoice"]
    assert false_accepts == [] and false_invoices == []



def _reply(body: str) -> bytes:
    return (
        "Authentication-Results: mx.assent.test; dkim=pass header.d=lda.example;"
        " spf=pass smtp.mailfrom=jm@lda.example; dmarc=pass header.from=lda.example\n"
        "From: Jose Figueiredo <jm@lda.example>\nTo: assent+p-2026-0042@assent.test\n"
        "Subject: Re: Proposta P-2026-0042\nMessage-ID: <r1@lda.example>\n"
        "Content-Type: text/plain; charset=utf-8\n\n" + body
    ).encode()


@pytest.mark.parametrize(("body", "decision", "signed_by"), [
    ("aceitamos.\n\n-- \nJosé Manuel Figueiredo\nFigueiredo & Filhos, Lda.\n\n"
     "Em 03/03/2026 10:15, Gráfica escreveu:\n> Total: 2.180,00 EUR\n",
     Decision.INVOICE, "José Manuel Figueiredo"),
    ("aceitamos.\n\n-- \nAna Costa\nFigueiredo & Filhos, Lda.\n", Decision.ASK_OWNER, None),
    ("aceitamos, mas só a impressão.\n\n-- \nJosé Manuel Figueiredo\n",
     Decision.ASK_OWNER, "José Manuel Figueiredo"),
])
def test_a_name_only_in_the_signature_block_signs_an_untyped_acceptance(
    body: str, decision: Decision, signed_by: str | None
) -> None:
    """Nothing typed under the acceptance: the sender's "-- " block may carry the name, and only
    a registered name counts; the acceptance itself is read as before."""
    read = understand(_reply(body), candidate_names=["José Manuel Figueiredo"],
                      allowed_senders=["jm@lda.example"],
                      own_addresses=["assent+p-2026-0042@assent.test"],
                      trusted_authserv_ids=["mx.assent.test"])
    assert (read.decision, read.signed_by) == (decision, signed_by)
