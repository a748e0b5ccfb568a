"""The proposal page behind the email link: review, Accept & sign, Decline, and the PDFs.

Accepting runs exactly the email path: `accept_proposal` (once per proposal, whatever races it),
then the business's acceptance policy, then the certificate. A second click, a reload of the
post, a second tab or a reply by email afterwards changes nothing and the page says so.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from billing.documents.acceptance import apply_acceptance_policy, decline_proposal
from billing.documents.certificate import certificate_filename, certificate_pdf
from billing.documents.convert import Evidence, accept_proposal
from billing.documents.issued_file import issued_pdf
from billing.documents.view import document_view
from billing.i18n import day
from billing.pdf import pdf_filename
from models import Acceptance, AcceptanceMethod
from web.gate import client_address, pdf_response, visit_or_refusal
from web.pages import message_page, page_language, render
from web.portal import other_documents
from web.security import CSRF_COOKIE, csrf_token, csrf_valid, new_csrf_cookie
from web.signing import Signing, read_reason, read_signing
from web.visit import State, Visit, state_of

MAX_FORM_BYTES = 512_000

STATE_TEXTS = {
    State.ACCEPTED: ("Proposal accepted",
                     "{name} accepted this proposal on {date}. Nothing more is needed."),
    State.DECLINED: ("Proposal declined",
                     "This proposal was declined. If that was a mistake, reply to the email "
                     "from {business}."),
    State.EXPIRED: ("Proposal expired",
                    "This proposal was valid until {date} and can no longer be accepted here. "
                    "Ask {business} for a new one."),
    State.EDITED: ("Proposal changed",
                   "{business} changed this proposal after sending you this link. Please use "
                   "the link in their most recent email."),
    State.CLOSED: ("Proposal closed",
                   "This proposal is no longer open for acceptance. Contact {business} if you "
                   "have questions."),
}
ALREADY_TEXT = "This proposal had already been accepted, so nothing was changed."
ACCEPTED_NOTICE = "Thank you. Your acceptance has been recorded."
DECLINED_NOTICE = "Thank you for letting us know."
FAILED = "Something went wrong"
TOO_LARGE = "The form was too large. Please try again."
FORM_EXPIRED = "This form expired. Please reload the page and try again."
NOT_ACCEPTED = ("Page not found", "This proposal has not been accepted yet.")
CODE_TEXTS = (
    *(text for pair in STATE_TEXTS.values() for text in pair), ALREADY_TEXT, ACCEPTED_NOTICE,
    DECLINED_NOTICE, FAILED, TOO_LARGE, FORM_EXPIRED, *NOT_ACCEPTED,
)


async def show(request: Request) -> Response:
    visit = await visit_or_refusal(request)
    if isinstance(visit, Response):
        return visit
    return await _page(request, visit)


async def _page(
    request: Request, visit: Visit, *, signing: Signing | None = None, notice: str = "",
    status: int = 200,
) -> Response:
    state, acceptance = await state_of(visit)
    view = await document_view(visit.proposal)
    cookie = request.cookies.get(CSRF_COOKIE) or new_csrf_cookie()
    secret = request.app.state.settings.mail.token_secret
    response = render(
        "proposal.html", visit.language, status=status, currency=view.currency,
        doc=view, business=visit.business.name, state=state.value,
        state_text=_state_text(state, visit, acceptance), notice=notice,
        signing=signing or Signing(), csrf=csrf_token(secret, cookie, visit.token),
        token=visit.token, acceptance=acceptance,
        others=await other_documents(visit),
    )
    https = request.app.state.settings.web.base_url.startswith("https://")
    response.set_cookie(CSRF_COOKIE, cookie, httponly=True, samesite="lax", secure=https,
                        path="/p/", max_age=86400)
    return response


def _state_text(
    state: State, visit: Visit, acceptance: Acceptance | None
) -> tuple[str, str, dict[str, object]]:
    """Title, sentence and its parameters for a page that can no longer be signed."""
    if state == State.OPEN:
        return ("", "", {})
    title, text = STATE_TEXTS[state]
    proposal = visit.proposal
    when = acceptance.accepted_at.date() if acceptance else proposal.valid_until
    params = {"business": visit.business.name,
              "name": (acceptance.signer_name if acceptance else "") or visit.client.display_name,
              "date": day(when, page_language(visit.language)) if when else ""}
    return (title, text, params)


async def _checked_form(request: Request, visit: Visit) -> FormData | Response:
    """The posted form, or a refusal page (too big, or not from a page we served)."""
    length = request.headers.get("content-length", "")
    if not length.isdigit() or int(length) > MAX_FORM_BYTES:
        return message_page(visit.language, FAILED, TOO_LARGE, status=413)
    form = await request.form()
    secret = request.app.state.settings.mail.token_secret
    if not csrf_valid(secret, request.cookies.get(CSRF_COOKIE), visit.token, form.get("csrf")):
        return message_page(visit.language, FAILED, FORM_EXPIRED, status=403)
    return form


async def _posted(request: Request) -> tuple[Visit, FormData] | Response:
    """A form posted to an open proposal, or the page to answer instead (a closed one: 409)."""
    visit = await visit_or_refusal(request)
    if isinstance(visit, Response):
        return visit
    form = await _checked_form(request, visit)
    if isinstance(form, Response):
        return form
    state, _ = await state_of(visit)
    if state != State.OPEN:
        notice = ALREADY_TEXT if state == State.ACCEPTED else ""
        return await _page(request, visit, notice=notice, status=409)
    return visit, form


async def accept(request: Request) -> Response:
    posted = await _posted(request)
    if isinstance(posted, Response):
        return posted
    visit, form = posted
    signing = read_signing(form)
    if signing.errors:
        return await _page(request, visit, signing=signing, status=400)
    shown = await issued_pdf(visit.proposal)
    evidence = Evidence(
        method=AcceptanceMethod.WEB, signer_name=signing.name, sender_address=visit.recipient,
        authenticated=True, accepted_at=datetime.now(UTC), ip_address=client_address(request),
        user_agent=request.headers.get("user-agent", "")[:500],
        signature_png=signing.signature, document_sha256=hashlib.sha256(shown).hexdigest(),
    )
    conversion = await accept_proposal(visit.business, visit.proposal.id, evidence)
    if not conversion.created:  # another tab, click or email got there first
        return await _page(request, visit, notice=ALREADY_TEXT, status=409)
    await apply_acceptance_policy(visit.business, conversion, request.app.state.sender,
                                  source="web")
    await certificate_pdf(conversion.acceptance)
    return await _page(request, visit, notice=ACCEPTED_NOTICE)


async def decline(request: Request) -> Response:
    posted = await _posted(request)
    if isinstance(posted, Response):
        return posted
    visit, form = posted
    await decline_proposal(visit.business, visit.proposal.id, client=visit.client.display_name,
                           reason=read_reason(form), source="web")
    return await _page(request, visit, notice=DECLINED_NOTICE)


async def proposal_pdf(request: Request) -> Response:
    visit = await visit_or_refusal(request)
    if isinstance(visit, Response):
        return visit
    view = await document_view(visit.proposal)
    return pdf_response(await issued_pdf(visit.proposal), pdf_filename(view))


async def certificate(request: Request) -> Response:
    visit = await visit_or_refusal(request)
    if isinstance(visit, Response):
        return visit
    acceptance = await Acceptance.get_or_none(proposal_id=visit.proposal.id)
    if acceptance is None:
        return message_page(visit.language, *NOT_ACCEPTED, status=404)
    return pdf_response(await certificate_pdf(acceptance), certificate_filename(visit.proposal))
