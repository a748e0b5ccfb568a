"""The ASGI application: client pages under /p/<token>, static files, Telegram's webhook."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from assent.settings import Settings
from billing.documents.acceptance import InvoiceSender
from web import portal, proposal
from web.gate import not_found
from web.pages import message_page
from web.security import GuessLimiter, SecurityHeaders
from web.telegram import Deliver, webhook_endpoint

STATIC_DIR = Path(__file__).resolve().parent / "static"
FAILED = "Something went wrong"
TRY_LATER = "Please try again later."


async def _http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own 404/405 as our plain page, never a stack trace or a framework page."""
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    if status == 404:
        return not_found()
    return message_page("en", FAILED, TRY_LATER, status=status)


def build_app(
    settings: Settings, sender: InvoiceSender, *, telegram: Deliver | None = None
) -> Starlette:
    """`sender` emails issued invoices (the acceptance policy); `telegram` receives the webhook."""
    routes = [
        Route("/p/{token}", proposal.show, methods=["GET"]),
        Route("/p/{token}/accept", proposal.accept, methods=["POST"]),
        Route("/p/{token}/decline", proposal.decline, methods=["POST"]),
        Route("/p/{token}/pdf", proposal.proposal_pdf, methods=["GET"]),
        Route("/p/{token}/certificate", proposal.certificate, methods=["GET"]),
        Route("/p/{token}/documents/{document_id:int}", portal.document_download,
              methods=["GET"]),
        Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
    ]
    if telegram is not None and settings.telegram.webhook_url:
        routes.append(_webhook_route(settings, telegram))
    app = Starlette(routes=routes, exception_handlers={HTTPException: _http_error,
                                                       Exception: _http_error})
    app.state.settings = settings
    app.state.sender = sender
    app.state.limiter = GuessLimiter(settings.web.guesses_per_minute)
    app.add_middleware(SecurityHeaders, https=settings.web.base_url.startswith("https://"))
    return app


def build_webhook_app(settings: Settings, telegram: Deliver) -> Starlette:
    """Telegram's webhook alone: what an `assent bot` worker serves behind the reverse proxy."""
    return Starlette(routes=[_webhook_route(settings, telegram)],
                     exception_handlers={HTTPException: _http_error, Exception: _http_error})


def _webhook_route(settings: Settings, telegram: Deliver) -> Route:
    path = urlsplit(settings.telegram.webhook_url).path or "/"
    return Route(path, webhook_endpoint(telegram, settings.telegram.webhook_secret),
                 methods=["POST"])
