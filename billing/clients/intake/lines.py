"""Cutting a pasted text into the pieces that may hold one value each, and dropping the chatter.

Signatures, letterheads and forwarded emails put one value per line, or several on a line joined
by "|", "·", "•", commas or wide gaps. Around them sit greetings, sign-offs, "Sent from my iPhone",
legal disclaimers and the forwarding headers; those carry no client data (except the "From:" line,
which names the sender) and are dropped here, before any value is looked for.
"""

from __future__ import annotations

import re
import unicodedata

from billing.clients.intake.labels import split_label
from billing.text import without_controls

# Eastern Arabic and Persian digits read as ASCII, so phones and postcodes in Arabic text parse.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# " / " separates pieces, except inside a number ("040 / 38 90 12-0").
_SEPARATORS = re.compile(
    r"\s+[–—@]\s+|(?<!\d)\s+/\s+|\s+/\s+(?!\d)|\s*[|•·]\s*|\t|\s{3,}|\s+-\s+|[;،؛]"
)
# A sentence end inside a one-liner ("… 4000-446 Porto. NIF 246813578."), not an abbreviation.
_SENTENCE = re.compile(
    r"(?<=\d{3})\.\s+|\.\s+(?=(?:nif|cif|nie|nipc|tel|tlf|tlm|tfno|m[óo]vil|cel|email|e-mail|"
    r"web|iva|vat|cuit|rfc|cp|tva|siret|p\.iva)\b)",
    re.IGNORECASE,
)
# A parenthesised remark with letters, not followed by a colon: "(manager)", "(Bizkaia)".
_REMARK = re.compile(r"\s*\(([^()]*[^\W\d_][^()]*)\)(?!\s*:)")
# Pictograms signatures use as labels, read as the label they stand for.
_PICTOGRAMS = {
    "📞": " Tel: ", "☎": " Tel: ", "📱": " Mobile: ", "✉": " Email: ", "📧": " Email: ",
    "🌐": " Web: ", "📠": " Fax: ",
}
# A comma splits pieces, except inside "S.A. de C.V."-like names and numbers (1,5).
_COMMA = re.compile(r",(?!\d)")

_SENT_FROM = re.compile(
    r"^(sent from|sent via|enviado desde|enviado con|enviado do|envoy[ée] de|envoy[ée] depuis|"
    r"von meinem|gesendet von|inviato da|trimis de|get outlook|obtener outlook|"
    r"descarga outlook|أرسلت من|تم الإرسال من)",
    re.IGNORECASE,
)
_DISCLAIMER = re.compile(
    r"confidencial|confidential|vertraulich|riservat|destinatario|recipient|empfänger|"
    r"destinataire|privileged|protecci[oó]n de datos|data protection|datenschutz|"
    r"\b(lopd|rgpd|gdpr)\b|aviso legal|legal notice|este (correo|mensaje|e-?mail)|"
    r"this (e-?mail|message)|imprim|print this|medio ambiente|environment|virus|unsubscribe|"
    r"darse de baja|سري|المرسل إليه",
    re.IGNORECASE,
)
_GREETING = re.compile(
    r"^(hola|hi|hello|hey|dear|buenos d[ií]as|buenas( tardes| noches)?|estimad[oa]s?|bonjour|"
    r"salut|hallo|guten tag|ciao|buongiorno|ol[aá]|bom dia|bun[aă]( ziua)?|salutare|"
    r"مرحبا|السلام عليكم|أهلا)\b",
    re.IGNORECASE,
)
_SIGN_OFF = re.compile(
    r"^(un )?(saludo|saludos|abrazo|regards|best|thanks|thank you|cheers|gracias|muchas gracias|"
    r"atentamente|cordialmente|kind regards|best regards|warm regards|cordialement|"
    r"bien [àa] vous|mit freundlichen gr[üu](ß|ss)en|viele gr[üu](ß|ss)e|lg|mfg|"
    r"cordiali saluti|distinti saluti|saluti|cumprimentos|atenciosamente|obrigad[oa]|"
    r"cu stim[ăa]|mul[țt]umesc|toate cele bune|مع التحية|مع تحياتي|شكرا|وتفضلوا)\b",
    re.IGNORECASE,
)
_FORWARD_MARK = re.compile(
    r"^[-_=\s]*(forwarded message|original message|mensaje original|mensaje reenviado|"
    r"begin forwarded message|message transf[ée]r[ée]|weitergeleitete nachricht|"
    r"messaggio inoltrato|mesaj redirec[țt]ionat|الرسالة المعاد توجيهها)",
    re.IGNORECASE,
)
# Header lines of a forwarded email; "From:" is kept apart because it names the sender.
_HEADER = re.compile(
    r"^(to|cc|bcc|sent|date|subject|para|cc|cco|enviado( el)?|fecha|asunto|an|gesendet|datum|"
    r"betreff|a|inviato|data|oggetto|[àa]|envoy[ée]|objet|c[ăa]tre|trimis|data|subiect|"
    r"إلى|التاريخ|الموضوع)\s*:",
    re.IGNORECASE,
)
_FROM = re.compile(r"^(from|de|von|da|de la|من)\s*:\s*(.+)$", re.IGNORECASE)
# "On 3 Dec 2026, Beatriz Santos <bea@santos.pt> wrote:": the quoted sender.
_WROTE_SENDER = re.compile(r"([^,<>]*<[^<>@\s]+@[^<>\s]+>)")
# Social profiles: "Twitter: @acme", "@acme", "Síguenos en Instagram".
_SOCIAL = re.compile(
    r"^(twitter|x|instagram|insta|facebook|fb|linkedin|tiktok|youtube|skype|telegram|threads)"
    r"\s*[:：]|^@\w+$|^(follow us|síguenos|suivez-nous|folge uns|seguici|siga-nos)\b",
    re.IGNORECASE,
)
_WROTE = re.compile(
    r"^(on|el|le|am|il|în|في)\b.+\b(wrote|escribi[óo]|a [ée]crit|schrieb|ha scritto|a scris|"
    r"كتب)\s*:?\s*$",
    re.IGNORECASE,
)
# "new client - tom baker, …": an announcement before the values, in the owners' languages.
_INTRO = re.compile(
    r"^\s*((new|nuevo|nueva|nouveau|nouvelle|nuovo|nuova|novo|nova|neuer|neue|un)\s+"
    r"(client|cliente|clienta|kunde|kundin|customer)|(client|cliente|kunde)\s+(nou|nuevo|novo|"
    r"nouveau|nuovo|new)|neukunde|العميل الجديد|عميل جديد|زبون جديد)\s*[:\-–—]\s*",
    re.IGNORECASE,
)
# A line of prose (a request, an explanation) rather than a value: this many words or more.
_PROSE_WORDS = 10


def normalize(text: str) -> str:
    """One form for every input: NFC, no controls, ASCII digits, no quoting marks."""
    text = unicodedata.normalize("NFC", without_controls(text)).translate(_DIGITS)
    text = text.replace("\u00a0", " ").replace("\u200f", "").replace("\u200e", "")
    for pictogram, label in _PICTOGRAMS.items():
        text = text.replace(pictogram, label)
    text = "".join(ch for ch in text if not _pictogram(ch))
    return "\n".join(line.lstrip("> ").rstrip() for line in text.split("\n"))


def _pictogram(ch: str) -> bool:
    """Emoji and other symbols, with their variation selectors and joiners."""
    return unicodedata.category(ch) == "So" or 0xFE00 <= ord(ch) <= 0xFE0F or ch == "\u200d"


def sender_line(line: str) -> str | None:
    """What follows "From:" in a forwarded email header ("Tomás Ruiz <tomas@ruiz.es>")."""
    match = _FROM.match(line.strip())
    if match:
        return match.group(2).strip()
    if _WROTE.match(line.strip()):
        quoted = _WROTE_SENDER.search(line)
        return quoted.group(1).strip() if quoted else None
    return None


def without_chatter(line: str) -> str:
    """ "cliente nuevo: Jordi Puig, …", "che anotame esta clienta…: Lucía Benítez, …": the words
    before a colon that are no label go; so does "new client -" before the values."""
    line = _INTRO.sub("", line)
    head, colon, rest = line.partition(":")
    if not colon or not rest.strip() or re.search(r"[\d@/]", head) or len(head.split()) < 2:
        return line
    return line if split_label(line)[0] else rest.strip()


def is_noise(line: str) -> bool:
    """Chatter that never holds a client's value: greetings, sign-offs, disclaimers, headers."""
    stripped = line.strip(" -_=*~")
    if not stripped:
        return True
    if _SENT_FROM.match(stripped) or _FORWARD_MARK.match(stripped) or _WROTE.match(stripped):
        return True
    if _SOCIAL.match(stripped):
        return True
    if _HEADER.match(stripped) or _DISCLAIMER.search(stripped):
        return True
    if stripped.endswith(":") and not re.search(r"\d", stripped):
        return True  # "Te paso los datos:", "Síguenos en:"
    if _SIGN_OFF.match(stripped) and len(stripped.split()) <= 5:
        return True
    if _GREETING.match(stripped) and "@" not in stripped:
        return True
    return _is_prose(stripped)


def _is_prose(line: str) -> bool:
    """A sentence (a request, a legal notice), not a list of values: many words, mostly in
    lower case (in Latin script), few numbers, few commas, no address."""
    words = line.split()
    if len(words) < _PROSE_WORDS or "@" in line or line.count(",") + line.count("،") > 3:
        return False
    with_digits = sum(1 for word in words if re.search(r"\d", word))
    latin = [word for word in words if re.match(r"[A-Za-zÀ-ÿ]", word)]
    lower = sum(1 for word in latin if word[0].islower())
    mostly_lower = lower * 2 >= len(latin) if latin else len(words) >= 2 * _PROSE_WORDS
    return mostly_lower and with_digits * 5 < len(words)


def pieces(line: str) -> list[str]:
    """A line cut at the separators signatures use; empty pieces dropped."""
    parts: list[str] = []
    line = _REMARK.sub(lambda match: f" | {match.group(1)} | ", line)
    for chunk in _SEPARATORS.split(line):
        for sentence in _SENTENCE.split(chunk):
            parts.extend(_COMMA.split(sentence))
    # A trailing dot may belong to the value ("S.L.", "Lda."): classify.py decides.
    return [part.strip(" ,:-") for part in parts if part.strip(" .,:-")]
