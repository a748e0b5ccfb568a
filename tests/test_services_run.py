"""The test servers are real: each one is driven here the way production code will drive it."""

import asyncio
import imaplib
import uuid
from email.message import EmailMessage

import aioimaplib
import aiosmtplib
import asyncpg
import pytest

from tests.services.dovecot import DovecotServer
from tests.services.postgres import PostgresCluster
from tests.services.smtp import SmtpSink

IMAP_TIMEOUT = 5.0


def _new_user(dovecot: DovecotServer) -> tuple[str, str]:
    user, password = f"u{uuid.uuid4().hex[:10]}", uuid.uuid4().hex
    dovecot.add_user(user, password)
    return user, password


def _mail(subject: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "owner@assent.test"
    message["To"] = "jane@client.test"
    message["Subject"] = subject
    message.set_content("Ceci est un devis — مرحبا")
    return message


async def _imap_login(dovecot: DovecotServer, user: str, password: str) -> aioimaplib.IMAP4:
    imap = aioimaplib.IMAP4(host=dovecot.host, port=dovecot.port, timeout=IMAP_TIMEOUT)
    await imap.wait_hello_from_server()
    response = await imap.login(user, password)
    assert response.result == "OK", response
    return imap


async def _imap_logout(imap: aioimaplib.IMAP4) -> None:
    """aioimaplib leaves its socket to the GC, whose warning would land in a later test."""
    try:
        await imap.logout()
    finally:
        imap.protocol.transport.close()


async def test_postgres_database_takes_unicode_rows(postgres_url: str) -> None:
    connection = await asyncpg.connect(postgres_url, timeout=5)
    try:
        await connection.execute("CREATE TABLE client (name text)")
        await connection.execute("INSERT INTO client VALUES ($1)", "Zoë مرحبا")
        assert await connection.fetchval("SELECT name FROM client") == "Zoë مرحبا"
        database = postgres_url.rsplit("/", 1)[1]
        assert await connection.fetchval("SELECT current_database()") == database
    finally:
        await connection.close()


async def test_postgres_dropped_database_is_gone(postgres_cluster: PostgresCluster) -> None:
    url = postgres_cluster.create_database("dropped_here")
    leaked = await asyncpg.connect(url, timeout=5)
    postgres_cluster.drop_database("dropped_here")
    assert not await _still_usable(leaked)
    leaked.terminate()
    with pytest.raises(asyncpg.InvalidCatalogNameError):
        await asyncpg.connect(url, timeout=5)


async def _still_usable(connection: asyncpg.Connection) -> bool:
    try:
        await connection.fetchval("SELECT 1")
    except (asyncpg.PostgresError, asyncpg.InterfaceError, ConnectionError):
        return False
    return True


async def test_dovecot_serves_appended_mail(dovecot: DovecotServer) -> None:
    user, password = _new_user(dovecot)
    uid = dovecot.append(user, password, _mail("Quote Q-1").as_bytes())
    imap = await _imap_login(dovecot, user, password)
    try:
        selected = await imap.select("INBOX")
        assert b"1 EXISTS" in selected.lines
        fetched = await imap.uid("fetch", str(uid), "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
        assert any(b"Quote Q-1" in bytes(line) for line in fetched.lines)
    finally:
        await _imap_logout(imap)


async def test_dovecot_refuses_a_wrong_password(dovecot: DovecotServer) -> None:
    user, _ = _new_user(dovecot)
    imap = aioimaplib.IMAP4(host=dovecot.host, port=dovecot.port, timeout=IMAP_TIMEOUT)
    await imap.wait_hello_from_server()
    response = await imap.login(user, "not-the-password")
    assert response.result == "NO"
    await _imap_logout(imap)


async def test_dovecot_pushes_new_mail_to_an_idle_client(dovecot: DovecotServer) -> None:
    user, password = _new_user(dovecot)
    imap = await _imap_login(dovecot, user, password)
    try:
        await imap.select("INBOX")
        idle = await asyncio.wait_for(imap.idle_start(timeout=30), IMAP_TIMEOUT)
        await asyncio.to_thread(dovecot.append, user, password, _mail("Accepted").as_bytes())
        push = await asyncio.wait_for(imap.wait_server_push(), IMAP_TIMEOUT)
        assert b"1 EXISTS" in push
        imap.idle_done()
        await asyncio.wait_for(idle, IMAP_TIMEOUT)
    finally:
        await _imap_logout(imap)


async def test_uidvalidity_change_is_what_clients_see(dovecot: DovecotServer) -> None:
    user, password = _new_user(dovecot)
    dovecot.create_mailbox(user, "Signed replies")
    dovecot.append(user, password, _mail("kept").as_bytes(), mailbox="Signed replies")
    before = dovecot.uidvalidity(user, "Signed replies")
    after = dovecot.change_uidvalidity(user, "Signed replies")
    assert after != before
    imap = await _imap_login(dovecot, user, password)
    try:
        status = await imap.status('"Signed replies"', "(UIDVALIDITY MESSAGES)")
        assert status.lines[0] == f'"Signed replies" (MESSAGES 1 UIDVALIDITY {after})'.encode()
    finally:
        await _imap_logout(imap)


def test_uidvalidity_change_ends_a_session_that_has_the_mailbox_open(
    dovecot: DovecotServer,
) -> None:
    user, password = _new_user(dovecot)
    dovecot.append(user, password, _mail("seen before").as_bytes())
    with imaplib.IMAP4(dovecot.host, dovecot.port, timeout=IMAP_TIMEOUT) as imap:
        imap.login(user, password)
        imap.select("INBOX")
        dovecot.change_uidvalidity(user)
        with pytest.raises(imaplib.IMAP4.abort, match="inconsistent, please relogin"):
            imap.noop()


async def test_smtp_sink_keeps_envelopes_and_survives_an_outage(smtp_sink: SmtpSink) -> None:
    await aiosmtplib.send(
        _mail("first"), hostname=smtp_sink.host, port=smtp_sink.port, timeout=5,
        recipients=["jane@client.test", "bcc@assent.test"],
    )
    [first] = await smtp_sink.wait_for(1)
    assert first.mail_from == "owner@assent.test"
    assert first.rcpt_tos == ("jane@client.test", "bcc@assent.test")
    assert b"Subject: first" in first.content

    smtp_sink.stop()
    with pytest.raises(aiosmtplib.SMTPConnectError):
        await aiosmtplib.send(_mail("lost"), hostname=smtp_sink.host, port=smtp_sink.port,
                              timeout=5)
    smtp_sink.start()
    await aiosmtplib.send(_mail("second"), hostname=smtp_sink.host, port=smtp_sink.port,
                          timeout=5)
    received = await smtp_sink.wait_for(2)
    assert [b"Subject: second" in mail.content for mail in received] == [False, True]


async def test_smtp_sink_with_credentials_requires_that_login() -> None:
    with SmtpSink(credentials=("owner", "s3cret")) as sink:
        target = {"hostname": sink.host, "port": sink.port, "timeout": 5}
        with pytest.raises(aiosmtplib.SMTPSenderRefused) as refused:
            await aiosmtplib.send(_mail("anonymous"), **target)
        assert refused.value.code == 530
        with pytest.raises(aiosmtplib.SMTPAuthenticationError):
            await aiosmtplib.send(_mail("guess"), username="owner", password="guess", **target)
        await aiosmtplib.send(_mail("signed in"), username="owner", password="s3cret", **target)
        [mail] = await sink.wait_for(1)
        assert b"Subject: signed in" in mail.content
