"""The owner sends the logo in /settings → Logo, as a photo or as an image file, and it prints.

Through the real PTB application and the fake Bot API: the bot downloads the picture with
getFile, billing checks it is a PNG or JPEG of a sensible size and keeps it as an Attachment of
the business, and the next PDF draws it.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from assent.settings import Settings
from assent.wiring import build_engine
from billing.documents.issued_file import document_pdf
from bot.app import build_application
from models import Attachment, Business
from tests.bot_support import settings_for
from tests.factories import make_business, make_client, make_draft, make_owner
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_ptb import polling
from tests.fakes.telegram_users import FakeUser
from tests.test_bot_scenarios import said

OLIVIA = 1001
LOGO = Path(__file__).parent / "fixtures" / "pdf" / "logo.png"


def _jpeg(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (31, 78, 121)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as server:
        yield server


@pytest.fixture
async def olivia(db: str, fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[FakeUser]:
    """An owner of a set-up business, in /settings → Logo."""
    business = await make_business("Lumen Studio")
    await make_owner(business, telegram_id=OLIVIA)
    settings: Settings = settings_for(fake, str(tmp_path / "files"))
    async with polling(build_application(settings, build_engine(settings))):
        user = fake.user(OLIVIA, "Olivia")
        await user.send_text("/settings")
        await user.press("Logo", await said(fake, user, "Settings of Lumen Studio"))
        await said(fake, user, "Send your logo")
        yield user


async def _logo() -> Attachment:
    business = await Business.get()
    return await Attachment.get(id=business.logo_attachment_id, business=business)


async def test_a_photo_becomes_the_logo_and_prints_on_the_next_pdf(
    fake: FakeTelegram, olivia: FakeUser
) -> None:
    photo = _jpeg(300, 100)
    await olivia.send_photo(photo)
    await said(fake, olivia, "Saved: Logo.")
    logo = await _logo()
    assert (bytes(logo.content), logo.mime_type, logo.size) == (photo, "image/jpeg", len(photo))

    business = await Business.get()
    pdf = await document_pdf(await make_draft(business, await make_client(business)))
    images = PdfReader(io.BytesIO(pdf)).pages[0].images
    assert [image.image.size for image in images] == [(300, 100)]


async def test_an_image_sent_as_a_file_is_taken_by_what_it_is(
    fake: FakeTelegram, olivia: FakeUser
) -> None:
    # Sent "as a file" Telegram keeps the PNG as it is; the name and type it claims don't matter.
    await olivia.send_document(LOGO.read_bytes(), "logo.bin", "application/octet-stream")
    await said(fake, olivia, "Saved: Logo.")
    assert (await _logo()).mime_type == "image/png"


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"%PDF-1.7 not a picture", "That is not a PNG or JPEG image."),
        (_jpeg(8, 8), "A logo needs 16 to 4000 pixels on each side."),
        (b"\xff\xd8" + b"\0" * (2 * 1024 * 1024 + 1), "That image is larger than 2 MB."),
    ],
)
async def test_what_is_not_a_usable_image_is_refused_and_asked_again(
    fake: FakeTelegram, olivia: FakeUser, data: bytes, error: str
) -> None:
    await olivia.send_document(data, "logo.pdf", "application/pdf")
    await said(fake, olivia, error, "Send your logo")
    assert (await Business.get()).logo_attachment_id is None
    assert not await Attachment.exists()
