"""`assent run`, what `make run` starts, as a real command: the console with piped input and the
Telegram bot against the fake Bot API, each with the reminder job and the outbox sender beside it;
and a payment reminder that goes out once the process's clock (libfaketime) is past the due date.
"""

from __future__ import annotations

import asyncio
import re
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.cli_support import assent, cli_env
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_ptb import TOKEN
from tests.services.smtp import SmtpSink

FAKETIME = Path("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1")
SECRET = "a-test-secret-that-is-long-enough-0123456789"
SETUP = (
    "/start\nAcme Studio\nSpain\n1\nEUR\nEnglish\nCalle de Alcalá 42\n28014\nMadrid\n/skip\n"
    "B12345674\nhello@acme.example\nES91 2100 0418 4502 0005 1332\n/skip\nSave\n"
)
INVOICE = (
    "/newclient Jane Doe, jane@doe.example\nSave\n"
    "/newinvoice Jane\nLogo design @ 100\nDone\nSkip\nSkip\nSame as issue date\nIssue\n"
)

pytestmark = pytest.mark.timeout(600)  # real processes on a shared machine


def _env(tmp_path: Path, sink: SmtpSink, **extra: str) -> dict[str, str]:
    return cli_env(
        ASSENT_DATABASE_URL=f"sqlite://{tmp_path}/run.sqlite3",
        ASSENT_STORAGE_PATH=str(tmp_path / "files"),
        ASSENT_SMTP_HOST=sink.host,
        ASSENT_SMTP_PORT=str(sink.port),
        ASSENT_SMTP_SECURITY="plain",
        ASSENT_SMTP_FROM_ADDRESS="billing@acme.example",
        ASSENT_MAIL_TOKEN_SECRET=SECRET,
        ASSENT_LOGGING_LEVEL="INFO",
        **extra,
    )


async def _start(env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "assent.cli", "run",
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE, env=env,
    )  # fmt: skip


@pytest.fixture
def sink() -> AsyncIterator[SmtpSink]:
    with SmtpSink() as running:
        yield running  # type: ignore[misc]


async def test_console_run_then_a_reminder_on_a_clock_past_the_due_date(
    tmp_path: Path, sink: SmtpSink
) -> None:
    if not FAKETIME.exists():
        pytest.fail("libfaketime is missing: scripts/install-test-services.sh installs it")
    env = _env(tmp_path, sink)
    assert assent(env, "migrate").returncode == 0
    first = assent(env, "run", stdin=SETUP + INVOICE)  # end of input ends the chat and the run
    assert first.returncode == 0, first.stderr
    issued = re.search(r"Issued (\S+)\. Here is the PDF", first.stdout)
    assert "Acme Studio is ready" in first.stdout and issued, first.stdout
    for component in ("reminder job", "email outbox sender", "console chat"):
        assert f"started: {component}" in first.stderr
    assert "Traceback" not in first.stderr
    assert sink.received == []  # issuing sends nothing; the invoice is due in 30 days

    # 45 days on, for this process only: the reminder job's first pass finds the invoice overdue.
    later = env | {
        "LD_PRELOAD": str(FAKETIME),
        "FAKETIME": "+45d",
        "FAKETIME_DONT_FAKE_MONOTONIC": "1",
    }
    process = await _start(later)
    try:
        (reminder,) = await sink.wait_for(1, timeout=240)
    finally:
        process.stdin.close()  # type: ignore[union-attr]
        await asyncio.wait_for(process.wait(), 180)
    stderr = (await process.stderr.read()).decode()  # type: ignore[union-attr]
    assert process.returncode == 0, stderr
    assert reminder.rcpt_tos == ("jane@doe.example",)
    assert issued[1].encode() in reminder.content and "queued 1 payment reminders" in stderr


async def test_telegram_run_serves_the_fake_bot_api_and_stops_on_sigterm(
    tmp_path: Path, sink: SmtpSink
) -> None:
    async with FakeTelegram() as fake:
        env = _env(
            tmp_path,
            sink,
            ASSENT_TELEGRAM_TOKEN=TOKEN,
            ASSENT_TELEGRAM_BASE_URL=fake.base_url,
            ASSENT_TELEGRAM_BASE_FILE_URL=fake.base_file_url,
        )
        assert assent(env, "migrate").returncode == 0
        process = await _start(env)
        try:
            olivia = fake.user(1001, "Olivia")
            await olivia.send_text("/start")
            await fake.wait_for(
                lambda: any("business" in (m.text or "") for m in fake.messages(1001)), 180
            )
        finally:
            process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.wait(), 180)
        stderr = (await process.stderr.read()).decode()  # type: ignore[union-attr]
    assert process.returncode == 0, stderr
    for component in ("reminder job", "email outbox sender", "Telegram bot"):
        assert f"started: {component}" in stderr
    assert "Traceback" not in stderr
