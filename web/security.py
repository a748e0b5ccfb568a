"""What every response and form of the client page needs to be safe on the open internet.

- Security headers on every response: a CSP that allows our own script and style files only
  (no inline script), no framing, no referrer (the URL holds the link token), no caching.
- CSRF: a random cookie per browser and, in each form, an HMAC of that cookie and the link
  token; a post from another site has neither. Compared in constant time.
- Guessing links: failed token lookups are counted per client address; past the limit a minute,
  every lookup from that address is refused until the minute has passed. The counts live in
  the process: a worker restart forgets them, and each worker counts its own (see README).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections import defaultdict, deque
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSRF_COOKIE = "assent_csrf"
_CSRF_PURPOSE = b"assent page form\x00"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "cross-origin-opener-policy": "same-origin",
}


class SecurityHeaders:
    """ASGI middleware adding HEADERS (and HSTS when served over https) to every response."""

    def __init__(self, app: ASGIApp, *, https: bool) -> None:
        self.app = app
        extra = {"strict-transport-security": "max-age=31536000"} if https else {}
        self.headers = [(k.encode(), v.encode()) for k, v in {**HEADERS, **extra}.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [
                    *message.get("headers", []),
                    *((k, v) for k, v in self.headers if k not in names),
                ]
            await send(message)

        await self.app(scope, receive, with_headers)


def new_csrf_cookie() -> str:
    return secrets.token_urlsafe(24)


def csrf_token(secret: str, cookie: str, link_token: str) -> str:
    """The hidden form value: only a page we served to this browser for this link has it."""
    message = _CSRF_PURPOSE + cookie.encode() + b"\x00" + link_token.encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def csrf_valid(secret: str, cookie: str | None, link_token: str, submitted: object) -> bool:
    if not cookie or not isinstance(submitted, str):
        return False
    return hmac.compare_digest(csrf_token(secret, cookie, link_token), submitted)


class GuessLimiter:
    """At most `per_minute` failed link lookups per client address in any 60 seconds."""

    WINDOW = 60.0

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self._failures: dict[str, deque[float]] = defaultdict(deque)

    def _recent(self, address: str) -> deque[float]:
        now = self.clock()
        failures = self._failures[address]
        while failures and failures[0] <= now - self.WINDOW:
            failures.popleft()
        if not failures:
            del self._failures[address]  # forget quiet addresses: memory stays bounded
            return deque()
        return failures

    def blocked(self, address: str) -> bool:
        return len(self._recent(address)) >= self.per_minute

    def failed(self, address: str) -> None:
        self._recent(address)
        self._failures[address].append(self.clock())
