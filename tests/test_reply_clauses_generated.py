"""The clause reader over generated replies in all ten languages: each widening, and its limits.

The clause reader (mail/inbound/clauses.py) lets an acceptance stand beside clauses it can place:
a permission to start addressed to the seller, courtesy and wishes, logistics about the invoice,
who confirms for whom, the proposal's own total. Every such pattern admitted here is composed
with an acceptance and must be read as one; then the same pattern carrying a condition, another
object, a question, a change, or another amount must never be (the counter-examples the brief
of each widening asks for). Indirect refusals must be declines, and a refusal "as it stands"
that asks for a change must be a question for the owner, not a decline.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from mail.inbound import Decision, Intent
from mail.inbound.intent import classify
from mail.inbound.proposal_check import Answered
from tests.test_reply_meaning_generated import _read


@dataclass(frozen=True)
class Parts:
    """One language: an acceptance, and the clauses that may or may not stand beside it."""

    accept: str
    placed: list[str]  # permission, courtesy, logistics, framing: beside `accept`, still a yes
    unplaced: list[str]  # the same patterns with a limit or an unknown object: never a yes
    total: str  # the proposal's total of 4,850.00 EUR, restated in a formal order
    other_total: str  # the same order for another amount
    declines: list[str]  # indirect refusals
    amending: str  # a refusal of the proposal as it stands, asking for a change


PARTS = {
    "en": Parts(
        "I accept the proposal.",
        ["You can start.", "Let's crack on.", "Good luck!", "Please send the invoice.",
         "I'm confirming on behalf of the company."],
        ["You can start once the permit arrives.", "You can remove item 3.",
         "You can lower the price?", "Please send the invoice after the work is done.",
         "You can start with the kitchen only.", "Good luck zorblat the client pays first."],
        "Please take this email as our formal order for P-2026-0042 (EUR 4,850.00 inc. VAT).",
        "Please take this email as our formal order for P-2026-0042 (EUR 3,900.00 inc. VAT).",
        ["Thanks, but we are no longer interested.", "No thanks, we have found another supplier."],
        "As it stands I cannot accept: the awning is missing. Can you add it?",
    ),
    "es": Parts(
        "Acepto la propuesta.",
        ["Pueden empezar nomás.", "Pueden arrancar cuando quieran.", "¡Mucho éxito!",
         "Quedo al pendiente de la factura.", "Desde compras confirmamos."],
        ["Pueden empezar cuando confirme el banco.", "Pueden quitar el punto 3.",
         "¿Pueden bajar el precio?", "Envíen la factura cuando termine la obra.",
         "Pueden empezar sin la instalación.", "Mucho éxito zorblat el cliente paga primero."],
        "Les confirmamos el pedido según su propuesta P-2026-0042, por importe de 4.850,00 EUR"
        " IVA incluido.",
        "Les confirmamos el pedido según su propuesta P-2026-0042, por importe de 3.900,00 EUR"
        " IVA incluido.",
        ["Gracias, pero ya no estamos interesados.", "Ya encontramos otro proveedor."],
        "Así no puedo aceptarla: falta el toldo. ¿Pueden añadirlo?",
    ),
    "pt": Parts(
        "Aceito a proposta.",
        ["Podem começar.", "Pode mandar ver.", "Boa sorte!", "Fico aguardando a fatura.",
         "Confirmo em nome da empresa."],
        ["Podem começar quando o banco confirmar.", "Podem retirar o item 3.",
         "Podem baixar o preço?", "Enviem a fatura só depois da obra.",
         "Podem começar sem a instalação.", "Boa sorte zorblat o cliente paga primeiro."],
        "Confirmamos a adjudicação da proposta P-2026-0042, no valor de 4.850,00 €, nos termos"
        " apresentados.",
        "Confirmamos a adjudicação da proposta P-2026-0042, no valor de 3.900,00 €, nos termos"
        " apresentados.",
        ["Obrigada, mas vamos declinar.", "Já não estamos interessados."],
        "Assim não posso aceitar: falta o toldo. Podem acrescentar?",
    ),
    "fr": Parts(
        "J'accepte la proposition.",
        ["Vous pouvez y aller !", "Allez-y.", "Bonne chance !", "J'attends la facture.",
         "Je confirme au nom de la société."],
        ["Vous pouvez y aller après le permis.", "Vous pouvez retirer le poste 3.",
         "Vous pouvez baisser le prix ?", "Envoyez la facture seulement après les travaux.",
         "Vous pouvez commencer sans le store.", "Bonne chance zorblat le client paie d'abord."],
        "Nous confirmons notre commande selon la proposition P-2026-0042, pour un montant de"
        " 4 850,00 € TTC.",
        "Nous confirmons notre commande selon la proposition P-2026-0042, pour un montant de"
        " 3 900,00 € TTC.",
        ["Merci, mais on va passer notre tour.", "Nous ne sommes plus intéressés."],
        "En l'état, je ne peux pas accepter : il manque le store. Pouvez-vous le rajouter ?",
    ),
    "de": Parts(
        "Wir nehmen das Angebot an.",
        ["Sie können loslegen.", "Legen Sie gerne los.", "Viel Erfolg!",
         "Bitte senden Sie die Rechnung.", "Ich bestätige im Namen der Firma."],
        ["Sie können loslegen, sobald die Genehmigung da ist.",
         "Sie können Position 3 streichen.", "Können Sie den Preis senken?",
         "Senden Sie die Rechnung erst nach der Montage.", "Sie können ohne die Markise loslegen.",
         "Viel Erfolg zorblat der Kunde zahlt zuerst."],
        "Wir bestätigen den Auftrag gemäß Angebot P-2026-0042 über 4.850,00 EUR inkl. MwSt.",
        "Wir bestätigen den Auftrag gemäß Angebot P-2026-0042 über 3.900,00 EUR inkl. MwSt.",
        ["Danke, aber wir haben kein Interesse mehr.", "Wir sind nicht mehr interessiert."],
        "So kann ich nicht annehmen: die Markise fehlt. Können Sie sie ergänzen?",
    ),
    "it": Parts(
        "Accetto la proposta.",
        ["Potete iniziare.", "Procedete pure.", "In bocca al lupo!",
         "Attendo la fattura.", "Confermo io per conto della ditta."],
        ["Potete iniziare quando arriva il permesso.", "Potete togliere la voce 3.",
         "Potete abbassare il prezzo?", "Mandate la fattura solo dopo i lavori.",
         "Potete iniziare senza la tenda.", "In bocca al lupo zorblat il cliente paga prima."],
        "Confermiamo l'ordine relativo alla proposta P-2026-0042, per un totale di 4.850,00 €"
        " IVA inclusa.",
        "Confermiamo l'ordine relativo alla proposta P-2026-0042, per un totale di 3.900,00 €"
        " IVA inclusa.",
        ["No grazie, abbiamo già trovato un'altra tipografia.",
         "Non siamo più interessati."],
        "Così non posso accettare: manca la tenda. Potete aggiungerla?",
    ),
    "nl": Parts(
        "Akkoord met de offerte.",
        ["U kunt starten.", "Doe maar.", "Succes!", "Stuur graag de factuur.",
         "Ik bevestig namens het bedrijf."],
        ["U kunt starten zodra de vergunning er is.", "U kunt punt 3 schrappen.",
         "Kunt u de prijs verlagen?", "Stuur de factuur pas na de werkzaamheden.",
         "U kunt starten zonder de zonwering.", "Succes zorblat de klant betaalt eerst."],
        "Wij bevestigen de opdracht volgens offerte P-2026-0042 voor een bedrag van € 4.850,00"
        " inclusief btw.",
        "Wij bevestigen de opdracht volgens offerte P-2026-0042 voor een bedrag van € 3.900,00"
        " inclusief btw.",
        ["Bedankt, maar we zijn niet meer geïnteresseerd.",
         "We hebben een andere leverancier gevonden."],
        "Zo kan ik niet akkoord gaan: de zonwering ontbreekt. Kunt u die toevoegen?",
    ),
    "ro": Parts(
        "Accept oferta.",
        ["Puteți începe.", "Dați-i drumul!", "Succes!", "Aștept factura.",
         "Confirm în numele firmei."],
        ["Puteți începe după ce primim avizul.", "Puteți scoate punctul 3.",
         "Puteți reduce prețul?", "Trimiteți factura doar după lucrare.",
         "Puteți începe fără copertină.", "Succes zorblat clientul plătește întâi."],
        "Vă confirmăm acceptarea ofertei P-2026-0042, la valoarea totală de 4.850,00 EUR.",
        "Vă confirmăm acceptarea ofertei P-2026-0042, la valoarea totală de 3.900,00 EUR.",
        ["Vă mulțumim, dar nu mai suntem interesați.", "Am găsit alt furnizor."],
        "Așa nu pot accepta: lipsește copertina. Puteți s-o adăugați?",
    ),
    "pl": Parts(
        "Akceptuję ofertę.",
        ["Możecie zaczynać.", "Śmiało, zaczynajcie.", "Powodzenia!", "Czekam na fakturę.",
         "Potwierdzam w imieniu spółki."],
        ["Możecie zaczynać, gdy bank potwierdzi.", "Możecie usunąć pozycję 3.",
         "Czy możecie obniżyć cenę?", "Fakturę proszę wystawić dopiero po pracach.",
         "Możecie zaczynać bez markizy.", "Powodzenia zorblat klient płaci pierwszy."],
        "Niniejszym potwierdzamy zamówienie zgodnie z ofertą P-2026-0042 na kwotę 4 850,00 EUR"
        " brutto.",
        "Niniejszym potwierdzamy zamówienie zgodnie z ofertą P-2026-0042 na kwotę 3 900,00 EUR"
        " brutto.",
        ["Dziękujemy, ale nie jesteśmy już zainteresowani.", "Znaleźliśmy innego wykonawcę."],
        "Oferty w tej formie nie akceptujemy – brakuje markizy. Proszę o uzupełnienie.",
    ),
    "ar": Parts(
        "أوافق على العرض.",
        ["يمكنكم البدء.", "بالتوفيق!", "بانتظار الفاتورة.", "أؤكد نيابة عن الشركة."],
        ["يمكنكم البدء بعد وصول التصريح.", "يمكنكم حذف البند 3.", "هل يمكنكم تخفيض السعر؟",
         "أرسلوا الفاتورة فقط بعد انتهاء العمل.", "يمكنكم البدء بدون المظلة."],
        "نؤكد لكم موافقتنا على العرض رقم P-2026-0042 بمبلغ 4,850.00 يورو كما ورد.",
        "نؤكد لكم موافقتنا على العرض رقم P-2026-0042 بمبلغ 3,900.00 يورو كما ورد.",
        ["شكرا، لم نعد مهتمين.", "لسنا مهتمين."],
        "لا أستطيع الموافقة على العرض بهذا الشكل: ينقصه المظلة. هل يمكنكم إضافتها؟",
    ),
}
ANSWERED = Answered("P-2026-0042", Decimal("4850.00"), "EUR")


@pytest.mark.parametrize("code", PARTS)
def test_an_acceptance_beside_a_placed_clause_is_one(code: str) -> None:
    parts = PARTS[code]
    missed = [clause for clause in parts.placed
              for text in (f"{parts.accept} {clause}", f"{clause} {parts.accept}")
              if classify(text, language=code).intent is not Intent.ACCEPT]
    assert missed == []


@pytest.mark.parametrize("code", PARTS)
def test_the_same_patterns_with_a_limit_or_another_object_are_not(code: str) -> None:
    parts = PARTS[code]
    taken = [text for clause in parts.unplaced
             for text in (f"{parts.accept} {clause}", f"{clause} {parts.accept}")
             if classify(text, language=code).intent is Intent.ACCEPT]
    assert taken == []
    invoiced = [clause for clause in parts.unplaced
                if _read(f"{parts.accept} {clause}", ANSWERED).decision is Decision.INVOICE]
    assert invoiced == []


@pytest.mark.parametrize("code", PARTS)
def test_a_formal_order_restating_the_total_invoices_and_another_amount_asks(code: str) -> None:
    parts = PARTS[code]
    assert _read(parts.total, ANSWERED).decision is Decision.INVOICE
    other = _read(parts.other_total, ANSWERED)
    assert other.decision is Decision.ASK_OWNER
    assert "4850.00" in str(other.skip_reason)


@pytest.mark.parametrize("code", PARTS)
def test_the_total_in_another_currency_is_another_price(code: str) -> None:
    in_pounds = Answered("P-2026-0042", Decimal("4850.00"), "GBP")
    assert _read(PARTS[code].total, in_pounds).decision is Decision.ASK_OWNER


@pytest.mark.parametrize("code", PARTS)
def test_indirect_refusals_are_declines(code: str) -> None:
    misread = [text for text in PARTS[code].declines
               if classify(text, language=code).intent is not Intent.DECLINE]
    assert misread == []


@pytest.mark.parametrize("code", PARTS)
def test_a_refusal_as_it_stands_asking_for_a_change_is_a_question(code: str) -> None:
    assert classify(PARTS[code].amending, language=code).intent is Intent.UNCLEAR
