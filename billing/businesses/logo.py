"""A business's logo: an image the owner sends in chat, kept as an Attachment and printed on PDFs.

The bytes are checked for what they are, not for what the sender's client called them: Pillow
must open them as a PNG or JPEG of a sensible size. SVG is not taken from chat (it is a
document, not an image, and may reference other files). The image is stored inline in the
database, so every worker of a scaled-out deployment prints the same logo without shared disk.
"""

from __future__ import annotations

import hashlib
import io

from tortoise.transactions import in_transaction

from billing.audit import record
from billing.businesses.errors import InvalidSetting
from billing.pdf.view import LogoView
from models import Attachment, Business, User

MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_LOGO_PIXELS = 4000  # per side: larger only slows rendering, a logo prints ≤ 60 mm wide
MIN_LOGO_PIXELS = 16
FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}


class InvalidLogo(InvalidSetting):
    """The file sent as a logo is not a PNG or JPEG image of an acceptable size."""

    key = "logo_not_an_image"


def check_logo(data: bytes) -> str:
    """The image's MIME type; raises InvalidLogo for anything else or anything too big.

    Pillow is imported here, when a logo is set, not by every serving process at start."""
    from PIL import Image, UnidentifiedImageError

    if len(data) > MAX_LOGO_BYTES:
        raise InvalidLogo("logo_too_big", field="logo", max_mb=MAX_LOGO_BYTES // (1024 * 1024))
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            kind, (width, height) = image.format, image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise InvalidLogo(field="logo") from None
    if kind not in FORMATS:
        raise InvalidLogo(field="logo")
    if not (min(width, height) >= MIN_LOGO_PIXELS and max(width, height) <= MAX_LOGO_PIXELS):
        raise InvalidLogo("logo_size", field="logo", min=MIN_LOGO_PIXELS, max=MAX_LOGO_PIXELS)
    return FORMATS[kind]


async def set_logo(business: Business, data: bytes, filename: str, user: User | None) -> Attachment:
    """Store the image and make it the logo; the previous logo's attachment stays for history."""
    mime = check_logo(data)
    async with in_transaction():
        attachment = await Attachment.create(
            business=business,
            original_name=filename[:255] or "logo",
            mime_type=mime,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            content=data,
        )
        before = {"logo_attachment_id": business.logo_attachment_id}
        business.logo_attachment_id = attachment.id
        await business.save(update_fields=["logo_attachment_id"])
        after = {"logo_attachment_id": attachment.id}
        await record(business, user, "business.logo", business, before=before, after=after)
    return attachment


async def remove_logo(business: Business, user: User | None) -> None:
    before = {"logo_attachment_id": business.logo_attachment_id}
    business.logo_attachment_id = None
    await business.save(update_fields=["logo_attachment_id"])
    await record(business, user, "business.logo", business, before=before, after={})


async def business_logo(business: Business) -> LogoView | None:
    """The logo to print, read from this business's own attachments only."""
    if business.logo_attachment_id is None:
        return None
    attachment = await Attachment.get_or_none(id=business.logo_attachment_id, business=business)
    if attachment is None or attachment.content is None:
        return None
    return LogoView(data=bytes(attachment.content), mime=attachment.mime_type)
