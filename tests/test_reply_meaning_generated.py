"""What a reply means, over generated replies in all ten languages, read end to end.

Issue 15 asks the test "nothing but an unconditional acceptance is read as one" to quantify over
text the rules were not written from. Here go-aheads, approvals and formal acceptances are
composed from parts (who speaks × what they say to do × to what), sent as a trusted, signed
email through `understand()`, and must become invoices; then every one of them meets every
class of limit (partial scope, a negative quantifier, a time condition, a retraction, a change,
a condition after a known or an invented connective, a question), in the same sentence and in
the next one, and must never become an invoice. Negated go-aheads and refusal idioms must be
declines; acceptances of something else, other numbers, other amounts and out-of-office texts
without headers must not invoice; languages Assent does not read stay unclear.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from decimal import Decimal

import pytest

from mail.inbound import Decision, Intent, understand
from mail.inbound.errors import OtherProposal
from mail.inbound.proposal_check import Answered

NAME = "Jane Doe"
SENDER = "jane@doe.example"


def _read(body: str, answered: Answered | None = None):
    """The reply as the client's authenticated server delivers it, signed with her name."""
    raw = (
        "Authentication-Results: mx.assent.test; dkim=pass header.d=doe.example;"
        " spf=pass smtp.mailfrom=jane@doe.example; dmarc=pass header.from=doe.example\n"
        f"From: {NAME} <{SENDER}>\nTo: assent+p-2026-0042@assent.test\n"
        "Subject: Re: Proposal P-2026-0042\nMessage-ID: <r1@doe.example>\n"
        "Content-Type: text/plain; charset=utf-8\n\n" + body + f"\n\n{NAME}\n"
    ).encode()
    return understand(raw, candidate_names=[NAME], allowed_senders=[SENDER],
                      own_addresses=["assent+p-2026-0042@assent.test"],
                      trusted_authserv_ids=["mx.assent.test"],
                      answered=answered or Answered("P-2026-0042"))


@dataclass(frozen=True)
class Language:
    """One language's parts. `who` × `do` × `what` compose go-aheads; `formal` are whole."""

    who: list[str]  # "you can", "please" ... (empty string: an imperative)
    do: list[str]  # "start", "proceed" ...
    what: list[str]  # "", "with the work" ...
    formal: list[str]  # approvals and formal acceptances that stand alone
    limits: list[str]  # one per class: partial, none, time x3, retraction, change, conditions
    question: str
    other: list[str]  # an agreement whose object is not the proposal
    negated: list[str]  # go-aheads negated as the language does
    idioms: list[str]  # refusals without a refusal verb
    away: str  # an out-of-office text


LANGUAGES: dict[str, Language] = {
    "en": Language(
        ["You can", "Please", "Feel free to", "We'd like you to", "We are happy for you to"],
        ["start", "proceed", "go ahead", "begin", "get started"],
        ["", " with the work", " with the project as quoted"],
        ["Green light from us", "No objections from our side, go ahead",
         "We confirm the order as quoted", "Please take this email as our purchase order",
         "We are happy to proceed as quoted", "Approved", "Count us in", "It's a deal"],
        ["but only the first phase", "none of the optional extras though",
         "only after our board meeting", "not until the permit arrives",
         "once the financing is confirmed", "sorry, that was sent by mistake",
         "with a few changes to the timeline", "provided that the hosting is included",
         "as long as you start in May", "assuming the price stays fixed"],
        "Could you confirm the start date?",
        ["We accept the meeting invitation for Tuesday.",
         "We agree with your assessment of the roof."],
        ["We have decided not to go ahead", "We will not be proceeding with the proposal",
         "We don't want to move forward", "We won't go ahead this time"],
        ["Thanks, but we went with another supplier", "We'll leave it for now",
         "We have decided against it", "We are not interested"],
        "I am out of the office until Monday with limited access to email.",
    ),
    "es": Language(
        ["Pueden", "Por favor, pueden", "Ya pueden", "Queremos"],
        ["empezar", "proceder", "seguir adelante", "comenzar", "arrancar"],
        ["", " con el trabajo", " con el proyecto"],
        ["Luz verde", "Sin objeciones, adelante", "Confirmamos el pedido",
         "Tomen este correo como nuestra orden de compra", "Adelante con el presupuesto",
         "Presupuesto aprobado", "Trato hecho", "Validado"],
        ["pero solo la primera fase", "ninguno de los extras opcionales",
         "solo después de la reunión del consejo", "no hasta que llegue el permiso",
         "una vez que confirmen la financiación", "perdón, lo envié por error",
         "con algunos cambios en el calendario", "siempre que incluyan el hosting",
         "con tal de que empiecen en mayo", "a condición de que el precio no cambie"],
        "¿Podrían confirmar la fecha de inicio?",
        ["Aceptamos la invitación a la reunión del martes.",
         "Estamos de acuerdo con su diagnóstico del tejado."],
        ["Hemos decidido no seguir adelante", "No vamos a avanzar con la propuesta",
         "No queremos continuar", "Por ahora no vamos a contratar"],
        ["Gracias, pero optamos por otro proveedor", "Lo dejamos para más adelante",
         "No nos interesa", "Este año no"],
        "Estoy fuera de la oficina hasta el lunes con acceso limitado al correo.",
    ),
    "pt": Language(
        ["Podem", "Por favor, podem", "Já podem", "Queremos"],
        ["começar", "avançar", "prosseguir", "iniciar", "seguir em frente"],
        ["", " com o trabalho", " com o projeto"],
        ["Sinal verde", "Sem objeções, podem avançar", "Confirmamos a encomenda",
         "Considerem este e-mail como nosso pedido", "Da nossa parte está aprovado",
         "Orçamento aprovado", "Negócio fechado", "Validado"],
        ["mas só a primeira fase", "nenhum dos extras opcionais",
         "só depois da reunião da direção", "não antes de chegar a licença",
         "assim que confirmarem o financiamento", "desculpem, enviei por engano",
         "com algumas alterações no prazo", "desde que incluam o alojamento",
         "contanto que comecem em maio", "com a condição de o preço não mudar"],
        "Podem confirmar a data de início?",
        ["Aceitamos o convite para a reunião de terça.",
         "Estamos de acordo com a vossa avaliação do telhado."],
        ["Decidimos não avançar", "Não vamos avançar com a proposta",
         "Não queremos prosseguir", "Por agora não vamos contratar"],
        ["Obrigado, mas optamos por outro fornecedor", "Deixamos para mais tarde",
         "Não temos interesse", "Este ano não"],
        "Estou fora do escritório até segunda-feira com acesso limitado ao e-mail.",
    ),
    "fr": Language(
        ["Vous pouvez", "Merci de", "Veuillez"],
        ["commencer", "démarrer", "lancer les travaux", "procéder"],
        [""],
        ["Feu vert de notre côté", "Aucune objection, allez-y", "Nous confirmons la commande",
         "Devis validé", "Bon pour accord", "Nous vous passons commande", "C'est parti",
         "Veuillez considérer ce courriel comme bon de commande"],
        ["mais seulement la première phase", "aucun des suppléments optionnels",
         "seulement après la réunion du conseil", "pas avant l'arrivée du permis",
         "une fois le financement confirmé", "pardon, envoyé par erreur",
         "avec quelques modifications du calendrier", "à condition que l'hébergement soit inclus",
         "pourvu que vous commenciez en mai", "sous réserve que le prix reste ferme"],
        "Pourriez-vous confirmer la date de début ?",
        ["Nous acceptons l'invitation à la réunion de mardi.",
         "Nous sommes d'accord avec votre diagnostic de la toiture."],
        ["Nous ne souhaitons pas donner suite", "Nous n'irons pas plus loin",
         "Nous avons décidé de ne pas poursuivre", "Nous ne pouvons pas donner suite"],
        ["Merci, mais nous avons choisi un autre prestataire", "Pas pour le moment",
         "Nous ne sommes pas intéressés", "Nous laissons tomber"],
        "Je suis absente du bureau jusqu'à lundi avec un accès limité à mes e-mails.",
    ),
    "de": Language(
        ["Sie können", "Bitte", "Sie können gerne"],
        ["loslegen", "beginnen", "starten", "anfangen"],
        [""],
        ["Grünes Licht von uns", "Keine Einwände, legen Sie los", "Wir bestätigen den Auftrag",
         "Hiermit beauftragt", "Sie bekommen den Auftrag", "Hiermit erteilen wir Ihnen den Auftrag",
         "Freigegeben", "Abgemacht"],
        ["aber nur die erste Phase", "keine der optionalen Leistungen",
         "erst nach der Vorstandssitzung", "nicht vor Eingang der Genehmigung",
         "sobald die Finanzierung bestätigt ist", "Entschuldigung, versehentlich gesendet",
         "mit einigen Änderungen am Zeitplan", "sofern das Hosting enthalten ist",
         "vorausgesetzt, Sie beginnen im Mai", "unter der Bedingung, dass der Preis fest bleibt"],
        "Können Sie den Starttermin bestätigen?",
        ["Wir nehmen die Einladung zum Termin am Dienstag an.",
         "Wir sind mit Ihrer Einschätzung des Daches einverstanden."],
        ["Wir werden das Angebot nicht weiterverfolgen", "Wir möchten nicht fortfahren",
         "Wir haben uns entschieden, nicht fortzufahren", "Wir werden es nicht umsetzen"],
        ["Danke, aber wir haben uns für einen anderen Anbieter entschieden", "Vorerst nicht",
         "Kein Interesse", "Wir lassen es vorerst sein"],
        "Ich bin bis Montag nicht im Büro und habe eingeschränkten Zugriff auf E-Mails.",
    ),
    "it": Language(
        ["Potete", "Potete pure", "Vi preghiamo di"],
        ["procedere", "iniziare", "partire", "cominciare", "andare avanti"],
        ["", " con il lavoro"],
        ["Via libera", "Nessuna obiezione, procedete", "Confermiamo l'ordine",
         "Preventivo approvato", "Affare fatto", "Si parte", "Confermato",
         "Consideratela come nostro ordine"],
        ["ma solo la prima fase", "nessuno degli extra opzionali",
         "solo dopo la riunione del consiglio", "non prima dell'arrivo del permesso",
         "una volta confermato il finanziamento", "scusate, inviato per errore",
         "con alcune modifiche al calendario", "a patto che l'hosting sia incluso",
         "purché iniziate a maggio", "a condizione che il prezzo resti fermo"],
        "Potete confermare la data di inizio?",
        ["Accettiamo l'invito alla riunione di martedì.",
         "Siamo d'accordo con la vostra valutazione del tetto."],
        ["Abbiamo deciso di non procedere", "Non andremo avanti con la proposta",
         "Non vogliamo proseguire", "Non daremo seguito"],
        ["Grazie, ma abbiamo scelto un altro fornitore", "Per ora no",
         "Non siamo interessati", "Lasciamo perdere"],
        "Sono fuori ufficio fino a lunedì con accesso limitato alla posta.",
    ),
    "nl": Language(
        ["Jullie kunnen", "U kunt", "Jullie mogen", "U mag"],
        ["beginnen", "starten", "inplannen", "aan de slag"],
        [""],
        ["Groen licht van onze kant", "Geen bezwaar, ga je gang", "Wij bevestigen de opdracht",
         "Akkoord", "Dat gaan we doen", "Wij gaan akkoord met de offerte", "Goedgekeurd",
         "U kunt deze e-mail beschouwen als opdrachtbevestiging", "Gelieve te beginnen"],
        ["maar alleen de eerste fase", "geen van de optionele extra's",
         "pas na de bestuursvergadering", "niet voordat de vergunning binnen is",
         "zodra de financiering rond is", "sorry, per ongeluk verstuurd",
         "met een paar wijzigingen in de planning", "mits de hosting inbegrepen is",
         "op voorwaarde dat jullie in mei beginnen", "onder voorbehoud van de prijs"],
        "Kunt u de startdatum bevestigen?",
        ["Wij accepteren de uitnodiging voor de vergadering van dinsdag.",
         "Wij zijn het eens met uw beoordeling van het dak."],
        ["We gaan er niet mee verder", "Wij gaan niet akkoord met de offerte",
         "Wij gaan niet door met het voorstel", "We zien ervan af"],
        ["Bedankt, maar we hebben voor een andere partij gekozen", "Voorlopig niet",
         "Geen interesse", "Dit jaar niet"],
        "Ik ben tot maandag afwezig en heb beperkte toegang tot mijn e-mail. Ik ben op vakantie.",
    ),
    "ro": Language(
        ["Puteți", "Poți"],
        ["începe", "demara", "merge mai departe", "porni"],
        [""],
        ["Unda verde din partea noastră", "Nicio obiecție, dați drumul", "Confirmăm comanda",
         "Oferta aprobată", "Batem palma", "Dați-i drumul", "De acord",
         "Considerați acest e-mail drept comandă fermă", "Vă rugăm să începeți"],
        ["dar doar prima etapă", "niciunul dintre extraopțiuni",
         "abia după ședința consiliului", "nu înainte de sosirea autorizației",
         "odată ce finanțarea este confirmată", "scuze, trimis din greșeală",
         "cu câteva modificări ale calendarului", "cu condiția să includeți găzduirea",
         "doar dacă începeți în mai", "sub rezerva ca prețul să rămână fix"],
        "Puteți confirma data de începere?",
        ["Acceptăm invitația la ședința de marți.",
         "Suntem de acord cu evaluarea dumneavoastră a acoperișului."],
        ["Nu vom merge mai departe", "Nu acceptăm oferta", "Am decis să nu continuăm",
         "Nu mergem mai departe cu oferta"],
        ["Mulțumim, dar am ales alt furnizor", "Deocamdată nu", "Nu suntem interesați",
         "Renunțăm"],
        "Sunt în concediu până luni, cu acces limitat la e-mail.",
    ),
    "pl": Language(
        ["Możecie", "Proszę", "Mogą Państwo"],
        ["zaczynać", "rozpocząć", "ruszać", "działać"],
        [""],
        ["Zielone światło", "Nie mamy zastrzeżeń, możecie ruszać", "Potwierdzamy zamówienie",
         "Wyrażamy zgodę na realizację zamówienia", "Zlecamy", "Bierzemy", "Zatwierdzone",
         "Proszę traktować tę wiadomość jako zamówienie"],
        ["ale tylko pierwszy etap", "żadnych opcjonalnych dodatków",
         "dopiero po posiedzeniu zarządu", "nie przed otrzymaniem pozwolenia",
         "gdy finansowanie zostanie potwierdzone", "przepraszam, wysłane przez pomyłkę",
         "ze zmianami w harmonogramie", "pod warunkiem że hosting jest wliczony",
         "o ile zaczniecie w maju", "jeśli cena się nie zmieni"],
        "Czy mogą Państwo potwierdzić datę rozpoczęcia?",
        ["Przyjmujemy zaproszenie na spotkanie we wtorek.",
         "Zgadzamy się z Państwa oceną dachu."],
        ["Nie będziemy kontynuować", "Zdecydowaliśmy się nie realizować",
         "Nie akceptujemy oferty", "Nie zamówimy tego"],
        ["Dziękujemy, ale wybraliśmy innego wykonawcę", "Na razie nie",
         "Nie jesteśmy zainteresowani", "Rezygnujemy"],
        "Jestem na urlopie do poniedziałku z ograniczonym dostępem do poczty.",
    ),
    "ar": Language(
        ["يمكنكم", "نرجو", "الرجاء"],
        ["البدء", "المباشرة", "المضي قدما", "التنفيذ"],
        [""],
        ["الضوء الأخضر من جهتنا", "لا مانع لدينا، ابدأوا", "نؤكد الطلب", "اعتمدنا العرض",
         "تم اعتماد العرض", "اتفقنا", "نوافق على العرض", "اعتبروا هذا البريد أمر شراء"],
        ["لكن فقط المرحلة الأولى", "لا شيء من الإضافات", "فقط بعد اجتماع مجلس الإدارة",
         "ليس قبل وصول التصريح", "بمجرد تأكيد التمويل", "عذرا، أرسلت بالخطأ",
         "مع بعض التعديلات على الجدول", "بشرط تضمين الاستضافة", "طالما تبدأون في مايو",
         "شريطة ألا يتغير السعر"],
        "هل يمكنكم تأكيد تاريخ البدء؟",
        ["نقبل الدعوة لاجتماع يوم الثلاثاء.", "نوافق على تقييمكم للسقف."],
        ["قررنا عدم المضي قدما", "لن نمضي قدما في العرض", "لا نرغب في الاستمرار",
         "لا نوافق على العرض"],
        ["شكرا، لكننا اخترنا مورد آخر", "غير مهتمين", "نعتذر عن قبول العرض", "نرفض العرض"],
        "أنا خارج المكتب حتى يوم الاثنين مع وصول محدود إلى البريد.",
    ),
}
# Connectives no rule knows, before a clause: the safe default must hold for words never seen.
INVENTED = ["zorblat the client pays first", "kvetra wir zahlen zuerst"]


def _go_aheads(code: str) -> list[str]:
    lang = LANGUAGES[code]
    composed = [f"{who} {do}{what}".strip() for who, do, what in
                itertools.product(lang.who, lang.do, lang.what)]
    return [f"{text[0].upper()}{text[1:]}" for text in composed] + lang.formal


def _invoiced(body: str) -> bool:
    return _read(body).decision is Decision.INVOICE


@pytest.mark.parametrize("code", LANGUAGES)
def test_composed_go_aheads_and_formal_acceptances_become_invoices(code: str) -> None:
    missed = [text for text in _go_aheads(code)
              for body in (f"{text}.", f"{text}!") if not _invoiced(body)]
    assert missed == []


FORMS = ("{text}, {limit}.", "{text} — {limit}.", "{text} {limit}.", "{text}. {Limit}.")


@pytest.mark.parametrize("code", LANGUAGES)
def test_no_limited_acceptance_becomes_an_invoice(code: str) -> None:
    """Every go-ahead meets a limit in each of four places (after a comma, a dash, nothing, and
    in the next sentence), the limits rotating so that every class and invented connective meets
    every place across the go-aheads; every go-ahead is also followed by a question."""
    lang = LANGUAGES[code]
    limits = lang.limits + INVENTED
    bodies = [
        form.format(text=text, limit=limit, Limit=f"{limit[0].upper()}{limit[1:]}")
        for index, text in enumerate(_go_aheads(code))
        for place, form in enumerate(FORMS)
        for limit in [limits[(index + place * 3) % len(limits)]]
    ] + [f"{text}. {lang.question}" for text in _go_aheads(code)]
    assert len(_go_aheads(code)) >= len(limits)  # so every limit meets every place
    assert [body for body in bodies if _invoiced(body)] == []


@pytest.mark.parametrize("code", LANGUAGES)
def test_agreement_about_something_else_is_no_acceptance(code: str) -> None:
    assert [text for text in LANGUAGES[code].other if _invoiced(text)] == []


@pytest.mark.parametrize("code", LANGUAGES)
def test_negated_go_aheads_and_refusal_idioms_are_declines(code: str) -> None:
    lang = LANGUAGES[code]
    read = {text: _read(f"{text}.") for text in lang.negated + lang.idioms}
    assert {text: r.intent for text, r in read.items() if r.intent is not Intent.DECLINE} == {}
    assert all(r.decision is Decision.DECLINE for r in read.values())


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_refusal_with_a_condition_or_a_wait_is_not_a_plain_refusal(code: str) -> None:
    lang = LANGUAGES[code]
    time_limits = lang.limits[2:5]  # only after / not until / once
    plain = [f"{text}, {limit}." for text, limit in itertools.product(lang.negated, time_limits)
             if _read(f"{text}, {limit}.").intent is Intent.DECLINE]
    assert plain == []


@pytest.mark.parametrize("code", LANGUAGES)
def test_an_out_of_office_text_without_headers_is_an_auto_reply(code: str) -> None:
    read = _read(LANGUAGES[code].away)
    assert (read.intent, read.decision) == (Intent.AUTO_REPLY, Decision.IGNORE)


# Another proposal's number, or another amount, written as each language writes numbers.
OTHER = {
    "en": ("We accept proposal P-2026-0041.", "We accept the £3,900.00 offer."),
    "es": ("Aceptamos el presupuesto P-2026-0041.", "Aceptamos la oferta de 3.900,00 €."),
    "pt": ("Aceitamos a proposta P-2026-0041.", "Aceitamos o orçamento de R$ 3.900,00."),
    "fr": ("Nous acceptons le devis P-2026-0041.", "Nous acceptons le devis de 3 900,00 €."),
    "de": ("Wir nehmen das Angebot P-2026-0041 an.",
           "Wir akzeptieren das Angebot über CHF 3'900.00."),
    "it": ("Accettiamo il preventivo P-2026-0041.", "Accettiamo il preventivo di 3.900,00 euro."),
    "nl": ("Wij gaan akkoord met offerte P-2026-0041.", "Akkoord met de offerte van € 3.900,00."),
    "ro": ("Acceptăm oferta P-2026-0041.", "Acceptăm oferta de 3.900,00 lei."),
    "pl": ("Akceptujemy ofertę P-2026-0041.", "Akceptujemy ofertę na 3 900,00 zł."),
    "ar": ("نوافق على العرض P-2026-0041.", "نوافق على العرض بمبلغ ٣٬٩٠٠٫٠٠ ريال."),
}
SAME = {"en": "We accept the £4,850.00 proposal.", "ar": "نوافق على العرض بمبلغ ٤٬٨٥٠٫٠٠ ريال.",
        "de": "Wir akzeptieren das Angebot über CHF 4'850.00.",
        "pl": "Akceptujemy ofertę na 4 850,00 zł.", "es": "Aceptamos la oferta de 4.850,00 €."}


@pytest.mark.parametrize("code", OTHER)
def test_another_number_or_amount_asks_the_owner_naming_both(code: str) -> None:
    answered = Answered("P-2026-0042", Decimal("4850.00"))
    for text, expected in zip(OTHER[code], ("P-2026-0042", "4850.00"), strict=True):
        read = _read(text, answered)
        assert read.decision is Decision.ASK_OWNER, text
        assert isinstance(read.skip_reason, OtherProposal), text
        assert expected in str(read.skip_reason), text


@pytest.mark.parametrize("text", SAME.values())
def test_the_proposals_own_total_in_any_number_format_only_restates_it(text: str) -> None:
    answered = Answered("P-2026-0042", Decimal("4850.00"))
    assert _read(text, answered).decision is Decision.INVOICE


@pytest.mark.parametrize("text", [
    "Vi godkänner offerten, kör på!",  # Swedish
    "Teklifinizi onaylıyoruz, başlayabilirsiniz.",  # Turkish
    "Souhlasíme s nabídkou, můžete začít.",  # Czech
    "D'acord, endavant amb el pressupost.",  # Catalan
    "Мы принимаем ваше предложение, можете начинать.",  # Russian
    "Hyväksymme tarjouksen, voitte aloittaa.",  # Finnish
])
def test_a_language_assent_does_not_read_stays_unclear(text: str) -> None:
    read = _read(text)
    assert (read.intent, read.decision) == (Intent.UNCLEAR, Decision.ASK_OWNER)
