"""A photographed business card, letterhead or invoice header: its text, read before the dialog.

Reading a picture takes a second or more, so the engine does it before it opens the dialog's
transaction (which locks the chat's state row, and on SQLite the whole database): the event then
reaches the dialog carrying the text, and the new-client form reads it like a pasted signature.
Only pictures that can mean a new client are read: those sent to an idle chat or at the start of
the new-client form, not a logo sent to the settings or a file attached to a client's card.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from babel.languages import get_official_languages

from flows.errors import UnreadableImage
from flows.events import Event, EventKind, FileUpload
from flows.ports import TextRecognizer
from models import Business, DialogState, User

log = logging.getLogger(__name__)

PICTURE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".bmp", ".gif")
# Dialogs in which a picture is read: none (an idle chat), the main menu, the new-client form.
READING_FLOWS = ("", "home", "new_client")
SUPPORTED = ("en", "es", "ro", "pt", "fr", "de", "it", "ar")


def is_picture(upload: FileUpload) -> bool:
    """A photo, or an image file; the console sends every file as application/octet-stream."""
    return upload.mime_type.lower().startswith("image/") or upload.filename.lower().endswith(
        PICTURE_SUFFIXES
    )


def card_languages(country: str, *also: str) -> list[str]:
    """What a card an owner photographs is likely written in: the languages of the business's
    country, then `also` (its documents' and the owner's language). Fewer languages read faster
    and guess fewer wrong letters; the reader adds English for emails and web sites."""
    official = get_official_languages(country, de_facto=True) if country else ()
    return [lang for lang in dict.fromkeys([*official, *also]) if lang in SUPPORTED]


async def read_picture(
    recognizer: TextRecognizer, channel: str, chat_id: str, user: User, event: Event,
    business: Business | None,
) -> Event:
    """The event with the picture's text in `text` and `picture_read` set, when it is a picture
    sent where a new client may start; otherwise the event unchanged."""
    if event.kind != EventKind.FILE or event.file is None or business is None:
        return event
    if event.file.is_vcard or not is_picture(event.file):
        return event
    flow = await DialogState.filter(channel=channel, chat_id=chat_id, user=user).values_list(
        "flow", flat=True
    )
    if flow and flow[0] not in READING_FLOWS:
        return event
    try:
        languages = card_languages(business.country, business.language, user.language)
        text = await recognizer.read(event.file.data, languages)
    except UnreadableImage as error:
        log.info("chat %s/%s: picture not read (%s)", channel, chat_id, error)
        text = ""
    return replace(event, text=text, picture_read=True)
