"""Decide whether the From address is the client's, looks like it, and was proven by the domain.

Anyone can type a From header. An acceptance counts only if the address is one the proposal was
sent to, the display name is not borrowing a client's name for another address, and a receiving
server we trust (by its authserv-id, RFC 8601) saw a DKIM signature or DMARC pass aligned with
the From domain. Only the topmost Authentication-Results header from a trusted server is read:
servers prepend theirs, so a forged copy written by the sender sits below the real one.
Optionally the DKIM signature is verified here with dkimpy, with an injectable DNS lookup.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from mail.inbound.signature import names_match

DnsFunc = Callable[..., bytes | None]
_COMMENT_OR_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"|\((?:[^()\\]|\\.)*\)')
_PAIR = re.compile(r'([^\s=]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s;]+)')
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")


@dataclass(frozen=True)
class AuthResult:
    """One "method=result" statement with its properties ("header.d" → "doe.example")."""

    method: str
    result: str
    properties: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SenderCheck:
    """What is known about who sent the message."""

    address: str
    display_name: str
    matches: bool
    spoof: bool
    authenticated: bool
    verdicts: dict[str, str]


def normalize_address(address: str) -> str:
    """Lower-case, without angle brackets, the domain in its ASCII (IDNA) form."""
    address = address.strip().strip("<>").strip().lower()
    local, at, domain = address.rpartition("@")
    if not at:
        return address
    domain = domain.rstrip(".")
    with contextlib.suppress(UnicodeError):  # not a valid IDNA name: compare as typed
        domain = domain.encode("idna").decode("ascii")
    return f"{local}@{domain}"


def domain_of(address: str) -> str:
    return normalize_address(address).rpartition("@")[2]


def is_spoof(display_name: str, address: str, candidate_names: Sequence[str],
             allowed_senders: Iterable[str]) -> bool:
    """A client's name (or allowed address) shown in front of an address that is not theirs."""
    allowed = {normalize_address(a) for a in allowed_senders}
    if normalize_address(address) in allowed:
        return False
    if any(names_match(display_name, name) for name in candidate_names):
        return True
    return any(normalize_address(shown) in allowed for shown in _EMAIL.findall(display_name))


def parse_authentication_results(value: str) -> tuple[str, list[AuthResult]]:
    """Split one Authentication-Results header into its authserv-id and results (RFC 8601)."""
    text = value
    while True:  # comments nest: strip the innermost until none is left
        stripped = _COMMENT_OR_QUOTED.sub(_drop_comment, text)
        if stripped == text:
            break
        text = stripped
    parts = _split_outside_quotes(text)
    head = parts[0].split()
    authserv_id = head[0].lower() if head else ""
    results: list[AuthResult] = []
    for part in parts[1:]:
        pairs = [(k.lower(), v.strip('"')) for k, v in _PAIR.findall(part)]
        if not pairs:
            continue
        (method, result), properties = pairs[0], dict(pairs[1:])
        results.append(AuthResult(method.split("/")[0], result.lower(), properties))
    return authserv_id, results


def _drop_comment(match: re.Match[str]) -> str:
    return match.group() if match.group().startswith('"') else " "


def _split_outside_quotes(text: str) -> list[str]:
    parts, current, quoted = [], [], False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char == ";" and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def aligned(domain: str, from_domain: str) -> bool:
    """Relaxed alignment: the same domain, or the From domain is a subdomain of it."""
    domain, from_domain = domain.lower().strip("."), from_domain.lower().strip(".")
    return "." in domain and (from_domain == domain or from_domain.endswith("." + domain))


def header_verdicts(
    headers: Sequence[str], from_domain: str, trusted_authserv_ids: Sequence[str]
) -> tuple[bool, dict[str, str]]:
    """Read the topmost trusted header: (authenticated, {method: result})."""
    trusted = {ident.lower() for ident in trusted_authserv_ids}
    for value in headers:
        authserv_id, results = parse_authentication_results(value)
        if authserv_id in trusted:
            return _judge(results, from_domain)
    return False, {}


def _judge(results: list[AuthResult], from_domain: str) -> tuple[bool, dict[str, str]]:
    verdicts: dict[str, str] = {}
    passed = False
    for item in results:
        judged = item.method in ("dkim", "dmarc")
        ok = judged and item.result == "pass" and _result_aligned(item, from_domain)
        passed = passed or ok
        if ok or item.method not in verdicts:
            unaligned = judged and item.result == "pass" and not ok
            verdicts[item.method] = "unaligned" if unaligned else item.result
    return passed, verdicts


def _result_aligned(item: AuthResult, from_domain: str) -> bool:
    if item.method == "dkim":
        identity = item.properties.get("header.i", "").rpartition("@")[2]
        return any(aligned(d, from_domain) for d in (item.properties.get("header.d", ""),
                                                     identity) if d)
    if item.method == "dmarc":
        return aligned(item.properties.get("header.from", ""), from_domain)
    return False


def verify_dkim(raw: bytes, from_domain: str, dnsfunc: DnsFunc | None = None) -> str:
    """Verify the first DKIM signature ourselves: pass, fail, unaligned, none or error.

    dkimpy (with dnspython, ~3 MB resident) is imported here, on the first message whose
    sender is checked, not by every process at start."""
    import dkim

    try:
        verifier = dkim.DKIM(raw)
        if not verifier.present():
            return "none"
        ok = verifier.verify(dnsfunc=dnsfunc) if dnsfunc else verifier.verify()
    except dkim.ValidationError:  # the signature does not match the message
        return "fail"
    except Exception:  # no key, bad key, broken header: hostile input breaks parsers many ways
        return "error"
    if not ok:
        return "fail"
    signer = (verifier.domain or b"").decode("ascii", "replace")
    return "pass" if aligned(signer, from_domain) else "unaligned"


def check_sender(
    display_name: str,
    address: str,
    *,
    raw: bytes,
    authentication_results: Sequence[str],
    candidate_names: Sequence[str],
    allowed_senders: Sequence[str],
    trusted_authserv_ids: Sequence[str],
    verify: bool = False,
    dnsfunc: DnsFunc | None = None,
) -> SenderCheck:
    """Combine address match, spoof check and authentication into one verdict."""
    allowed = {normalize_address(a) for a in allowed_senders}
    normalized = normalize_address(address)
    from_domain = domain_of(normalized)
    authenticated, verdicts = header_verdicts(
        authentication_results, from_domain, trusted_authserv_ids
    )
    if verify and from_domain:
        verdicts["dkim_verify"] = verify_dkim(raw, from_domain, dnsfunc)
        authenticated = authenticated or verdicts["dkim_verify"] == "pass"
    return SenderCheck(
        address=normalized,
        display_name=display_name,
        matches=normalized in allowed,
        spoof=is_spoof(display_name, normalized, candidate_names, allowed),
        authenticated=authenticated and bool(from_domain),
        verdicts=verdicts,
    )
