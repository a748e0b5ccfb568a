"""Read one inbound email end to end and say what Assent should do with it.

The pipeline, in the Discourse Email::Receiver manner: decode → loop check → machine-mail check
(bounce, auto-reply, list) → quote stripping → intent → typed signature → sender and
authentication. Each step that stops or weakens the reply leaves a named verdict from
`errors.py`; the result is a plain value, so the IMAP listener, the CLI and the tests all see the
same thing. Only a signed, unconditional acceptance from the client's own authenticated address
becomes "invoice"; everything doubtful goes to the owner.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from mail.inbound import autoreply
from mail.inbound.decode import addresses, header, header_values, parse, printable
from mail.inbound.errors import (
    AutoReply,
    BounceInfo,
    BounceReport,
    InboundVerdict,
    LoopFromSelf,
    OtherProposal,
    SenderMismatch,
    SenderSpoof,
    SignerMismatch,
    Skipped,
    Unauthenticated,
    UnauthenticatedDecline,
    UnclearIntent,
    Unreadable,
    Unsigned,
)
from mail.inbound.htmltext import html_to_text
from mail.inbound.intent import Intent, classify, detect_language
from mail.inbound.proposal_check import (
    Answered,
    contradiction,
    restated_total,
    without_amounts,
    without_total,
)
from mail.inbound.quotes import signature_block, strip_quotes
from mail.inbound.sender import DnsFunc, SenderCheck, check_sender, normalize_address
from mail.inbound.signature import Signature, find_signer, signs_off

_MSG_ID = re.compile(r"<[^<>\s]+>")
# A typed acceptance is a few lines. Longer text is read only this far (so hostile mail costs
# milliseconds, not seconds) and is never taken for an unconditional acceptance.
_LONGEST_BODY = 100_000
_LONGEST_REPLY = 20_000


class Decision(StrEnum):
    INVOICE = "invoice"  # signed, authenticated, from the client, unconditional acceptance
    DECLINE = "decline"  # the client (by address) declined
    ASK_OWNER = "ask_owner"  # a person wrote, but something is uncertain: skip_reason says what
    IGNORE = "ignore"  # machine mail or our own: nobody reads it
    BOUNCE = "bounce"  # a delivery failure report about one of our messages


@dataclass(frozen=True)
class Understanding:
    """Everything the listener needs to route, record and act on one reply."""

    message_id: str
    in_reply_to: str
    references: tuple[str, ...]
    to: tuple[str, ...]
    cc: tuple[str, ...]
    subject: str
    sender: str
    sender_name: str
    intent: Intent
    language: str
    reply_text: str
    signed: bool
    signer: str | None  # the name as typed
    # The candidate this acceptance binds: set only for an invoice (a signature on a refusal, a
    # doubtful or an unauthenticated reply binds nobody; `signed` still says a name matched).
    # A spelling the owner stored counts as the registered name it stands for.
    signed_as: str | None
    # The candidate whose name the reply carries, whatever the decision: who wrote, for the owner
    # and for scoring the signer; only `signed_as` binds anyone.
    signed_by: str | None
    sender_matches: bool
    spoof: bool
    authenticated: bool
    auth_verdicts: dict[str, str]
    raw_sha256: str
    bounce: BounceInfo | None
    skip_reason: InboundVerdict | None
    decision: Decision
    problems: tuple[str, ...]


def understand(
    raw: bytes,
    *,
    candidate_names: Sequence[str],
    allowed_senders: Sequence[str],
    own_addresses: Sequence[str],
    trusted_authserv_ids: Sequence[str],
    verify_dkim: bool = False,
    dnsfunc: DnsFunc | None = None,
    answered: Answered | None = None,
    spelled: Mapping[str, str] | None = None,
) -> Understanding:
    """Classify one raw message; never raises, whatever the bytes.

    `answered` is the routed proposal (number, total); without it the subject's number is used.
    `spelled` maps other spellings of a name (among `candidate_names`) to the registered name.
    Mail that breaks the reader anyway (a parser limit, a codec the standard library trips on)
    gets the verdict "unreadable": a person looks at it, and the rest of the batch goes on.
    """
    try:
        return _understand(
            raw, candidate_names=candidate_names, allowed_senders=allowed_senders,
            own_addresses=own_addresses, trusted_authserv_ids=trusted_authserv_ids,
            verify_dkim=verify_dkim, dnsfunc=dnsfunc, answered=answered, spelled=spelled or {},
        )
    except Exception as error:  # every message gets a verdict, even a RecursionError
        return _unreadable(raw, error)


_RAW_FROM = re.compile(
    rb"^from:[^\r\n]*?([\w.+-]+@[\w-]+(?:\.[\w-]+)+)", re.IGNORECASE | re.MULTILINE
)


def _unreadable(raw: bytes, error: BaseException) -> Understanding:
    """The verdict for mail the reader could not take apart: ask the owner, act on nothing.
    The sender is picked from the raw header block, only to tell the owner who wrote."""
    found = _RAW_FROM.search(raw[:65_536])
    sender = found.group(1).decode("ascii", "replace").lower() if found else ""
    return Understanding(
        message_id="", in_reply_to="", references=(), to=(), cc=(), subject="", sender=sender,
        sender_name="", intent=Intent.UNCLEAR, language="und", reply_text="", signed=False,
        signer=None, signed_as=None, signed_by=None, sender_matches=False, spoof=False,
        authenticated=False,
        auth_verdicts={}, raw_sha256=hashlib.sha256(raw).hexdigest(), bounce=None,
        skip_reason=Unreadable(type(error).__name__), decision=Decision.ASK_OWNER,
        problems=(f"unreadable: {type(error).__name__}",),
    )


def _understand(
    raw: bytes,
    *,
    candidate_names: Sequence[str],
    allowed_senders: Sequence[str],
    own_addresses: Sequence[str],
    trusted_authserv_ids: Sequence[str],
    verify_dkim: bool,
    dnsfunc: DnsFunc | None,
    answered: Answered | None,
    spelled: Mapping[str, str],
) -> Understanding:
    decoded = parse(raw)
    message = decoded.message
    sender_name, sender_address = (addresses(message, "From") or [("", "")])[0]
    sender = normalize_address(printable(sender_address))
    subject = header(message, "Subject")
    reply_text = strip_quotes(decoded.text[:_LONGEST_BODY])
    reading = reply_text[:_LONGEST_REPLY]
    language = detect_language(reading, decoded.text[:_LONGEST_REPLY], names=candidate_names)
    own = {normalize_address(address) for address in own_addresses}
    skipped: Skipped | None = (
        LoopFromSelf(sender) if sender in own else autoreply.detect(message, sender, subject)
    ) or autoreply.away_text(reading)
    check = check_sender(
        sender_name,
        sender,
        raw=raw,
        authentication_results=header_values(message, "Authentication-Results"),
        candidate_names=candidate_names,
        allowed_senders=allowed_senders,
        trusted_authserv_ids=trusted_authserv_ids,
        verify=verify_dkim and skipped is None,
        dnsfunc=dnsfunc,
    )
    if skipped is not None:
        intent, signature = _machine_intent(skipped), Signature(None, None)
        decision = Decision.BOUNCE if isinstance(skipped, BounceReport) else Decision.IGNORE
        reason: InboundVerdict | None = skipped
    else:
        # The quoted proposal, also where an HTML reply's text part left it out.
        body = (html_to_text(decoded.html[:_LONGEST_BODY], drop_quotes=False)
                if decoded.from_html else decoded.text[:_LONGEST_BODY])
        answered = answered or Answered.from_thread(subject, body, reply_text)
        # A restated total ("we accept the 4,800 EUR proposal") is no counter-offer; another
        # total ("we accept the 3,900 EUR offer") is read as written to tell an answer about
        # another offer (the owner is told both) from a counter-offer (a question).
        conflict = contradiction(reading, answered)
        said = without_total(without_amounts(reading)
                             if conflict is not None or restated_total(reading, answered)
                             else reading, answered)
        intent = classify(said, language=language, names=candidate_names, topic=subject).intent
        if len(reply_text) > _LONGEST_REPLY:
            intent = Intent.UNCLEAR
        signature = find_signer(reading, candidate_names)
        # No name typed (or only name-shaped words above the sign-off, "In Ordnung."): the
        # "-- " signature block may carry it.
        if signature.typed is None or not (signature.signed or signs_off(reading, signature.typed)):
            block = find_signer(signature_block(decoded.text[:_LONGEST_REPLY]), candidate_names)
            signature = block if block.signed else signature
        reason = _doubt(intent, signature, check)
        if conflict is not None and not isinstance(reason, UnclearIntent):
            # It answers, but about another proposal (or price): not an answer to this one.
            intent, reason = Intent.UNCLEAR, OtherProposal(str(conflict))
        decision = _decide(intent, reason)
    signed_by = spelled.get(signature.matched, signature.matched) if signature.matched else None
    return Understanding(
        message_id=header(message, "Message-ID"),
        in_reply_to=header(message, "In-Reply-To"),
        references=tuple(_MSG_ID.findall(header(message, "References"))),
        to=tuple(normalize_address(a) for _, a in addresses(message, "To")),
        cc=tuple(normalize_address(a) for _, a in addresses(message, "Cc")),
        subject=subject,
        sender=sender,
        sender_name=sender_name,
        intent=intent,
        language=language,
        reply_text=reply_text,
        signed=signature.signed,
        signer=signature.typed,
        signed_as=signed_by if decision is Decision.INVOICE else None,
        signed_by=signed_by,
        sender_matches=check.matches,
        spoof=check.spoof,
        authenticated=check.authenticated,
        auth_verdicts=check.verdicts,
        raw_sha256=hashlib.sha256(raw).hexdigest(),
        bounce=skipped.info if isinstance(skipped, BounceReport) else None,
        skip_reason=reason,
        decision=decision,
        problems=decoded.problems,
    )


def _machine_intent(skipped: Skipped) -> Intent:
    if isinstance(skipped, BounceReport):
        return Intent.BOUNCE
    return Intent.AUTO_REPLY if isinstance(skipped, AutoReply) else Intent.UNCLEAR


def _doubt(intent: Intent, signature: Signature, check: SenderCheck) -> InboundVerdict | None:
    """The first reason not to act on the reply by itself, most serious first."""
    if intent is Intent.UNCLEAR:
        return UnclearIntent("neither an unconditional acceptance nor a refusal")
    if check.spoof:
        return SenderSpoof(f"{check.display_name} <{check.address}>")
    if not check.matches:
        return SenderMismatch(check.address)
    if not check.authenticated:  # a forged refusal would close a proposal as surely as a yes
        verdicts = ", ".join(f"{k}={v}" for k, v in check.verdicts.items())
        return UnauthenticatedDecline(verdicts) if intent is Intent.DECLINE else (
            Unauthenticated(verdicts))
    if intent is Intent.DECLINE:
        return None
    if signature.typed is None:
        return Unsigned("no typed full name")
    if not signature.signed:
        return SignerMismatch(signature.typed)
    return None


def _decide(intent: Intent, reason: InboundVerdict | None) -> Decision:
    if reason is not None:
        return Decision.ASK_OWNER
    return Decision.DECLINE if intent is Intent.DECLINE else Decision.INVOICE


# `assent classify` speaks the three outcomes: act (invoice), a person must look
# (ask_owner: a decline is applied and the owner told in the client's words), or nobody needs to
# (ignore: machine mail; a bounce only marks our sent email).
CLASSIFY_DECISIONS = {
    Decision.INVOICE: "invoice",
    Decision.DECLINE: "ask_owner",
    Decision.ASK_OWNER: "ask_owner",
    Decision.IGNORE: "ignore",
    Decision.BOUNCE: "ignore",
}


def to_json(understanding: Understanding, file: str) -> dict[str, object]:
    """The record `assent classify --json` prints for one file."""
    return {
        "file": file,
        "intent": understanding.intent.value,
        "signed": understanding.signed,
        "signer": understanding.signer,
        "sender_matches": understanding.sender_matches,
        "authenticated": understanding.authenticated,
        "language": understanding.language,
        "reply_text": understanding.reply_text,
        "decision": CLASSIFY_DECISIONS[understanding.decision],
    }
