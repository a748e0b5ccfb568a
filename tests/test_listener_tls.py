"""The listener speaks implicit TLS and STARTTLS, and never sends the password in clear.

Dovecot runs without certificates here, so a loopback proxy terminates TLS in front of it with a
throw-away self-signed certificate that the listener is told to trust.
"""

from __future__ import annotations

import asyncio
import ssl
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from assent.settings import Settings
from mail.inbound.imap_errors import MailboxLoginRefused, MailboxUnreachable
from mail.inbound.listener import MailboxListener
from models import InboundMessage
from tests.imap_proxy import ImapProxy, self_signed_certificate
from tests.inbound_support import inbound_settings, reply, sent_proposal
from tests.services.dovecot import DovecotServer

pytestmark = pytest.mark.usefixtures("db")


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return self_signed_certificate(tmp_path_factory.mktemp("tls"))


def server_context(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return context


def trusting(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(certificate[0]))


@pytest.fixture
def user(dovecot: DovecotServer) -> str:
    name = f"t{uuid.uuid4().hex[:10]}"
    dovecot.add_user(name, "secret")
    return name


@pytest.fixture
async def proxies(
    dovecot: DovecotServer, certificate: tuple[Path, Path]
) -> AsyncIterator[dict[str, ImapProxy]]:
    context = server_context(certificate)
    found = {
        "ssl": ImapProxy(dovecot.port, tls=context),
        "starttls": ImapProxy(dovecot.port, starttls=context),
    }
    for proxy in found.values():
        await proxy.start()
    yield found
    for proxy in found.values():
        await proxy.stop()


def settings_for(db: str, dovecot: DovecotServer, user: str, security: str, port: int) -> Settings:
    return inbound_settings(db, host=dovecot.host, port=port, username=user,
                            password="secret", security=security)


@pytest.mark.parametrize("security", ["ssl", "starttls"])
async def test_mail_is_read_over_tls(
    db: str, dovecot: DovecotServer, user: str, proxies: dict[str, ImapProxy],
    certificate: tuple[Path, Path], security: str,
) -> None:
    settings = settings_for(db, dovecot, user, security, proxies[security].port)
    sent = await sent_proposal(settings)
    await asyncio.to_thread(dovecot.append, user, "secret", reply(sent.reply_to, "I accept"))

    listener = MailboxListener(settings, ssl_context=trusting(certificate))

    assert await listener.run_once() == 1
    assert (await InboundMessage.get()).decision == "ask_owner"


async def test_an_untrusted_certificate_is_refused(
    db: str, dovecot: DovecotServer, user: str, proxies: dict[str, ImapProxy]
) -> None:
    settings = settings_for(db, dovecot, user, "ssl", proxies["ssl"].port)

    with pytest.raises(MailboxUnreachable, match="CERTIFICATE_VERIFY_FAILED"):
        await MailboxListener(settings).run_once()


async def test_starttls_without_server_support_stops_before_login(
    db: str, dovecot: DovecotServer, user: str
) -> None:
    settings = settings_for(db, dovecot, user, "starttls", dovecot.port)  # Dovecot offers none

    with pytest.raises(MailboxLoginRefused, match="STARTTLS"):
        await MailboxListener(settings).run_once()
