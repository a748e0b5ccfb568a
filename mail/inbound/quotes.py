"""Cut a reply down to what the client typed: no quoted proposal, signature, or legal footer.

The quoted proposal contains the words "I accept" (it tells the client how to answer), so reading
it as part of the reply would turn every answer into an acceptance. Each mail client announces
its quote differently: an attribution line ending in "wrote:" in the writer's language, an
Outlook "From/Sent/To/Subject" block, a separator line, or ">" prefixes. The first such boundary
ends the reply; if nothing is above it (bottom-posting), the unquoted lines below are the reply.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from mail.inbound.fold import BIDI_CONTROLS, fold

# Attribution verbs as folded text: en es pt fr de it nl ro pl ar (Gmail's and Thunderbird's).
# Then ru uk sv/no/da cs tr hu fi el he ja zh: what other clients write, so a quote in another
# language is cut too (its attribution line also has a date or address: see _STRUCTURAL).
_WROTE = (
    r"(?:wrote|escribio|escreveu|a ecrit|schrieb|geschrieben|geschreven|ha scritto|schreef|a scris|"
    r"napisal\(-?a\)|napisala|napisana|napisal|pisze|كتب|تمت كتابه ما يلي بواسطه|"
    r"написал\(а\)|написала|написал|пишет|написав|написала|пише|skrev|napsal|yazdi|irta|"
    r"kirjoitti|εγραψε|כתב|が書きました|のメッセージ|写道)"
)
_ATTRIBUTION = re.compile(rf"(?:^|\s){_WROTE}(?:\s.*)?\s*[:：]$|(?:が書きました|写道)\s*[:：]$")
# Structure, whatever the language: a line ending in ":" that carries a date, a time or an
# address, directly followed by a quoted (">") or header-shaped block.
_DATED = re.compile(r"@|\d{1,4}[-./]\d{1,2}[-./]\d{1,4}|\d{1,2}:\d{2}|\b(?:19|20)\d{2}\b")
_HEADER_SHAPED = re.compile(r"^\*?[^\W\d][\w .'-]{0,30}\s*[:：]\*?\s*\S")
# Zoho's "---- On Mon, 03 Jun 2026 10:00 Studio Nova <x@y> wrote ----", any language.
_DASHED_ATTRIBUTION = re.compile(r"^-{2,}\s.*(?:@|\d).*\s-{2,}$")
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
_HEADER_FROM = re.compile(rf"^\*?{_FROM_LABELS}\s*[:：]\*?\s*\S")
_HEADER_OTHER = re.compile(rf"^\*?{_OTHER_LABELS}\s*[:：]\*?\s*")
# "-----Original Message-----", "---------- Forwarded message ---------" in any language.
_SEPARATOR = re.compile(r"^(?:-{2,}\s*[^-]{3,60}?\s*-{2,}|_{10,}|={10,})$")
_FORWARD_INTRO = re.compile(
    r"^(?:begin forwarded message|inicio del mensaje reenviado|inicio da mensagem reencaminhada"
    r"|debut du message reexpedie|anfang der weitergeleiteten nachricht|inizio messaggio inoltrato"
    r"|begin doorgestuurd bericht|inceputul mesajului redirectionat)\s*:$"
)
_SIGNATURE_DELIMITER = re.compile(r"^--\s*$")
# "Sent from my iPhone", "Get Outlook for iOS" and their translations, alone on a line.
# A short line naming the mail program or device ("Sent with Proton Mail secure email",
# "Gesendet von Yahoo Mail auf Android"): brand names are the same in every language.
_CLIENT_FOOTER = re.compile(
    r"^(?:\S+\s){0,8}(?:proton ?mail|yahoo mail|outlook|iphone|ipad|android|gmail|samsung|galaxy|"
    r"blackberry|huawei|xiaomi|mail for windows|spark|airmail|zoho mail|gmx|web\.de|libero|"
    r"yandex|mail\.ru|seznam|interia|aol)\b(?:\s\S+){0,6}\.?$"
)
_MOBILE = re.compile(
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
_DISCLAIMER = re.compile(
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
_ATTRIBUTION_LINES = 3  # Gmail wraps long attribution lines in text/plain
_HEADER_WINDOW = 6


def strip_quotes(text: str) -> str:
    """The typed reply: lines above the first quote boundary, without ">" lines or signature."""
    lines = BIDI_CONTROLS.sub("", text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    folded = [fold(line).strip() for line in lines]
    cut = _first_boundary(folded)
    kept = lines[:cut]
    # Below a ">" quote, unquoted lines are answers typed between the quoted ones (or under
    # them): they are the reply as much as a line above the attribution.
    kept += _bottom_posted(lines, folded, cut)
    return _tidy(line for line in kept if not line.lstrip().startswith(">"))


def signature_block(text: str) -> str:
    """The few lines under a "-- " delimiter that ends the typed reply: the sender's own
    signature (name, title, company), up to the next quote boundary."""
    lines = BIDI_CONTROLS.sub("", text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    folded = [fold(line).strip() for line in lines]
    cut = _first_boundary(folded)
    if cut >= len(lines) or not _SIGNATURE_DELIMITER.match(folded[cut]):
        return ""
    end = _first_boundary(folded[cut + 1 :]) + cut + 1
    return _tidy(lines[cut + 1 : min(end, cut + 1 + _SIGNATURE_LINES)])


_SIGNATURE_LINES = 6


def _first_boundary(folded: list[str]) -> int:
    for index, line in enumerate(folded):
        if _is_boundary(folded, index, line):
            return index
    return len(folded)


def _is_boundary(folded: list[str], index: int, line: str) -> bool:
    if not line:
        return False
    if (
        _SEPARATOR.match(line)
        or _FORWARD_INTRO.match(line)
        or _SIGNATURE_DELIMITER.match(line)
        or _MOBILE.match(line)
        or _CLIENT_FOOTER.match(line)
        or _DISCLAIMER.match(" ".join(folded[index : index + 2]))
    ):
        return True
    return (
        _DASHED_ATTRIBUTION.match(line) is not None
        or _is_attribution(folded, index)
        or _is_header_block(folded, index)
        or _is_structural_attribution(folded, index)
        or _is_structural_header_block(folded, index)
    )


def _is_structural_attribution(folded: list[str], index: int) -> bool:
    """"2026-06-03 10:00 GMT+01:00 Studio Nova <x@y>:" then ">" or a header block."""
    line = folded[index]
    if not line.endswith((":", "：")) or len(line) > 250 or not _DATED.search(line):
        return False
    following = next((i for i in range(index + 1, len(folded)) if folded[i]), None)
    if following is None:
        return False
    return folded[following].startswith(">") or _header_run(folded, following) >= 2


def _is_structural_header_block(folded: list[str], index: int) -> bool:
    """Three or more "Label: value" lines, the first with an address (the sender): a quoted
    header block in a language no rule names. A form the client fills in opens otherwise."""
    return "@" in folded[index] and _header_run(folded, index) >= 3


def _header_run(folded: list[str], start: int) -> int:
    """How many "Label: value" lines follow from `start` (Outlook leaves blank lines between)."""
    run, index = 0, start
    while index < len(folded) and run < _HEADER_WINDOW:
        if not folded[index]:
            index += 1
            continue
        if not _HEADER_SHAPED.match(folded[index]):
            break
        run, index = run + 1, index + 1
    return run


def _is_attribution(folded: list[str], index: int) -> bool:
    """An "On <date>, <who> wrote:" line, possibly wrapped over up to three lines."""
    if folded[index].startswith(">"):
        return False
    for span in range(1, _ATTRIBUTION_LINES + 1):
        chunk = folded[index : index + span]
        if span > 1 and (not all(chunk) or re.search(r"[.!?]$", chunk[0])):
            return False
        joined = " ".join(chunk)
        if len(joined) > 250:
            return False
        if _ATTRIBUTION.search(joined) and (
            re.search(r"\d|@", joined) or _next_is_quoted(folded, index + span)
        ):
            return True
    return False


def _next_is_quoted(folded: list[str], start: int) -> bool:
    following = next((line for line in folded[start:] if line), "")
    return following.startswith(">")


def _is_header_block(folded: list[str], index: int) -> bool:
    if not _HEADER_FROM.match(folded[index]):
        return False
    window = folded[index + 1 : index + 1 + _HEADER_WINDOW]
    return sum(1 for line in window if _HEADER_OTHER.match(line)) >= 2


def _has_text(lines: list[str], folded: list[str]) -> bool:
    pairs = zip(lines, folded, strict=True)
    return any(f and not line.lstrip().startswith(">") for line, f in pairs)


def _bottom_posted(lines: list[str], folded: list[str], cut: int) -> list[str]:
    """Text typed below a ">" quote: everything unquoted after it, up to the next boundary."""
    if cut >= len(lines):
        return []
    start, quoted = cut + 1, False
    while start < len(lines) and (not folded[start] or lines[start].lstrip().startswith(">")):
        quoted = quoted or bool(folded[start])
        start += 1
    if not quoted or start >= len(lines):
        return []
    end = _first_boundary(folded[start:]) + start
    return lines[start:end]


def _tidy(lines: Iterable[str]) -> str:
    out: list[str] = []
    for line in lines:
        stripped = line.rstrip()
        if stripped or (out and out[-1]):
            out.append(stripped)
    return "\n".join(out).strip()
