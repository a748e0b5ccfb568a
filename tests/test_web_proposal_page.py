"""The client's proposal page over HTTP (the real ASGI app, real database, links from real
proposal emails): what it shows, how it protects itself, and what Accept and Decline do."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest

from assent.settings import Settings
from models import (
    Acceptance,
    AcceptanceMethod,
    Business,
    Document,
    DocumentKind,
    DocumentLine,
    IssuedFile,
    Notification,
)
from tests.inbound_support import CLIENT, CLIENT_EMAIL, sent_proposal
from tests.web_support import acceptance_form, http_client, open_form, path_of, web_settings
from web.security import CSP

pytestmark = pytest.mark.usefixtures("db")


@pytest.fixture
def settings(db: str) -> Settings:
    return web_settings(db)


async def test_the_page_shows_the_proposal_in_the_clients_language_with_safe_headers(
    settings: Settings,
) -> None:
    sent = await sent_proposal(settings, language="es")
    await Business.filter(id=sent.business.id).update(name="Acme <script>alert(1)</script>")
    async with http_client(settings) as client:
        page = await client.get(path_of(sent))

    assert page.status_code == 200
    assert page.headers["content-security-policy"] == CSP
    assert "frame-ancestors 'none'" in CSP and "'unsafe-inline'" not in CSP
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["x-content-type-options"] == "nosniff"
    html = page.text
    assert '<html lang="es" dir="ltr">' in html
    assert "Aceptar y firmar" in html and "Descripción" in html
    assert "919,59\xa0€" in html  # 3 × 250 + 9.99 plus 21 % VAT, as Spanish writes it
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # autoescaped
    assert "<script>" not in html.replace('<script src="/static/sign.js"></script>', "")
    assert CLIENT_EMAIL not in page.url.path


async def test_arabic_pages_run_right_to_left(settings: Settings) -> None:
    sent = await sent_proposal(settings, language="ar")
    async with http_client(settings) as client:
        page = await client.get(path_of(sent))
    assert '<html lang="ar" dir="rtl">' in page.text
    assert "قبول وتوقيع" in page.text


@pytest.mark.parametrize("tamper", ["flip", "truncate", "extend", "garbage"])
async def test_a_tampered_link_is_a_plain_404(settings: Settings, tamper: str) -> None:
    sent = await sent_proposal(settings)
    path = path_of(sent)
    token = path.rsplit("/", 1)[1]
    changed = {
        "flip": token[:10] + ("A" if token[10] != "A" else "B") + token[11:],
        "truncate": token[:-1],
        "extend": token + "A",
        "garbage": "../../etc/passwd",
    }[tamper]
    async with http_client(settings) as client:
        page = await client.get(f"/p/{changed}")
        pdf = await client.get(f"/p/{changed}/pdf")
    assert page.status_code == 404 and pdf.status_code == 404
    assert "This link is not valid" in page.text
    assert "Traceback" not in page.text and sent.proposal.number not in page.text


async def test_guessing_links_is_rate_limited_per_address(db: str) -> None:
    settings = web_settings(db, guesses_per_minute=3)
    sent = await sent_proposal(settings)
    async with http_client(settings, client_ip="198.51.100.9") as guesser:
        codes = [(await guesser.get(f"/p/{'A' * 55}")).status_code for _ in range(3)]
        blocked = await guesser.get(path_of(sent))  # even a genuine link, from that address
    async with http_client(settings, client_ip="198.51.100.10") as someone_else:
        fine = await someone_else.get(path_of(sent))
    assert codes == [404, 404, 404]
    assert blocked.status_code == 429 and blocked.headers["retry-after"] == "60"
    assert fine.status_code == 200


async def test_forms_without_the_pages_csrf_token_change_nothing(settings: Settings) -> None:
    sent = await sent_proposal(settings)
    path = path_of(sent)
    async with http_client(settings) as client:
        csrf = await open_form(client, path)
        missing = await client.post(f"{path}/accept", data=acceptance_form(""))
        forged = await client.post(f"{path}/decline", data={"csrf": "0" * 64})
        client.cookies.clear()  # another browser: the token was for the first one's cookie
        other_browser = await client.post(f"{path}/accept", data=acceptance_form(csrf))
    assert [missing.status_code, forged.status_code, other_browser.status_code] == [403] * 3
    assert await Acceptance.filter(proposal_id=sent.proposal.id).count() == 0
    assert (await Document.get(id=sent.proposal.id)).status == sent.proposal.status


async def test_accepting_records_the_evidence_and_makes_the_invoice_once(
    settings: Settings,
) -> None:
    sent = await sent_proposal(settings)
    path = path_of(sent)
    async with http_client(settings) as client:
        csrf = await open_form(client, path)
        headers = {"user-agent": "TestBrowser/1.0"}
        first = await client.post(f"{path}/accept", data=acceptance_form(csrf), headers=headers)
        again = await client.post(f"{path}/accept", data=acceptance_form(csrf), headers=headers)
        later = await client.get(path)
        certificate = await client.get(f"{path}/certificate")

    assert first.status_code == 200 and "Your acceptance has been recorded" in first.text
    assert again.status_code == 409 and "had already been accepted" in again.text
    assert "Jane Doe accepted this proposal on" in later.text and "accept-form" not in later.text
    acceptance = await Acceptance.get(proposal_id=sent.proposal.id)
    assert acceptance.method == AcceptanceMethod.WEB
    assert (acceptance.signer_name, acceptance.sender_address) == (CLIENT, CLIENT_EMAIL)
    assert (acceptance.ip_address, acceptance.user_agent) == ("203.0.113.7", "TestBrowser/1.0")
    assert bytes(acceptance.signature_png).startswith(b"\x89PNG")
    issued = await IssuedFile.get(document_id=sent.proposal.id)
    assert acceptance.document_sha256 == issued.pdf_sha256  # the PDF the page serves
    assert certificate.status_code == 200
    assert certificate.content == bytes(acceptance.certificate_pdf)
    assert certificate.content.startswith(b"%PDF")
    invoices = await Document.filter(converted_from_id=sent.proposal.id)
    assert len(invoices) == 1 and invoices[0].total == sent.proposal.total
    notices = await Notification.filter(business=sent.business, kind="proposal_accepted")
    assert len(notices) == 1 and notices[0].payload["pdf_of"] == invoices[0].id


async def test_two_tabs_submitting_at_once_make_one_invoice(settings: Settings) -> None:
    sent = await sent_proposal(settings)
    path = path_of(sent)
    async with http_client(settings) as tab_one, http_client(settings) as tab_two:
        forms = [acceptance_form(await open_form(tab, path)) for tab in (tab_one, tab_two)]
        answers = await asyncio.gather(
            tab_one.post(f"{path}/accept", data=forms[0]),
            tab_two.post(f"{path}/accept", data=forms[1]),
        )
    assert sorted(answer.status_code for answer in answers) == [200, 409]
    assert await Document.filter(converted_from_id=sent.proposal.id).count() == 1
    assert await Acceptance.filter(proposal_id=sent.proposal.id).count() == 1
    assert await Notification.filter(kind="proposal_accepted").count() == 1


async def test_missing_name_signature_or_consent_is_asked_again_in_the_clients_language(
    settings: Settings,
) -> None:
    sent = await sent_proposal(settings, language="es")
    path = path_of(sent)
    async with http_client(settings) as client:
        csrf = await open_form(client, path)
        form = acceptance_form(csrf, full_name="Jane Q. Doe", signature="data:image/png;base64,x")
        del form["consent"]
        answer = await client.post(f"{path}/accept", data=form)
    assert answer.status_code == 400
    assert "No se ha podido leer la firma" in answer.text
    assert "Marque la casilla para confirmar que acepta." in answer.text
    assert 'value="Jane Q. Doe"' in answer.text
    assert await Acceptance.filter(proposal_id=sent.proposal.id).count() == 0


async def test_declining_tells_the_owner_and_closes_the_page(settings: Settings) -> None:
    sent = await sent_proposal(settings)
    path = path_of(sent)
    async with http_client(settings) as client:
        csrf = await open_form(client, path)
        declined = await client.post(f"{path}/decline",
                                     data={"csrf": csrf, "reason": "Too expensive for us"})
        accept_after = await client.post(f"{path}/accept", data=acceptance_form(csrf))
    assert declined.status_code == 200 and "Proposal declined" in declined.text
    assert accept_after.status_code == 409
    (notice,) = await Notification.filter(business=sent.business, kind="proposal_declined")
    assert notice.payload["params"]["reply_text"] == "Too expensive for us"
    assert (await Document.get(id=sent.proposal.id)).status.value == "declined"
    assert await Document.filter(converted_from_id=sent.proposal.id).count() == 0


async def test_an_expired_proposal_says_so_and_offers_no_form(settings: Settings) -> None:
    sent = await sent_proposal(settings, valid_until=date.today() - timedelta(days=2))
    async with http_client(settings) as client:
        page = await client.get(path_of(sent))
    assert "Proposal expired" in page.text and "can no longer be accepted here" in page.text
    assert "accept-form" not in page.text


async def test_a_proposal_edited_after_sending_says_so(settings: Settings) -> None:
    sent = await sent_proposal(settings)
    path = path_of(sent)
    async with http_client(settings) as client:
        csrf = await open_form(client, path)  # the client opened it before the edit
        await DocumentLine.filter(document_id=sent.proposal.id, position=1).update(
            description="Logo design, two extra rounds"
        )
        page = await client.get(path)
        post = await client.post(f"{path}/accept", data=acceptance_form(csrf))
    assert "Proposal changed" in page.text and "accept-form" not in page.text
    assert post.status_code == 409
    assert await Acceptance.filter(proposal_id=sent.proposal.id).count() == 0


async def test_an_expired_link_says_so(db: str) -> None:
    settings = web_settings(db, link_days=1)
    sent = await sent_proposal(settings)
    path = path_of(sent)
    later = web_settings(db)
    from web.visit import LinkExpired, resolve

    with pytest.raises(LinkExpired):
        await resolve(path.rsplit("/", 1)[1], later.mail.token_secret,
                      now=sent.proposal.created_at + timedelta(days=2))


async def test_the_portal_lists_only_this_clients_documents(settings: Settings) -> None:
    from tests.factories import make_client
    from tests.factories.outbound import make_issued

    sent = await sent_proposal(settings)
    invoice = await make_issued(sent.business, sent.client, DocumentKind.INVOICE)
    stranger = await make_client(sent.business, "Somebody Else", email="else@example.com")
    foreign = await make_issued(sent.business, stranger, DocumentKind.INVOICE)
    path = path_of(sent)
    async with http_client(settings) as client:
        page = await client.get(path)
        mine = await client.get(f"{path}/documents/{invoice.id}")
        theirs = await client.get(f"{path}/documents/{foreign.id}")
    assert invoice.number in page.text and "Awaiting payment" in page.text
    assert foreign.number not in page.text
    assert mine.status_code == 200 and mine.content.startswith(b"%PDF")
    assert theirs.status_code == 404
