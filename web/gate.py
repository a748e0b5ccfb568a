"""The first step of every request under /p/<token>: find the proposal, or refuse plainly.

Rate limiting sits here because this is where a guess shows: a token that leads nowhere. An
address past its limit gets 429 before any lookup, so guessing costs the guesser, not the
database.
"""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from web.pages import message_page
from web.visit import LinkExpired, LinkNotFound, Visit, resolve

NOT_FOUND = ("Page not found", "This link is not valid. Please check that you copied all of it.")
EXPIRED = ("Link expired",
           "This link has expired. Ask {business} to send the proposal again.")
TOO_MANY = ("Too many attempts", "Too many invalid links from your address. Try again in a "
            "minute.")


def client_address(request: Request) -> str:
    """The client's IP; behind a proxy, uvicorn puts the forwarded address here."""
    return request.client.host if request.client else ""


def not_found(language: str = "en") -> Response:
    return message_page(language, *NOT_FOUND, status=404)


async def visit_or_refusal(request: Request) -> Visit | Response:
    limiter = request.app.state.limiter
    address = client_address(request)
    if limiter.blocked(address):
        return message_page("en", *TOO_MANY, status=429, headers={"retry-after": "60"})
    try:
        return await resolve(request.path_params["token"],
                             request.app.state.settings.mail.token_secret)
    except LinkNotFound:
        limiter.failed(address)
        return not_found()
    except LinkExpired as expired:
        return message_page(expired.language, *EXPIRED, status=410,
                            params={"business": expired.business})


def pdf_response(pdf: bytes, filename: str) -> Response:
    return Response(pdf, media_type="application/pdf", headers={
        "content-disposition": f"attachment; filename*=UTF-8''{quote(filename)}",
    })
