"""A notification row's payload as the replies a channel shows: translated, with buttons and files.

Shared by the Telegram sender and the console chat, so an owner sees the same message either way.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from billing.i18n import translate, translate_plural
from flows.context import DOMAIN
from flows.documents.pdfs import attach_pdfs
from flows.replies import Attachment as ReplyFile
from flows.replies import Choice, Reply
from models import Attachment, Notification


async def notification_replies(
    notification: Notification, language: str, storage_path: Path
) -> list[Reply]:
    """The message with its buttons, the stored file it carries, and the PDF it asks for."""
    payload: dict[str, Any] = notification.payload
    choices = tuple(
        Choice(translate(DOMAIN, language, label), value)
        for label, value in payload.get("choices", [])
    )
    document = None
    if payload.get("document_attachment_id") is not None:
        document = await _file(payload["document_attachment_id"], storage_path)
    params = {
        name: translate(DOMAIN, language, value) if name in payload.get("translate", ()) else value
        for name, value in payload.get("params", {}).items()
    }
    if "plural" in payload:  # a counted text: {"text": singular, "plural": …, "n": count}
        text = translate_plural(
            DOMAIN, language, payload["text"], payload["plural"], payload["n"], **params
        )
    else:
        text = translate(DOMAIN, language, payload["text"], **params)
    reply = Reply(text, choices, columns=1, document=document, pdf_of=payload.get("pdf_of"))
    business = await notification.business  # the sender read it with the row
    return await attach_pdfs([reply], business)


async def _file(attachment_id: int, storage_path: Path) -> ReplyFile:
    stored = await Attachment.get(id=attachment_id)
    data = stored.content
    if data is None:
        data = await asyncio.to_thread((storage_path / stored.storage_path).read_bytes)
    return ReplyFile(stored.original_name, stored.mime_type, bytes(data))
