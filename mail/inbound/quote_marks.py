"""The words mail programs write around a quote, folded (see fold.py), in many languages.

`quotes.py` decides by structure first (a dated or addressed line ending in ":" before a quote
or header block); these patterns name what structure alone cannot: attribution verbs, header
labels, separators, device footers and legal disclaimers.
"""

from __future__ import annotations

import re

# Attribution verbs as folded text: en es pt fr de it nl ro pl ar (Gmail's and Thunderbird's).
# Then ru uk sv/no/da cs tr hu fi el he ja zh: what other clients write, so a quote in another
# language is cut too (its attribution line also has a date or address). "<a@b.c>wrote:" counts.
_WROTE = (
    r"(?:wrote|escribio|escreveu|a ecrit|schrieb|geschrieben|geschreven|ha scritto|schreef|a scris|"
    r"napisal\(-?a\)|napisala|napisana|napisal|pisze|كتب|تمت كتابه ما يلي بواسطه|"
    r"написал\(а\)|написала|написал|пишет|написав|написала|пише|skrev|napsal|yazdi|irta|"
    r"kirjoitti|εγραψε|כתב|が書きました|のメッセージ|写道)"
)
ATTRIBUTION = re.compile(rf"(?:^|[\s>\"]){_WROTE}(?:\s.*)?\s*[:：]$|(?:が書きました|写道)\s*[:：]$")
# Outlook's header block: the first label, then at least two more within the next lines.
_FROM_LABELS = (
    r"(?:from|de|von|da|van|de la|od|من|от|від|fran|fra|kimden|felado|lahettaja|απο|מאת|"
    r"差出人|发件人|寄件者)"
)
_OTHER_LABELS = (
    r"(?:sent|date|to|cc|subject|enviado|enviada|fecha|para|asunto|assunto|data|envoye|a|"
    r"objet|gesendet|datum|an|betreff|inviato|oggetto|verzonden|aan|onderwerp|trimis|"
    r"catre|subiect|wyslano|temat|do|تاريخ الارسال|التاريخ|الي|الموضوع|ارسلت|"
    r"отправлено|дата|кому|тема|копия|надіслано|skickat|till|amne|kopia|sendt|til|emne|"
    r"odeslano|komu|predmet|gonderildi|kime|konu|elkuldve|cimzett|targy|lahetetty|"
    r"vastaanottaja|aihe|σταλθηκε|προς|θεμα|נשלח|אל|נושא|送信日時|宛先|件名|发送时间|收件人|主题)"
)
HEADER_FROM = re.compile(rf"^\*?{_FROM_LABELS}\s*[:：]\*?\s*\S")
HEADER_OTHER = re.compile(rf"^\*?{_OTHER_LABELS}\s*[:：]\*?\s*")
FORWARD_INTRO = re.compile(
    r"^(?:begin forwarded message|inicio del mensaje reenviado|inicio da mensagem reencaminhada"
    r"|debut du message reexpedie|anfang der weitergeleiteten nachricht|inizio messaggio inoltrato"
    r"|begin doorgestuurd bericht|inceputul mesajului redirectionat|forwarded message"
    r"|mensaje reenviado|mensagem encaminhada|message transfere|weitergeleitete nachricht"
    r"|messaggio inoltrato|doorgestuurd bericht|mesaj redirectionat)\s*:$"
)
# "Sent from my iPhone", "Get Outlook for iOS" and their translations, alone on a line.
# A short line naming the mail program or device ("Sent with Proton Mail secure email",
# "Gesendet von Yahoo Mail auf Android"): brand names are the same in every language.
CLIENT_FOOTER = re.compile(
    r"^(?:\S+\s){0,8}(?:proton ?mail|yahoo mail|outlook|iphone|ipad|android|gmail|samsung|galaxy|"
    r"blackberry|huawei|xiaomi|mail for windows|spark|airmail|zoho mail|gmx|web\.de|libero|"
    r"yandex|mail\.ru|seznam|interia|aol)\b(?:\s\S+){0,6}\.?$"
)
MOBILE = re.compile(
    r"^(?:sent from (?:my |mail |outlook |yahoo |gmail )|sent via |get outlook for |"
    r"enviado desde (?:mi |outlook |yahoo |correo )|obtener outlook para |descargar outlook|"
    r"enviado do (?:meu |)|enviado (?:a partir|pelo) |obter o outlook para |baixe o outlook|"
    r"envoye (?:de mon |depuis |a partir de )|telecharger outlook pour |obtenir outlook pour |"
    r"von meinem .{1,40} gesendet|gesendet von meinem |outlook fur (?:ios|android) |"
    r"inviato da|scarica outlook per |ottieni outlook per |"
    r"(?:verstuurd|verzonden) (?:vanaf|met|van) |outlook voor (?:ios|android) |download outlook|"
    r"trimis de pe |trimis din |(?:obtineti|descarcati) outlook pentru |"
    r"wyslane z |wyslano z (?:mojego |aplikacji |)|pobierz (?:aplikacje )?outlook dla |"
    r"(?:ارسلت|تم الارسال|ارسل) من |(?:احصل علي|الحصول علي) outlook|"
    r"отправлено (?:с|из) |надіслано (?:з|із) |skickat fran |sendt fra |odeslano z |"
    r"gonderildi|lahetetty |σταλθηκε απο |נשלח מ|\S+から送信$|发自我的|从我的)"
)
DISCLAIMER = re.compile(
    r"^(?:(?:confidentiality notice|disclaimer|aviso legal|aviso de confidencialidad|"
    r"aviso de confidencialidade|avertissement|haftungsausschluss|avviso di riservatezza|"
    r"clauza de confidentialitate|klauzula poufnosci|اخلاء المسووليه|تنبيه)\s*:?|"
    r"(?:this|the information (?:contained )?in this) (?:e-?mail|message)[^\n]{0,80}"
    r"(?:confidential|privileged|intended)|"
    r"(?:este|esta) (?:correo|mensaje|mensagem|e-?mail)[^\n]{0,80}(?:confidencia|destinad)|"
    r"(?:ce|cet) (?:message|courriel|e-?mail)[^\n]{0,80}(?:confidenti|destine)|"
    r"diese (?:e-?mail|nachricht)[^\n]{0,80}(?:vertraulich|bestimmt)|"
    r"(?:questo messaggio|questa e-?mail|le informazioni contenute)[^\n]{0,80}"
    r"(?:riservat|confidenzial)|"
    r"(?:dit (?:e-?mail)?bericht|deze e-?mail)[^\n]{0,80}(?:vertrouwelijk|bestemd)|"
    r"(?:acest (?:e-?mail|mesaj))[^\n]{0,80}(?:confiden|destinat)|"
    r"(?:ta|niniejsza) wiadomosc[^\n]{0,80}(?:poufn|przeznaczon)|"
    r"(?:هذه الرساله|هذا البريد)[^\n]{0,80}(?:سريه|سري|مخصص)|"
    r"(?:\S+\s){0,3}(?:message|mensaje|mensagem|e-?mail|courriel|nachricht|messaggio|bericht|mesaj|mesajul|"
    r"wiadomosci|wiadomosc|رساله)[^\n]{0,60}(?:confiden|poufn|vertraulich|riservat|"
    r"vertrouwelijk|سري))"
)
# A legal footer's sentence, wherever it starts: it names the message and says who it is for
# or that it is confidential ("De informatie in dit e-mailbericht is uitsluitend bestemd voor de
# geadresseerde", "Ai sensi del GDPR, le informazioni contenute in questa e-mail sono riservate").
LEGAL_NOUN = re.compile(
    r"\b(?:e-?mail\w*|message|mensaje|mensagem|courriel|nachricht|messaggio|\w*bericht|"
    r"mesaj\w*|wiadomos\w*|correo|رساله|البريد)\b"
)
LEGAL_CLAIM = re.compile(
    r"confiden|vertraulich|riservat|vertrouwelijk|poufn|privileg|\bintended (?:solely |only )?for|"
    r"\bdestinat|\bbestemd\b|\bbestimmt\b|\bdestinad|\bdestine|przeznaczon|سري|مخصص"
)
# The registration lines German law requires under a company's mail (Pflichtangaben).
COMPANY_REGISTRATION = re.compile(
    r"^(?:sitz der gesellschaft|registergericht|handelsregister|amtsgericht \w+,? hr[ab]|"
    r"geschaftsfuhrer(?:in)?\s*:|geschaftsfuhrung\s*:|ust-?id(?:nr)?\.?\s*:|steuernummer\s*:)"
)
