"""Nothing but an unconditional acceptance is read as one, over generated sentences.

The corpus was written with the rules, so it cannot show that they generalize. Here sentences are
built from templates in every supported language: plain acceptances, go-aheads and formal orders
(must accept), each followed by a clause that limits it — a known connective or an invented word
the rules have never seen — (must not accept), and the accepting verb negated (must decline).
"""

from __future__ import annotations

import itertools

import pytest

from mail.inbound.intent import Intent, classify

# language: (acceptances, negated acceptances, limiting clauses)
LANGUAGES: dict[str, tuple[list[str], list[str], list[str]]] = {
    "en": (
        ["We accept the proposal", "I hereby accept the offer as quoted", "Approved",
         "Let's proceed", "You can start", "We confirm the order as quoted",
         "Please take this email as our purchase order"],
        ["We do not accept the proposal", "We cannot accept the offer",
         "Unfortunately we won't accept the proposal"],
        ["only the first part", "after our board meets", "not until legal has reviewed it",
         "by mistake, ignore my previous email", "with changes to the scope",
         "provided the hosting is included", "once the budget is approved"],
    ),
    "es": (
        ["Aceptamos la propuesta", "Por la presente acepto el presupuesto", "Aprobado",
         "Adelante, pueden empezar", "Confirmamos el pedido", "Estamos de acuerdo con la oferta"],
        ["No aceptamos la propuesta", "No podemos aceptar la oferta",
         "Lamentablemente no aceptamos el presupuesto"],
        ["solo la primera parte", "con cambios en el alcance", "siempre que incluyan el hosting",
         "hasta que lo revise el abogado", "por error, ignoren mi correo anterior",
         "a reserva de la firma del director"],
    ),
    "pt": (
        ["Aceitamos a proposta", "Aprovado", "Podem começar", "Confirmamos o pedido",
         "Estamos de acordo com a proposta"],
        ["Não aceitamos a proposta", "Infelizmente não podemos aceitar a proposta"],
        ["apenas a primeira parte", "com alterações no escopo", "desde que incluam o alojamento",
         "só depois da reunião", "mediante a assinatura do diretor"],
    ),
    "fr": (
        ["Nous acceptons la proposition", "J'accepte le devis", "Bon pour accord",
         "Allez-y, vous pouvez commencer", "Nous confirmons la commande"],
        ["Nous n'acceptons pas la proposition",
         "Malheureusement nous ne pouvons pas accepter l'offre"],
        ["seulement la première partie", "avec des modifications", "sous réserve de la signature",
         "pas avant la réunion du conseil", "moyennant une remise"],
    ),
    "de": (
        ["Wir nehmen das Angebot an", "Ich akzeptiere das Angebot", "Einverstanden",
         "Sie können loslegen", "Wir bestätigen den Auftrag"],
        ["Wir nehmen das Angebot nicht an", "Wir akzeptieren das Angebot nicht",
         "Leider können wir das Angebot nicht annehmen"],
        ["nur den ersten Teil", "erst nach Rücksprache", "mit Änderungen am Umfang",
         "sofern die Lieferung im Juni erfolgt",
         "vorbehaltlich der Freigabe durch die Geschäftsführung"],
    ),
    "it": (
        ["Accettiamo la proposta", "Approvato", "Potete procedere", "Confermiamo l'ordine",
         "Siamo d'accordo"],
        ["Non accettiamo la proposta", "Purtroppo non possiamo accettare l'offerta"],
        ["solo la prima parte", "con modifiche al perimetro", "sempre che il prezzo resti fermo",
         "fino alla firma del contratto", "previa approvazione del direttore"],
    ),
    "nl": (
        ["Wij accepteren de offerte", "Akkoord", "Jullie kunnen beginnen",
         "Wij bevestigen de opdracht", "Wij gaan akkoord met het voorstel"],
        ["Wij accepteren de offerte niet", "Helaas kunnen wij de offerte niet accepteren"],
        ["alleen het eerste deel", "met wijzigingen", "mits de levering in juni is",
         "pas na overleg met de directie", "onder voorbehoud van financiering"],
    ),
    "ro": (
        ["Acceptăm oferta", "Aprobat", "Puteți începe", "Confirmăm comanda", "Suntem de acord"],
        ["Nu acceptăm oferta", "Din păcate nu putem accepta oferta"],
        ["doar prima parte", "cu modificări", "cu condiția ca plata să fie în două tranșe",
         "abia după ședința consiliului", "sub rezerva semnăturii directorului"],
    ),
    "pl": (
        ["Akceptujemy ofertę", "Zatwierdzam", "Możecie zaczynać", "Potwierdzamy zamówienie",
         "Zgadzamy się"],
        ["Nie akceptujemy oferty", "Niestety nie możemy zaakceptować oferty"],
        ["tylko pierwszą część", "ze zmianami w zakresie", "o ile termin zostanie dotrzymany",
         "dopiero po spotkaniu zarządu", "z zastrzeżeniem podpisu dyrektora"],
    ),
    "ar": (
        ["نوافق على العرض", "أقبل العرض", "يمكنكم البدء", "نؤكد الطلب"],
        ["لا نوافق على العرض", "للأسف لا نقبل العرض"],
        ["فقط الجزء الأول", "مع تعديلات على النطاق", "بشرط تضمين الاستضافة",
         "بعد اجتماع مجلس الإدارة", "رهنا بموافقة المدير"],
    ),
}
# Limits that change or retract an acceptance; a refusal "with changes" is still a refusal.
CHANGES = {
    "by mistake, ignore my previous email", "with changes to the scope",
    "con cambios en el alcance", "por error, ignoren mi correo anterior",
    "com alterações no escopo", "avec des modifications", "mit Änderungen am Umfang",
    "con modifiche al perimetro", "met wijzigingen", "cu modificări", "ze zmianami w zakresie",
    "مع تعديلات على النطاق",
}
# Connectives no rule knows: the safe default must hold for words never seen.
INVENTED = ["zorblat the client pays first", "kvetra", "sub condiția zzq", "à la suite de zzq"]
JOINERS = [", ", " ", " — "]


def _cases(kind: int) -> list[tuple[str, str]]:
    return [(code, text) for code, parts in LANGUAGES.items() for text in parts[kind]]


@pytest.mark.parametrize(("code", "text"), _cases(0))
def test_plain_acceptances_go_aheads_and_orders_accept(code: str, text: str) -> None:
    for ending in (".", "!", ". Thank you.", ""):
        assert classify(text + ending).intent is Intent.ACCEPT, text + ending


@pytest.mark.parametrize(("code", "text"), _cases(1))
def test_a_negated_acceptance_is_a_refusal(code: str, text: str) -> None:
    assert classify(text + ".").intent is Intent.DECLINE


@pytest.mark.parametrize("code", LANGUAGES)
def test_an_acceptance_with_anything_after_it_is_not_one(code: str) -> None:
    """templates × limiting clauses (this language's, invented ones) × joiners × endings."""
    accepts, _, limits = LANGUAGES[code]
    read_as_acceptance = [
        text
        for base, limit, joiner, ending in itertools.product(
            accepts, limits + INVENTED, JOINERS, (".", "!")
        )
        if classify(text := f"{base}{joiner}{limit}{ending}").intent is Intent.ACCEPT
    ]
    assert read_as_acceptance == []


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_limiting_clause_in_its_own_sentence_still_weakens(code: str) -> None:
    accepts, _, limits = LANGUAGES[code]
    read_as_acceptance = [
        text
        for base, limit in itertools.product(accepts, limits)
        if classify(text := f"{base}. {limit[0].upper()}{limit[1:]}.").intent is Intent.ACCEPT
    ]
    assert read_as_acceptance == []


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_negated_acceptance_with_a_condition_is_not_a_plain_refusal(code: str) -> None:
    _, negated, limits = LANGUAGES[code]
    plain_refusals = [
        text
        for base, limit in itertools.product(negated, set(limits) - CHANGES)
        if classify(text := f"{base}, {limit}.").intent is Intent.DECLINE
    ]
    assert plain_refusals == []


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_refusal_may_give_its_reason(code: str) -> None:
    """The clause with the negated verb is a plain refusal; the reason after it (words no rule
    knows, "zorblat") does not turn it into a question, and never into an acceptance."""
    _, negated, _ = LANGUAGES[code]
    readings = {
        text: classify(text).intent
        for base, reason in itertools.product(negated, ["zorblat kvetra", "P-2026-0042"])
        for text in (f"{base}: {reason}.", f"{base}. {reason.capitalize()}.")
    }
    assert {text for text, intent in readings.items() if intent is not Intent.DECLINE} == set()


@pytest.mark.parametrize("greeting", ["Hi Ana", "Dear Mr Smith", "Hola Pedro", "Bonjour Claire",
                                      "Hallo Herr Weber", "Ciao Marco", "Cześć Ania"])
def test_a_greeting_before_the_acceptance_is_no_condition(greeting: str) -> None:
    assert classify(f"{greeting}, we accept the proposal.").intent is Intent.ACCEPT
    assert classify(f"{greeting} we accept, zorblat.").intent is Intent.UNCLEAR
