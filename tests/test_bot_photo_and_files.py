"""In Telegram, /report's chart is a photo shown inline (sendPhoto, not a file to download), and a
file attached to a client is sent into the chat again from the client's card.

The real PTB Application and the product's flows against the fake Bot API.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from assent.wiring import build_engine
from bot.app import build_application
from tests.bot_support import settings_for
from tests.factories import make_business, make_client, make_owner
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_ptb import polling

OLIVIA = 2001


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as server:
        yield server


async def test_report_chart_is_a_photo_and_a_client_file_is_sent_again(
    db: str, fake: FakeTelegram, tmp_path: Path
) -> None:
    business = await make_business()
    await make_owner(business, telegram_id=OLIVIA)
    await make_client(business, "Bruno Bravo", email="bruno@bravo.example")
    settings = settings_for(fake, str(tmp_path / "files"))
    olivia = fake.user(OLIVIA, "Olivia")
    async with polling(build_application(settings, build_engine(settings))):
        await olivia.send_text("/report")
        chart = await fake.wait_for(
            lambda: next((m for m in fake.messages(OLIVIA) if m.photo is not None), None), 30
        )
        assert chart.caption == "Revenue chart"
        assert chart.photo is not None and chart.photo.width and chart.photo.height
        assert not [m for m in fake.messages(OLIVIA) if m.document is not None]

        brief = b"%PDF-1.7 the client's brief"
        await olivia.send_text("/clients bruno")
        await fake.wait_for(lambda: _last_with(fake, "Bruno Bravo"))
        await olivia.press("Bruno Bravo")
        await fake.wait_for(lambda: _last_with(fake, "Attach file"))
        await olivia.press("Attach file")
        await fake.wait_for(lambda: _last_with(fake, "Send the file"))
        await olivia.send_document(brief, "brief.pdf", "application/pdf")
        await fake.wait_for(lambda: _last_with(fake, "📎 brief.pdf"))
        sent_before = len([m for m in fake.messages(OLIVIA) if m.document is not None])
        await olivia.press("📎 brief.pdf")
        again = await fake.wait_for(
            lambda: [m for m in fake.messages(OLIVIA) if m.document is not None][sent_before:]
        )
        assert again[0].document is not None
        assert again[0].document.file_name == "brief.pdf"
        assert hashlib.sha256(again[0].document.data).digest() == hashlib.sha256(brief).digest()


def _last_with(fake: FakeTelegram, part: str) -> bool:
    """The latest message shows `part` in its text or on one of its buttons."""
    last = fake.last_message(OLIVIA)
    if last is None:
        return False
    return part in (last.text or "") or any(part in label for label in last.button_texts())
