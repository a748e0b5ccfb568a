"""Only what the client typed survives: quoted proposals, signatures and footers are cut."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from mail.inbound.decode import parse
from mail.inbound.htmltext import html_to_text
from mail.inbound.quotes import strip_quotes

PROPOSAL = '> Hello Jane,\n> To accept, reply "I accept" and your full name.\n> Studio Nova'


@pytest.mark.parametrize(
    "attribution",
    [
        "On Mon, 3 Jun 2026 at 10:00, Studio Nova <assent@assent.test> wrote:",
        "On Mon, 3 Jun 2026 at 10:00, Studio Nova <\nassent@assent.test> wrote:",  # Gmail wraps
        "On 03/06/2026 10:00, Studio Nova wrote:",
        "On Monday, June 3, 2026, 10:00:00 AM GMT+2, Studio Nova <a@assent.test> wrote:",
        "El lun, 3 jun 2026 a las 10:00, Studio Nova (<assent@assent.test>) escribió:",
        "Em seg., 3 de jun. de 2026 às 10:00, Studio Nova <assent@assent.test> escreveu:",
        "Le lun. 3 juin 2026 à 10:00, Studio Nova <assent@assent.test> a écrit :",
        "Am Mo., 3. Juni 2026 um 10:00 Uhr schrieb Studio Nova <assent@assent.test>:",
        "Il giorno lun 3 giu 2026 alle ore 10:00 Studio Nova <a@assent.test> ha scritto:",
        "Op ma 3 jun 2026 om 10:00 schreef Studio Nova <assent@assent.test>:",
        "În lun., 3 iun. 2026 la 10:00, Studio Nova <assent@assent.test> a scris:",
        "pon., 3 cze 2026 o 10:00 Studio Nova <assent@assent.test> napisał(a):",
        "W dniu 3.06.2026 o 10:00, Studio Nova pisze:",
        "W wtorek, 3 marca 2026 10:15:12 CET, Studio Nova <a@assent.test> napisał(-a):",  # Yahoo
        "في 03/06/2026 10:00، كتب Studio Nova:",
        "\u202bفي الاثنين، 3 يونيو 2026 في 10:00 ص "
        "تمت كتابة ما يلي بواسطة Studio Nova <a@b.c>:\u202c",
    ],
)
def test_attribution_lines_in_every_language_end_the_reply(attribution: str) -> None:
    assert strip_quotes(f"I accept — Jane Doe\n\n{attribution}\n\n{PROPOSAL}") == (
        "I accept — Jane Doe"
    )


@pytest.mark.parametrize(
    "header",
    [
        "From: Studio Nova <assent@assent.test>\nSent: Monday, June 3, 2026 10:00 AM\n"
        "To: Jane Doe <jane@doe.example>\nSubject: Proposal P-2026-0042",
        "*From:* Studio Nova <assent@assent.test>\n*Sent:* Monday, June 3, 2026\n*To:* Jane",
        "Von: Studio Nova <assent@assent.test>\nGesendet: Montag, 3. Juni 2026 10:00\n"
        "An: Jürgen Müller\nBetreff: Angebot P-2026-0042",
        "De : Studio Nova\nEnvoyé : lundi 3 juin 2026 10:00\nÀ : Amélie Dubois\n"
        "Objet : Proposition",
        "من: Studio Nova <assent@assent.test>\nتاريخ الإرسال: الاثنين، 3 يونيو 2026\n"
        "إلى: محمد الأحمد\nالموضوع: عرض",
        "-----Original Message-----\nFrom: Studio Nova",
        "________________________________\nFrom: Studio Nova",
        "---------- Forwarded message ---------\nFrom: Studio Nova <assent@assent.test>",
        "-------- Mensaje original --------\nDe: Studio Nova",
        "Begin forwarded message:\n\nFrom: Studio Nova",
    ],
)
def test_outlook_headers_and_separators_end_the_reply(header: str) -> None:
    text = f"We accept the proposal.\n\n{header}\n\nHello Jane, to accept reply I accept."
    assert strip_quotes(text) == "We accept the proposal."


@pytest.mark.parametrize(
    "footer",
    [
        "-- \nJane Doe | Doe Ltd",
        "--\nJane Doe",
        "Sent from my iPhone",
        "Get Outlook for iOS<https://aka.ms/o0ukef>",
        "Enviado desde mi Samsung Galaxy",
        "Enviado do meu iPhone",
        "Envoyé de mon iPhone",
        "Von meinem iPhone gesendet",
        "Inviato da iPhone",
        "Verstuurd vanaf mijn iPhone",
        "Trimis de pe iPhone-ul meu",
        "Wysłane z iPhone'a",
        "أُرسلت من الـ iPhone",
        "This email and any attachments are confidential and intended solely for the addressee.",
        "Este correo electrónico y sus anexos son confidenciales.",
        "Diese E-Mail enthält vertrauliche Informationen und ist nur für den Empfänger bestimmt.",
        "Ce message et ses pièces jointes sont confidentiels.",
        "Questo messaggio e i suoi allegati sono riservati.",
        "Dit e-mailbericht en eventuele bijlagen zijn vertrouwelijk.",
        "Acest e-mail și atașamentele sale sunt confidențiale.",
        "Ta wiadomość i jej załączniki są poufne.",
        "هذه الرسالة وأي مرفقات بها سرية ومخصصة للمرسل إليه فقط.",
    ],
)
def test_signatures_mobile_footers_and_disclaimers_are_cut(footer: str) -> None:
    assert strip_quotes(f"I accept.\nJane Doe\n\n{footer}\nmore footer") == "I accept.\nJane Doe"


def test_inline_replies_keep_the_unquoted_lines() -> None:
    text = "> Price: 4,800 EUR\nCan you do 4,500?\n> Start: July\nJuly is fine."
    assert strip_quotes(text) == "Can you do 4,500?\nJuly is fine."


def test_bottom_posted_reply_is_found_below_the_quote() -> None:
    text = (
        f"On 03/06/2026 10:00, Studio Nova wrote:\n{PROPOSAL}\n\nI accept.\n\nJane Doe\n-- \n"
        "Doe Ltd"
    )
    assert strip_quotes(text) == "I accept.\n\nJane Doe"


def test_yahoo_indented_quote_without_markers_is_cut() -> None:
    text = (
        "I accept — Jane Doe\n\n    On Monday, June 3, 2026, 10:00:00 AM GMT+2, Studio Nova "
        "<assent@assent.test> wrote:  \n \n Hello Jane,\n To accept, reply I accept."
    )
    assert strip_quotes(text) == "I accept — Jane Doe"


@pytest.mark.parametrize(
    "reply",
    [
        "My partner wrote:\nwe should start in July.",  # no date, no address, no quote after it
        "From: the first of July we can start.\nTo: be confirmed.",  # not a header block
        "I accept.\nThe brochure says: confidential pricing applies.",
    ],
)
def test_ordinary_sentences_are_not_mistaken_for_quotes(reply: str) -> None:
    assert strip_quotes(reply) == reply


def test_reply_that_is_only_a_quote_is_empty() -> None:
    assert strip_quotes(f"\n\nSent from my iPhone\n\n{PROPOSAL}") == ""


@pytest.mark.parametrize(
    "markup",
    [
        '<div>I accept</div><div class="gmail_quote"><div class="gmail_attr">On Mon wrote:</div>'
        "<blockquote class=gmail_quote>To accept, reply</blockquote></div>",
        '<div>I accept</div><blockquote type="cite">To accept, reply</blockquote>',
        '<div>I accept</div><div id="ydp1yahoo_quoted_9" class="ydp1a2yahoo_quoted">To accept, '
        "reply</div>",
        '<p>I accept</p><div class="moz-cite-prefix">On 03/06 wrote:</div><blockquote '
        'type="cite">To accept, reply</blockquote>',
        '<div>I accept</div><div id="appendonsend"></div><hr><div id="divRplyFwdMsg"><b>From:</b>'
        "</div><div>To accept, reply</div>",
        '<div><div>I accept</div><div id="x_divRplyFwdMsg">From:</div></div>'
        "<p>To accept, reply</p>",
    ],
)
def test_html_quotes_of_each_client_are_dropped(markup: str) -> None:
    assert html_to_text(markup) == "I accept"


def test_html_keeps_line_structure_and_preformatted_signatures() -> None:
    markup = (
        '<p class="MsoNormal">Hello,</p><p class="MsoNormal">&nbsp;</p><p>I accept<br>Jane '
        '<b>Doe</b></p><pre class="moz-signature">-- \nJane Doe\nDoe Ltd</pre>'
    )
    assert html_to_text(markup) == "Hello,\n\nI accept\nJane Doe\n--\nJane Doe\nDoe Ltd"
    assert strip_quotes(html_to_text(markup)) == "Hello,\n\nI accept\nJane Doe"


# Attributions and headers of mail programs and languages no rule was written from: the
# structure decides (a dated or addressed line ending in ":" before a quote or header block).
@pytest.mark.parametrize(
    "boundary",
    [
        "2026-06-03 10:00 GMT+01:00 Studio Nova <assent@assent.test>:",
        "3 июня 2026 г., в 10:00, пользователь Studio Nova <assent@assent.test> написал:",
        "пн, 3 черв. 2026 о 10:00 Studio Nova <assent@assent.test> пише:",
        "Den 3 juni 2026 skrev Studio Nova <assent@assent.test>:",
        "man. 3. jun. 2026 kl. 10:00 skrev Studio Nova <assent@assent.test>:",
        "2026年6月3日(月) 10:00 Studio Nova <assent@assent.test>:",
        "Dne 3. 6. 2026 v 10:00 Studio Nova <assent@assent.test> napsal(a):",
        "3 Haz 2026 Pzt, 10:00 tarihinde Studio Nova <assent@assent.test> şunu yazdı:",
        "Studio Nova <assent@assent.test> ezt írta (időpont: 2026. jún. 3., H, 10:00):",
        "---- On Mon, 03 Jun 2026 10:00:00 +0200 Studio Nova <assent+p-0042@a.test> wrote ----",
        "---- El lun, 03 jun 2026 10:00:00 +0200 Studio Nova <assent@assent.test> escribió ----",
        "-------- Original Message --------",
        "-------- Mensaje original --------",
        "От: Studio Nova <assent@assent.test>\nОтправлено: 3 июня 2026 г. 10:00\nКому: a@b.ru",
        "Від: Studio Nova <assent@assent.test>\nНадіслано: 3 червня 2026 р. 10:00\nКому: a@b.ua",
        "Från: Studio Nova <assent@assent.test>\nSkickat: den 3 juni 2026 10:00\nTill: a@b.se",
        "Fra: Studio Nova <assent@assent.test>\nSendt: 3. juni 2026 10:00\nTil: a@b.no",
        "Od: Studio Nova <assent@assent.test>\nWysłano: 3 czerwca 2026 10:00\nDo: a@b.pl",
        "差出人: Studio Nova <assent@assent.test>\n送信日時: 2026年6月3日 10:00\n宛先: a@b.jp",
        "Gönderen: Studio Nova <assent@assent.test>\nTarih: 3 Haziran 2026\nAlıcı: a@b.tr",
    ],
)
def test_quotes_are_cut_by_their_structure_in_any_language(boundary: str) -> None:
    reply = f"We accept the proposal.\nJane Doe\n\n{boundary}\n\n{PROPOSAL}"
    assert strip_quotes(reply) == "We accept the proposal.\nJane Doe"


@pytest.mark.parametrize(
    "footer",
    ["Отправлено с iPhone", "Надіслано з iPhone", "Skickat från min iPhone",
     "Sendt fra min iPhone", "iPhoneから送信", "发自我的iPhone", "Odesláno z iPhonu",
     "Στάλθηκε από το iPhone μου"],
)
def test_mobile_footers_in_more_languages_are_cut(footer: str) -> None:
    assert strip_quotes(f"Acepto.\n{footer}\n\n{PROPOSAL}") == "Acepto."


@pytest.mark.parametrize(
    "form",
    ["Accepted by: Jane Doe\nEmail: jane@doe.example\nDate: 3 June 2026",
     "Name: Jane Doe\nDate: 3 June 2026\nPurchase order: 4471\nSignature: Jane Doe"],
)
def test_a_filled_in_form_is_not_taken_for_a_header_block(form: str) -> None:
    assert strip_quotes(form) == form


@pytest.mark.parametrize(
    "header",
    ["Từ: Studio Nova\nĐã gửi: Thứ Hai, 3 tháng 6, 2026 10:00\nĐến: Jane Doe\nChủ đề: Đề xuất",
     "Dari: Studio Nova\nDikirim: Senin, 3 Juni 2026 10.00\nKepada: Jane Doe\nPerihal: Proposal",
     "보낸 사람: Studio Nova\n보낸 날짜: 2026년 6월 3일 오전 10:00\n받는 사람: Jane\n제목: 제안"],
)
def test_a_header_block_without_an_address_in_an_unnamed_language_ends_the_reply(
    header: str
) -> None:
    """No label is known and no address is given: four "Label: value" lines whose second is
    the date, with the quoted message under them, are the header block every client writes."""
    assert strip_quotes(f"Acepto.\nJane Doe\n\n{header}\n\n{PROPOSAL}") == "Acepto.\nJane Doe"


def test_outlook_html_with_an_xml_prolog_reads_only_the_text() -> None:
    html = ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html><html><body>'
            "<p>I accept.</p><p>Jane Doe</p></body></html>")
    assert html_to_text(html) == "I accept.\nJane Doe"


@pytest.mark.parametrize(
    "footer",
    ["Sent with Proton Mail secure email.",
     "Enviado con el correo electrónico seguro de Proton Mail.",
     "Gesendet von Yahoo Mail auf Android", "Verzonden vanuit Yahoo Mail voor Android",
     "مُرسل من Yahoo Mail على Android", "Trimis de pe Samsung Galaxy", "Sent from Mail for Windows"],
)
def test_a_short_line_naming_the_mail_program_ends_the_reply(footer: str) -> None:
    reply = f"I accept.\n\nJane Doe\n\n{footer}\n\n{PROPOSAL}"
    assert strip_quotes(reply) == "I accept.\n\nJane Doe"


def test_a_sentence_mentioning_a_device_is_kept() -> None:
    reply = "I accept. I typed this on my iPhone at the airport, so the formatting may look odd.\n"
    assert strip_quotes(reply) == reply.strip()


def test_answers_between_quoted_lines_are_kept_below_an_introduction() -> None:
    reply = (
        "Hola, te contesto entre líneas:\n\n"
        "El 3/3/26 a las 10:12, Studio Nova escribió:\n> Total: 3.275,40 €\n\n"
        "¿Esto incluye IVA?\n\n> Válida hasta: 15 de abril\n\nSi el IVA está incluido, acepto.\n"
        "\n> Un saludo,\n> Studio Nova\n\nMaría José García López"
    )
    assert strip_quotes(reply) == (
        "Hola, te contesto entre líneas:\n\n¿Esto incluye IVA?\n\nSi el IVA está incluido, "
        "acepto.\n\nMaría José García López"
    )


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        # A greeting above a wrapped attribution is not its first line.
        ("Hi,\nOn Tue, 2011-03-01 at 18:02 +0530, Jane Doe wrote:\n> quoted", "Hi,"),
        ("Hello\n02.04.2012 14:20 пользователь \"a@b.ru\" <\na@b.ru> написал:\n\n> Hi", "Hello"),
        # "<a@b.c>wrote:" with no space; Gmail's old attribution with no colon at all.
        (":+1:\n\nOn Tue, Sep 25, 2012 at 8:59 AM, Jane Doe\n<n@github.com>wrote:\n\n> Steps",
         ":+1:"),
        ("Replying ok\n2011/4/7 Jane Doe <support@example.com>\n\n>  Cool beans", "Replying ok"),
        # A wrapped structural attribution (no verb), then the quote.
        ("Test reply\n\n2014-10-17 11:28 GMT+03:00 Postmaster <\npostmaster@example.org>:\n\n> Hi",
         "Test reply"),
        # Header blocks that open with Date, or name the sender's address in two lines.
        ("Blah\nDate: Fri, 28 Sep 2012 10:55:48 +0000\nFrom: a@example.com\nTo: b@example.com",
         "Blah"),
        ("8.45am-1pm\n\nFrom: a@example.com\nDate: Wed, 16 May 2012 00:15:02 -0600\n\nRequester:",
         "8.45am-1pm"),
        ("Hi\n\n  *From:* bob@example.com [mailto:\n  bob@example.com]\n  *Sent:* Wednesday, "
         "June 27, 2012 3:05 PM\n  *To:* travis@example.com", "Hi"),
        ("Acepto.\n\n------- Original-Nachricht -------\nVon: a@b.de", "Acepto."),
        ("Outlook with a reply\n\n ------------------------------\n\n*From:* a@b.c",
         "Outlook with a reply"),
    ],
)
def test_attributions_and_headers_are_found_by_their_shape(text: str, reply: str) -> None:
    assert strip_quotes(text) == reply


def test_a_wrapped_attribution_is_skipped_before_the_answer_under_the_quote() -> None:
    text = ("Test reply\n\nOn Fri, May 6, 2011 at 6:03 PM, Jane Doe from Hacker News\n"
            "<jane@doe.example> wrote:\n\n> Test.\n\nRegards, Jane")
    assert strip_quotes(text) == "Test reply\n\nRegards, Jane"


def test_a_link_wrapped_out_of_its_quote_line_is_quoted() -> None:
    text = ("Blah\n\nOn Monday, 24 September, 2012 at 3:46 PM, bob wrote:\n\n> [Ticket #50]\n>\n"
            "> View ticket (http://example.com/action\n_nonce=3dd518)\n>\n")
    assert strip_quotes(text) == "Blah"


@pytest.mark.parametrize(
    "reply",
    [
        "Here is another email\n\nSent from my desk, is much easier then my mobile phone.",
        "Outlook with a reply is what I use.\nI accept.",
        "I accept.\n\nOutlook crashed twice today, so I write from the web.\nJane Doe",
    ],
)
def test_sentences_that_start_like_a_footer_are_kept(reply: str) -> None:
    assert strip_quotes(reply) == reply


@pytest.mark.parametrize(
    "footer",
    [
        "De informatie verzonden met dit e-mailbericht is uitsluitend bestemd voor de "
        "geadresseerde.",
        "Ai sensi del Regolamento UE 2016/679 (GDPR), le informazioni contenute in questa e-mail "
        "sono riservate e destinate esclusivamente al destinatario.",
        "Sitz der Gesellschaft: München, Registergericht: Amtsgericht München, HRA 98765\n"
        "Geschäftsführer: Jürgen Schäfer",
    ],
)
def test_legal_footers_are_cut_wherever_their_sentence_starts(footer: str) -> None:
    reply = f"Wir akzeptieren.\n\nKatrin Weiß\nSchäfer GmbH\n\n{footer}"
    assert strip_quotes(reply) == "Wir akzeptieren.\n\nKatrin Weiß\nSchäfer GmbH"


def test_a_legal_sentence_that_is_the_whole_reply_is_kept() -> None:
    reply = "Please treat this e-mail and its figures as confidential until we sign, thank you."
    assert strip_quotes(reply) == reply


def test_an_unmarked_html_blockquote_after_its_attribution_is_cut() -> None:
    html = ("<p>Hi. I am fine.<br><br>Thanks,<br>Alex<br><br>26.06.2014, 14:41, \"Alexander L\" "
            "&lt;abc@example.com&gt;:</p><blockquote> Hello! How are you?<br><br> Thanks,<br>"
            " Sasha.</blockquote>")
    assert html_to_text(html).endswith("> Hello! How are you?\n\n> Thanks,\n> Sasha.")
    assert strip_quotes(html_to_text(html)) == "Hi. I am fine.\n\nThanks,\nAlex"


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        # The client's program marked their own lines: nothing announces a quote.
        ("> I accept the proposal.\n> Jane Doe\n", "I accept the proposal.\nJane Doe"),
        # Their lines marked, our quoted proposal one level further down.
        ("> I accept.\n> Jane Doe\n>\n> On Mon, 3 Jun 2026 at 10:00, Studio Nova <a@b.c> wrote:\n"
         ">> To accept, reply I accept.\n", "I accept.\nJane Doe"),
    ],
)
def test_a_message_of_nothing_but_quoted_lines_is_read_one_level_down(
    text: str, reply: str
) -> None:
    assert strip_quotes(text) == reply


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        # Gmail's ISO-dated attribution cut short: no address, no colon, no quote marks.
        ("Acepto.\n\n2026-03-03 17:21 GMT+01:00 Studio Nova\n\nTo accept, reply I accept.",
         "Acepto."),
        # Polymail breaks its attribution over blank lines around a "mailto:" link.
        ("I accept.\n\nOn Thu, 31 Mar 2026 at 11:16 Studio Nova\n\n<\n"
         "mailto:Studio Nova <assent@assent.test>\n> wrote:\n\nTo accept, reply I accept.",
         "I accept."),
        # A wrapped attribution whose first line ends in a date's "28." is no finished sentence.
        ("Einverstanden.\n\nStudio Nova <assent@assent.test> schrieb am Fr., 28.\n"
         "Apr. 2026 um 11:53 Uhr:\n\n> To accept, reply I accept.", "Einverstanden."),
        # Pipe quoting under Gmail's old dated and addressed attribution.
        ("Agreed.\n\n2026/7/20 Studio Nova <assent@assent.test>\n\n| To accept, reply I accept.\n"
         "| Studio Nova", "Agreed."),
        # Outlook's bold plain-text separator.
        ("Bar\n\n*-------- Original Message --------*\n\nTo accept, reply I accept.", "Bar"),
        # Supercite's "Name>" quotes are quotes; the answer between them stays.
        ("Fine.\nOn Tue, 2026-03-01 at 18:02 +0530, Studio Nova wrote:\n> To accept, reply.\n\n"
         "July works.\n\nSN> To accept, reply I accept.\nSN>\n", "Fine.\nJuly works."),
        # An attribution in a language no rule names, the quote under it left unmarked: the
        # date and the bracketed address make it one.
        ("Setuju.\n\nPada tanggal Sen, 3 Jun 2026 pukul 10.00 Studio Nova <a@b.c> menulis:\n\n"
         "Hello Jane,\nTo accept, reply I accept.", "Setuju."),
        # Zoho's dashed attribution wrapped over two lines, its quote unmarked.
        ("Aceito.\n\n---- Em ter, 03 mar 2026 10:12:41 +0000 Gráfica Horizonte Lda. "
         "<assent+p-2026-0042@assent.test>\nescreveu ---\nOlá Tiago,\nPara aceitar, responda.",
         "Aceito."),
        # Yahoo's "--- On … wrote:" glued to the reply by a flattening client.
        ("Fine by us--- On Wed, Apr 4, 2026 at 3:59 PM, a@b.c wrote:\n> To accept, reply.",
         "Fine by us"),
        # A tracker's invisible mark ("ᐧ") above the signature is no text.
        ("I accept.\n\n\u1427\n--\nJane Doe", "I accept."),
    ],
)
def test_more_attribution_shapes_end_the_reply(text: str, reply: str) -> None:
    assert strip_quotes(text) == reply


@pytest.mark.parametrize(
    "reply",
    [
        # A dated line above a quote whose own attribution completes a verb is not broken apart.
        "The 2026-03-05 meeting is fine\n\n> On Mon, 3 Jun 2026, Studio Nova <a@b.c> wrote:",
        # A typed table after a dated line ending in ":" is the client's text.
        "Prices as of 2026-03-01:\n| chairs | 4 |\n| tables | 2 |",
        # A typed "Note> ..." needs the space Supercite writes; "a->b" is no quote.
        "Steps: open->save->close",
        "Total-> 4,800 EUR, we accept.",
    ],
)
def test_shapes_close_to_a_quote_are_kept(reply: str) -> None:
    kept = strip_quotes(reply)
    assert kept.splitlines()[0] == reply.splitlines()[0]
    assert "|" not in reply or kept == reply


def test_an_answer_under_an_unmarked_plain_text_quote_is_read_from_the_html() -> None:
    """Zoho bottom-posts: text/plain holds the attribution, the proposal unmarked, then the
    answer; only its HTML marks the quote. The text part alone would give no reply at all."""
    message = EmailMessage()
    message["From"], message["Subject"] = "tiago@cliente.pt", "Re: Proposta P-2026-0042"
    message.set_content(
        "---- Em ter, 03 mar 2026 10:12:41 +0000 Gráfica Horizonte <a+p-0042@assent.test> "
        "escreveu ---\nOlá Tiago,\nPara aceitar, responda com «Aceito».\n\nAceito.\n\n"
        "Tiago Leitão\n")
    message.add_alternative(
        "<div>Aceito.</div><div><br></div><div>Tiago Leitão</div><div class=zmail_extra>"
        "<div>---- Em ter, 03 mar 2026 Gráfica Horizonte &lt;a+p-0042@assent.test&gt; escreveu "
        "---</div><blockquote><div>Olá Tiago,</div><div>Para aceitar, responda com «Aceito».</div>"
        "</blockquote></div>", subtype="html")
    decoded = parse(message.as_bytes())
    assert decoded.from_html
    assert strip_quotes(decoded.text) == "Aceito.\n\nTiago Leitão"


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("> Acepto.\n> Juan Pérez\n\nEnviado desde mi iPhone\n\n"
         f"El lun, 3 jun 2026 a las 10:00, Studio Nova <a@b.c> escribió:\n{PROPOSAL}",
         "Acepto.\nJuan Pérez"),
        ("> I accept.\n> Jane Doe\n\n-- \nJane Doe | Doe Ltd", "I accept.\nJane Doe"),
        # A quote sent back under its own attribution, then a signature: still no reply.
        (f"> On Mon, 3 Jun 2026, Studio Nova <a@b.c> wrote:\n{PROPOSAL.replace('> ', '>> ')}\n\n"
         "-- \nJane Doe", ""),
    ],
)
def test_marked_lines_above_a_footer_or_quote_are_read_one_level_down(
    text: str, reply: str
) -> None:
    assert strip_quotes(text) == reply


@pytest.mark.parametrize(
    "intro", ["Vidarebefordrat brev:", "Начало переадресованного сообщения:",
              "Początek przekazywanej wiadomości:"],
)
def test_a_forward_intro_in_an_unnamed_language_goes_with_its_header_block(intro: str) -> None:
    text = (f"FYI, we accept.\nJane Doe\n\n{intro}\n\nFrån: Studio Nova <a@b.c>\n"
            "Datum: 3 juni 2026 10:00:00 CEST\nTill: Jane <j@d.e>\nÄmne: Offert\n\n"
            "To accept, reply I accept.")
    assert strip_quotes(text) == "FYI, we accept.\nJane Doe"
