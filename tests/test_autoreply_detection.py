"""Mail written by machines is recognised before anyone reads it, and a person's reply is not."""

from __future__ import annotations

import pytest

from mail.inbound import Intent, autoreply, understand
from mail.inbound.decode import parse
from mail.inbound.errors import AutoReply, BounceReport, MailingList, ReadReceipt

REPLY_SUBJECT = "Re: Proposal P-2026-0042"


def detect(
    headers: dict[str, str],
    body: str = "I accept — Jane Doe",
    *,
    sender: str = "jane@doe.example",
    content_type: str = "text/plain; charset=utf-8",
):
    head = {"From": f"Jane Doe <{sender}>", "Subject": REPLY_SUBJECT, **headers}
    lines = [f"{name}: {value}" for name, value in head.items()]
    raw = ("\r\n".join([*lines, f"Content-Type: {content_type}", "", body])).encode()
    message = parse(raw).message
    return autoreply.detect(message, sender, str(message["Subject"]))


@pytest.mark.parametrize(
    ("headers", "verdict"),
    [
        ({"Auto-Submitted": "auto-replied"}, AutoReply),
        ({"Auto-Submitted": "auto-generated"}, AutoReply),
        ({"Auto-Submitted": 'auto-notified; owner-email="x@doe.example"'}, AutoReply),
        ({"X-Autoreply": "yes"}, AutoReply),
        ({"X-Autorespond": "Re: Proposal"}, AutoReply),
        ({"X-Mail-Autoreply": "1"}, AutoReply),
        ({"Precedence": "auto_reply"}, AutoReply),
        ({"Precedence": "junk"}, AutoReply),
        ({"Precedence": "bulk"}, MailingList),
        ({"X-Precedence": "list"}, MailingList),
        ({"List-Id": "Clients <clients.doe.example>"}, MailingList),
        ({"List-Unsubscribe": "<mailto:leave@doe.example>"}, MailingList),
        ({"Return-Path": "<>"}, AutoReply),
    ],
)
def test_automatic_headers_mark_machine_mail(headers: dict[str, str], verdict: type) -> None:
    assert type(detect(headers)) is verdict


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Auto-Submitted": "no"},
        {"X-Auto-Response-Suppress": "All"},  # Outlook adds it to ordinary mail too
        {"Precedence": "normal"},
        {"Return-Path": "<jane@doe.example>"},
    ],
)
def test_a_persons_reply_is_not_automatic(headers: dict[str, str]) -> None:
    assert detect(headers) is None


@pytest.mark.parametrize(
    "subject",
    [
        "Out of Office: Proposal P-2026-0042",
        "Automatic reply: Proposal P-2026-0042",
        "Auto: Proposal",
        "Respuesta automática: Propuesta",
        "Fuera de la oficina: Propuesta",
        "Resposta automática: Proposta",
        "Ausente: Re: Proposta",
        "Réponse automatique : Offre",
        "Absence : Re: Proposition",
        "Abwesenheitsnotiz: Angebot",
        "Automatische Antwort: Angebot",
        "Risposta automatica: Proposta",
        "Fuori sede: Proposta",
        "Afwezig: Offerte",
        "Automatisch antwoord: Offerte",
        "Răspuns automat: Ofertă",
        "Odpowiedź automatyczna: Oferta",
        "Poza biurem: Oferta",
        "رد تلقائي: عرض",
        "RE: [External] Out of office",
    ],
)
def test_out_of_office_subjects_in_ten_languages(subject: str) -> None:
    assert type(detect({"Subject": subject})) is AutoReply


@pytest.mark.parametrize(
    "subject",
    [
        "Re: Absence management proposal",
        "Re: Proposal P-2026-0042",
        "Re: Vacation rental site",
        "AW: Urlaubsplanung 2026",
        "Re: Auto insurance quote",
        "Re: Out of office hours support",
        "Re: Proposal (automatic reply to follow)",
    ],
)
def test_topics_that_merely_mention_absence_are_not_out_of_office(subject: str) -> None:
    assert detect({"Subject": subject}) is None


def test_no_reply_and_mailer_daemon_senders_are_machines() -> None:
    assert type(detect({}, sender="no-reply@doe.example")) is AutoReply
    bounce = detect(
        {
            "Subject": "Mail delivery failed: returning message to sender",
            "X-Failed-Recipients": "jane@doe.example",
        },
        "Message-ID: <p-1@assent.test>\n",
        sender="Mailer-Daemon@mx.doe.example",
    )
    assert isinstance(bounce, BounceReport)
    assert bounce.info.failed_recipients == ("jane@doe.example",)
    assert bounce.info.original_message_id == "<p-1@assent.test>"


DSN = """--B\r
Content-Type: text/plain\r
\r
Delivery failed.\r
--B\r
Content-Type: message/delivery-status\r
\r
Reporting-MTA: dns; mx.assent.test\r
\r
Final-Recipient: rfc822; <Other@Doe.example>\r
Action: delayed\r
Status: 4.4.1\r
\r
Final-Recipient: rfc822; Jane@Doe.example\r
Action: failed\r
Status: 5.2.2\r
Diagnostic-Code: smtp; 552 mailbox full\r
Original-Message-ID: <p-2026-0042.en@assent.test>\r
\r
--B--\r
"""


def test_delivery_report_keeps_failed_recipients_status_and_message_id() -> None:
    verdict = detect(
        {},
        DSN,
        sender="mailer-daemon@mx.assent.test",
        content_type='multipart/report; report-type=delivery-status; boundary="B"',
    )
    assert isinstance(verdict, BounceReport)
    info = verdict.info
    assert info.failed_recipients == ("jane@doe.example",)  # the delayed one is not a failure
    assert (info.status, info.diagnostic) == ("5.2.2", "smtp; 552 mailbox full")
    assert info.original_message_id == "<p-2026-0042.en@assent.test>"


def test_read_receipt_is_not_a_reply() -> None:
    body = (
        "--M\r\nContent-Type: message/disposition-notification\r\n\r\n"
        "Disposition: manual-action/MDN-sent-manually; displayed\r\n--M--\r\n"
    )
    kind = 'multipart/report; report-type=disposition-notification; boundary="M"'
    verdict = detect({"Subject": "Read: Proposal"}, body, content_type=kind)
    assert type(verdict) is ReadReceipt


# Out-of-office texts worded unlike the corpus, with no header or subject that says so.
AWAY_TEXTS = {
    "en": ["Thanks for your email. I'm currently on annual leave and will reply when I return.",
           "I am travelling with limited access to email until 3 July."],
    "es": ["Gracias por su mensaje. Estaré de vacaciones hasta el lunes 8; "
           "responderé a mi regreso."],
    "pt": ["Obrigado pelo contacto. Estou de férias e responderei no meu regresso."],
    "fr": ["Merci pour votre message. Je suis actuellement en congés, de retour le 12 août."],
    "de": ["Vielen Dank für Ihre Nachricht. Ich bin bis 14.8. im Urlaub und ab dem 15.8. "
           "wieder erreichbar."],
    "it": ["Grazie per il messaggio. Sono in ferie fino al 20 agosto, risponderò al mio rientro."],
    "nl": ["Bedankt voor je bericht. Ik ben tot en met 9 augustus met vakantie."],
    "ro": ["Vă mulțumesc pentru mesaj. Sunt în concediu, voi răspunde la întoarcere."],
    "pl": ["Dziękuję za wiadomość. Jestem na urlopie, odpowiem po powrocie."],
    "ar": ["شكرا لرسالتك. أنا في إجازة وسأرد عند عودتي."],
    # Nobody is there any more, or a help desk acknowledges: machines too.
    "gone": ["Jane Doe is no longer with the company. Please write to info@doe.example.",
             "Juan ya no trabaja en la empresa; escriba a info@perez.example.",
             "Madame Dubois ne fait plus partie de nos équipes."],
    "ack": ["We have received your message and will get back to you within 2 business days. "
            "Your ticket number is #4821.",
            "Wir haben Ihre Nachricht erhalten. Bitte antworten Sie nicht auf diese E-Mail."],
}


@pytest.mark.parametrize(
    "text", [text for texts in AWAY_TEXTS.values() for text in texts]
)
def test_an_out_of_office_text_without_headers_is_an_auto_reply(text: str) -> None:
    raw = (f"From: Jane Doe <jane@doe.example>\r\nSubject: Re: Proposal P-2026-0042\r\n"
           f"Content-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n").encode()
    seen = understand(raw, candidate_names=["Jane Doe"], allowed_senders=["jane@doe.example"],
                      own_addresses=[], trusted_authserv_ids=[])
    assert (seen.intent, seen.decision.value) == (Intent.AUTO_REPLY, "ignore")


def test_a_person_who_is_away_but_answers_is_still_read() -> None:
    raw = (b"From: Jane Doe <jane@doe.example>\r\nSubject: Re: Proposal P-2026-0042\r\n\r\n"
           b"I'm on vacation until Monday, but we accept the proposal.\r\n")
    seen = understand(raw, candidate_names=["Jane Doe"], allowed_senders=["jane@doe.example"],
                      own_addresses=[], trusted_authserv_ids=[])
    assert (seen.intent, seen.decision.value) == (Intent.UNCLEAR, "ask_owner")
