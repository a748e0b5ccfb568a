"""Recognise mail written by machines: bounces, read receipts, out-of-office and list mail.

Answering or acting on these creates loops and nonsense ("Automatic reply: I'm away" is not a
refusal), so they are told apart before anything reads the text. Headers decide first (RFC 3834
Auto-Submitted, RFC 3464 delivery reports, Precedence, List-*), then sender and subject patterns
for the many servers that send none of them. A bounce keeps what it says about the lost message
so the listener can mark that outbound email as undeliverable.
"""

from __future__ import annotations

import email
import re
from email.message import Message
from email.policy import default as default_policy

from mail.inbound.decode import header
from mail.inbound.errors import (
    AutoReply,
    BounceInfo,
    BounceReport,
    MailingList,
    ReadReceipt,
    Skipped,
)
from mail.inbound.fold import fold
from mail.inbound.lexicon import ANY_AWAY, ANY_VERB

_MACHINE_SENDER = re.compile(r"^(?:mailer[-_]?daemon|postmaster)@", re.IGNORECASE)
_NOREPLY_SENDER = re.compile(r"^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply)[^@]*@", re.IGNORECASE)
_AUTO_HEADER = re.compile(r"^x-(?:mail-)?auto[-_]?(?:reply|repl|respon|generated|submitted)")
_BOUNCE_SUBJECT = re.compile(
    r"undeliver|delivery status notification|mail delivery (?:failed|failure|subsystem)|"
    r"returned mail|delivery failure|failure notice|non remis|unzustellbar|"
    r"no se (?:puede|pudo) entregar|nao (?:e possivel|foi possivel) entregar|niet bezorgd|"
    r"non recapitabile|niedostarczaln|nu a putut fi livrat|تعذر التسليم"
)
_PREFIXES = r"^(?:\[[^\]]*\]\s*|(?:re|aw|sv|wg|fw|fwd|rv|r|tr|odp|ynt|رد)\s*:\s*)*"
# Folded, at the start, and as a label ("Out of Office: ...", "Abwesend"): a client may well write
# "Re: Out of office hours support" or "Re: Absence management" and mean it.
_OUT_OF_OFFICE = re.compile(
    _PREFIXES
    + r"(?:out of (?:the )?office|automatic reply|auto(?:matic)?[- ]?(?:reply|response)|"
    r"autoreply|auto|respuesta automatica|fuera de (?:la )?oficina|ausente|ausencia|"
    r"resposta automatica|fora do escritorio|reponse automatique|absence|absent|"
    r"abwesenheitsnotiz|automatische antwort|abwesend|risposta automatica|fuori sede|"
    r"fuori ufficio|automatisch antwoord|afwezigheidsbericht|afwezig|raspuns automat|"
    r"absent de la birou|odpowiedz automatyczna|poza biurem|nieobecnosc|vacation|vacaciones|"
    r"ferias|conges|urlaub|ferie|vakantie|concediu|urlop|رد تلقايي|الرد التلقايي|خارج المكتب|"
    r"اجازه)\s*(?::|$)"
)
_MESSAGE_ID = re.compile(r"^message-id:\s*(<[^>\s]+>)", re.IGNORECASE | re.MULTILINE)


def detect(message: Message, sender: str, subject: str) -> Skipped | None:
    """The reason this message is automatic, or None if a person wrote it."""
    report_type = _report_type(message)
    if report_type == "delivery-status":
        return BounceReport(bounce_info(message))
    if report_type == "disposition-notification":
        return ReadReceipt("disposition notification")
    folded_subject = fold(subject)
    if _MACHINE_SENDER.match(sender) and _BOUNCE_SUBJECT.search(folded_subject):
        return BounceReport(bounce_info(message))
    return _auto_headers(message) or _auto_sender(sender, folded_subject)


# An out-of-office text is short; a long reply that mentions being away is a person writing.
_LONGEST_AWAY_TEXT = 1_500


def away_text(reply_text: str) -> AutoReply | None:
    """An out-of-office sent without any header saying so, known by its words in any supported
    language ("I am out of the office until …", "Estoy fuera de la oficina …"). A reply that also
    accepts or refuses is read by a person's rules instead: an owner must not miss it."""
    if len(reply_text) > _LONGEST_AWAY_TEXT:
        return None
    folded = fold(reply_text)
    if ANY_AWAY.search(folded) and not ANY_VERB.search(folded):
        return AutoReply("out-of-office text")
    return None


def _report_type(message: Message) -> str:
    try:
        if message.get_content_type() != "multipart/report":
            return ""
        return str(message.get_param("report-type", "")).lower()
    except Exception:
        return ""


def _auto_headers(message: Message) -> Skipped | None:
    submitted = header(message, "Auto-Submitted").split(";")[0].strip().lower()
    if submitted and submitted != "no":
        return AutoReply(f"Auto-Submitted: {submitted}")
    for name in message:
        if _AUTO_HEADER.match(name.lower()) and name.lower() != "x-auto-response-suppress":
            return AutoReply(name)  # Suppress is excluded: Outlook puts it on ordinary mail too
    precedence = (header(message, "Precedence") or header(message, "X-Precedence")).lower()
    if precedence in ("bulk", "list"):
        return MailingList(f"Precedence: {precedence}")
    if precedence in ("junk", "auto_reply"):
        return AutoReply(f"Precedence: {precedence}")
    for name in ("List-Id", "List-Unsubscribe", "List-Post"):
        if header(message, name):
            return MailingList(name)
    if header(message, "Return-Path").strip() == "<>":
        return AutoReply("null Return-Path")
    return None


def _auto_sender(sender: str, folded_subject: str) -> Skipped | None:
    if _MACHINE_SENDER.match(sender) or _NOREPLY_SENDER.match(sender):
        return AutoReply(f"machine sender {sender}")
    if _OUT_OF_OFFICE.match(folded_subject):
        return AutoReply("out-of-office subject")
    return None


def bounce_info(message: Message) -> BounceInfo:
    """What the report says: failed recipients, status, and the lost message's Message-ID."""
    recipients: list[str] = []
    status = diagnostic = original_id = ""
    for part in _parts(message):
        kind = part.get_content_type()
        blocks = part.get_payload()
        if kind == "message/delivery-status" and isinstance(blocks, list):
            for block in blocks[1:]:
                if header(block, "Action").lower() not in ("", "failed"):
                    continue
                recipient = header(block, "Final-Recipient") or header(block, "Original-Recipient")
                if recipient:
                    recipients.append(recipient.rpartition(";")[2].strip().strip("<>").lower())
                status = status or header(block, "Status")
                diagnostic = diagnostic or header(block, "Diagnostic-Code")
                original_id = original_id or header(block, "Original-Message-ID")
        elif kind == "message/rfc822" and not original_id and isinstance(blocks, list):
            original_id = header(blocks[0], "Message-ID") if blocks else ""
        elif kind == "text/rfc822-headers" and not original_id:
            original_id = header(_headers_of(part), "Message-ID")
    if not recipients:
        failed = header(message, "X-Failed-Recipients")
        recipients = [r.strip().lower() for r in failed.split(",") if r.strip()]
    if not original_id:
        original_id = _message_id_in_text(message)
    return BounceInfo(original_id, tuple(dict.fromkeys(recipients)), status, diagnostic)


def _parts(message: Message) -> list[Message]:
    try:
        return list(message.walk())
    except Exception:
        return []


def _headers_of(part: Message) -> Message:
    payload = part.get_payload(decode=True) or b""
    return email.message_from_bytes(payload, policy=default_policy)


def _message_id_in_text(message: Message) -> str:
    for part in _parts(message):
        if part.get_content_maintype() == "text":
            payload = part.get_payload(decode=True) or b""
            found = _MESSAGE_ID.search(payload.decode("utf-8", "replace"))
            if found:
                return found.group(1)
    return ""
