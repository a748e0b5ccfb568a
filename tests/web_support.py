"""Helpers for the client-page tests: the review link read out of the proposal email exactly as
the client receives it, an HTTP client on the ASGI app, and a drawn signature."""

from __future__ import annotations

import base64
import email
import io
import re
from email.policy import default as default_policy

import httpx
from PIL import Image, ImageDraw

from assent.settings import Settings, replace
from assent.wiring import build_web_app
from tests.inbound_support import Sent, inbound_settings

BASE_URL = "http://assent.test"
LINK = re.compile(r"https?://[^\s\"<>]+/p/[A-Za-z0-9_-]+")
CSRF = re.compile(r'name="csrf" value="([0-9a-f]+)"')


def web_settings(db_url: str, **web: object) -> Settings:
    return replace(inbound_settings(db_url), web={"base_url": BASE_URL, **web})


def link_in(raw: bytes) -> str:
    """The review link in the plain-text part of a proposal email."""
    message = email.message_from_bytes(raw, policy=default_policy)
    text = message.get_body(preferencelist=("plain",)).get_content()
    found = LINK.search(text)
    assert found, text
    return found.group(0)


def path_of(sent: Sent) -> str:
    return link_in(bytes(sent.email.raw_bytes)).removeprefix(BASE_URL)


def http_client(settings: Settings, client_ip: str = "203.0.113.7") -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=build_web_app(settings), client=(client_ip, 50000))
    return httpx.AsyncClient(transport=transport, base_url=BASE_URL)


def csrf_of(page: str) -> str:
    found = CSRF.search(page)
    assert found, "no CSRF field on the page"
    return found.group(1)


def signature_png() -> str:
    """A small drawn line as a canvas would give it: a PNG data URL."""
    image = Image.new("RGBA", (120, 40))
    ImageDraw.Draw(image).line([(5, 30), (40, 8), (80, 32), (115, 10)], fill="black", width=3)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


async def open_form(client: httpx.AsyncClient, path: str) -> str:
    """GET the page (which sets the CSRF cookie) and return the form's CSRF value."""
    page = await client.get(path)
    assert page.status_code == 200, page.text
    return csrf_of(page.text)


def acceptance_form(csrf: str, **fields: str) -> dict[str, str]:
    return {"csrf": csrf, "full_name": "Jane Doe", "signature": signature_png(),
            "consent": "yes", **fields}
