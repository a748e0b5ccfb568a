"""One mail listener per mailbox across processes on PostgreSQL, with takeover: a holder that
stops answering without closing its socket (SIGSTOP) loses the mailbox to the waiting listener,
and once it wakes up it does not read mail beside the new holder."""

from __future__ import annotations

import asyncio
import inspect
import os
import signal
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from assent.settings import Settings, replace
from models import InboundMessage
from tests.cli_support import cli_env
from tests.inbound_support import TRUSTED, inbound_settings, reply, sent_proposal
from tests.services.dovecot import DovecotServer

SECRET = "takeover-test-secret-0123456789abcdef"
WAITING = "another listener holds it"
TOOK_OVER = "the other listener is gone"
LOST = "lost the listener lock"


@pytest.fixture
def settings(postgres_db: str, dovecot: DovecotServer) -> Settings:
    user = f"u{uuid.uuid4().hex[:10]}"
    dovecot.add_user(user, "secret")
    return replace(
        inbound_settings(postgres_db, host=dovecot.host, port=dovecot.port, username=user,
                         password="secret"),
        mail={"token_secret": SECRET},
    )


def listener_env(settings: Settings) -> dict[str, str]:
    imap = settings.imap
    return cli_env(
        ASSENT_DATABASE_URL=settings.database.url, ASSENT_IMAP_HOST=imap.host,
        ASSENT_IMAP_PORT=str(imap.port), ASSENT_IMAP_SECURITY="plain",
        ASSENT_IMAP_USERNAME=imap.username, ASSENT_IMAP_PASSWORD=imap.password,
        ASSENT_IMAP_IDLE_RENEW_SECONDS="2", ASSENT_MAIL_TOKEN_SECRET=SECRET,
        ASSENT_MAIL_REPLY_DOMAIN=settings.mail.reply_domain,
        ASSENT_MAIL_TRUSTED_AUTHSERV_IDS=TRUSTED, ASSENT_LOGGING_LEVEL="INFO",
    )


async def start_listener(settings: Settings, log: Path) -> asyncio.subprocess.Process:
    with open(log, "wb") as out:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "assent.cli", "listen", env=listener_env(settings),
            stdout=out, stderr=out, cwd=os.getcwd(),
        )


async def until(check: Callable[[], object], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        done = check()
        if inspect.isawaitable(done):
            done = await done
        if done:
            return
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


async def test_a_stopped_holder_loses_the_mailbox_to_the_waiting_listener(
    settings: Settings, dovecot: DovecotServer, tmp_path: Path
) -> None:
    sent = await sent_proposal(settings)
    imap = settings.imap

    async def append(text: str) -> None:
        raw = reply(sent.reply_to, text)
        await asyncio.to_thread(dovecot.append, imap.username, imap.password, raw)

    async def recorded(count: int) -> bool:
        return await InboundMessage.all().count() >= count

    first_log, second_log = tmp_path / "first.log", tmp_path / "second.log"
    first = await start_listener(settings, first_log)
    second = None
    try:
        await append("Question 1?")
        await until(lambda: recorded(1))  # the first listener holds the mailbox
        second = await start_listener(settings, second_log)
        await until(lambda: WAITING in second_log.read_text())

        first.send_signal(signal.SIGSTOP)
        stopped = time.monotonic()
        await append("Question 2?")
        await until(lambda: recorded(2))
        takeover = time.monotonic() - stopped
        print(f"listener takeover after SIGSTOP: {takeover:.1f} s")

        first.send_signal(signal.SIGCONT)
        await until(lambda: LOST in first_log.read_text())
        await append("Question 3?")
        await until(lambda: recorded(3))
        await asyncio.sleep(1)  # room for a wrong second reading to show
    finally:
        for process in (first, second):
            if process is not None and process.returncode is None:
                process.send_signal(signal.SIGCONT)
                process.terminate()
                await process.wait()

    assert TOOK_OVER in second_log.read_text()
    rows = await InboundMessage.all().order_by("uid").values_list("uid", flat=True)
    assert rows == [1, 2, 3]
