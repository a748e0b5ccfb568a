"""Builders for the client-page tests: a proposal sent through the real send verb, its link read
back out of the email exactly as the client receives it, and an HTTP client on the ASGI app."""

from __future__ import annotations

import email
import re
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import default as default_policy

import httpx

from assent.settings import Settings, replace
from assent.wiring import build_web_app
from mail.outbound.send_document import send_document
from models import Business, Client, Document, OutboxEmail
from tests.factories import make_business, make_client, make_owner
from tests.factories.outbound import PDF, mail_settings, make_issued

BASE_URL = "http://assent.test"
LINK = re.compile(r"https?://[^\s\"<>]+/p/[A-Za-z0-9_-]+")


def web_settings(base: Settings | None = None, **web: object) -> Settings:
    return replace(base or mail_settings(), web={"base_url": BASE_URL, **web})


@dataclass
class Sent:
    business: Business
    client: Client
    proposal: Document
    link: str

    @property
    def path(self) -> str:
        return self.link.removeprefix(BASE_URL)


def link_in(message: EmailMessage) -> str:
    """The review link as the client sees it in the plain-text part."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    found = LINK.search(text)
    assert found, text
    return found.group(0)


async def sent_proposal(settings: Settings, *, language: str = "en",
                        business: Business | None = None) -> Sent:
    if business is None:
        business = await make_business()
        await make_owner(business, telegram_id=None)
    client = await make_client(business, language=language)
    proposal = await make_issued(business, client)
    row = await send_document(business, proposal.id, pdf=PDF, settings=settings)
    message = email.message_from_bytes(bytes(row.raw_bytes), policy=default_policy)
    return Sent(business, client, await Document.get(id=proposal.id), link_in(message))


async def last_outbox(business: Business) -> OutboxEmail:
    return await OutboxEmail.filter(business=business).order_by("-id").first()


def http_client(settings: Settings, client_ip: str = "203.0.113.7") -> httpx.AsyncClient:
    app = build_web_app(settings)
    transport = httpx.ASGITransport(app=app, client=(client_ip, 50000))
    return httpx.AsyncClient(transport=transport, base_url=BASE_URL)


CSRF = re.compile(r'name="csrf" value="([0-9a-f]+)"')


def csrf_of(page: str) -> str:
    found = CSRF.search(page)
    assert found, "no CSRF field on the page"
    return found.group(1)
