"""The reply address that routes a client's answer back to its proposal, and cannot be forged.

`<reply_local>+<token>@<reply_domain>`, where token = the proposal id in base 36 followed by ten
base-36 digits (about 51 bits) of HMAC-SHA256 keyed with mail.token_secret. Base 36 in lower
case survives mail servers that fold local parts to one case, and the token stays at most 16
characters for any id below 2**31. The MAC is what makes the id trustworthy: guessing a valid
token for another proposal takes ~2**51 tries, each one a mail the listener drops.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from email.utils import parseaddr

from assent.settings import MailSettings

_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
MAC_LENGTH = 10
_TOKEN = re.compile(rf"[0-9a-z]{{1,13}}[0-9a-z]{{{MAC_LENGTH}}}")
# Keeps these MACs apart from anything else one day keyed with the same secret.
_PURPOSE = b"assent proposal reply\x00"


def _base36(value: int, width: int = 1) -> str:
    digits = []
    while value:
        value, digit = divmod(value, 36)
        digits.append(_DIGITS[digit])
    return "".join(reversed(digits)).rjust(width, "0")


def _mac(proposal_id: int, secret: str) -> str:
    digest = hmac.new(
        secret.encode(), _PURPOSE + str(proposal_id).encode(), hashlib.sha256
    ).digest()
    return _base36(int.from_bytes(digest[:8], "big") % 36**MAC_LENGTH, MAC_LENGTH)


def make_reply_token(proposal_id: int, mail: MailSettings) -> str:
    if proposal_id <= 0:
        raise ValueError(f"proposal id must be positive, got {proposal_id}")
    return _base36(proposal_id) + _mac(proposal_id, mail.token_secret)


def make_reply_address(mail: MailSettings, proposal_id: int) -> str:
    """The Reply-To of a proposal email; replies to it reach the listener with the id inside."""
    return f"{mail.reply_local}+{make_reply_token(proposal_id, mail)}@{mail.reply_domain}"


def _token_of(address_or_token: str, mail: MailSettings) -> str | None:
    """The token in `assent+TOKEN@domain`, `Name <assent+TOKEN@domain>`, or the bare token."""
    text = address_or_token.strip()
    if "@" not in text:
        return text
    local = parseaddr(text)[1].rpartition("@")[0]
    prefix, plus, token = local.partition("+")
    # Only our own reply local part routes: another mailbox's plus-tag is not a token of ours.
    if not plus or prefix.lower() != mail.reply_local.lower():
        return None
    return token


def parse_reply_token(address_or_token: str, mail: MailSettings) -> int | None:
    """The proposal id, or None when the address is not ours, garbled or forged. Never raises."""
    if not isinstance(address_or_token, str):
        return None
    token = _token_of(address_or_token, mail)
    if token is None:
        return None
    token = token.lower()
    if not _TOKEN.fullmatch(token):
        return None
    id_part, mac = token[:-MAC_LENGTH], token[-MAC_LENGTH:]
    proposal_id = int(id_part, 36)
    # One id has one spelling: "0k…" is not another token for the proposal "k…".
    if proposal_id <= 0 or _base36(proposal_id) != id_part:
        return None
    if not hmac.compare_digest(mac, _mac(proposal_id, mail.token_secret)):
        return None
    return proposal_id
