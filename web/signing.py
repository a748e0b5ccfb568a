"""Reading the Accept & sign form: a typed full name, a drawn signature, and the consent box.

Every problem is a message in the client's language and the form comes back with what they
typed; nothing a browser sends can raise past here.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field

from starlette.datastructures import FormData

MAX_NAME = 200
MAX_REASON = 2000
MAX_SIGNATURE_BYTES = 300_000
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
DATA_URL = "data:image/png;base64,"

NAME_MISSING = "Type your full name."
NAME_TOO_LONG = "That name is too long."
SIGNATURE_MISSING = "Draw your signature in the box."
SIGNATURE_INVALID = "The signature could not be read. Clear it and draw it again."
CONSENT_MISSING = "Tick the box to confirm you accept."
ERROR_TEXTS = (NAME_MISSING, NAME_TOO_LONG, SIGNATURE_MISSING, SIGNATURE_INVALID, CONSENT_MISSING)


@dataclass
class Signing:
    name: str = ""
    signature: bytes | None = None
    consent: bool = False
    errors: dict[str, str] = field(default_factory=dict)


def _text(form: FormData, key: str) -> str:
    value = form.get(key)
    return value if isinstance(value, str) else ""


def read_signing(form: FormData) -> Signing:
    signing = Signing(name=" ".join(_text(form, "full_name").split()),
                      consent=_text(form, "consent") == "yes")
    if len(signing.name) < 2:
        signing.errors["full_name"] = NAME_MISSING
    elif len(signing.name) > MAX_NAME:
        signing.errors["full_name"] = NAME_TOO_LONG
    drawn = _text(form, "signature")
    if not drawn:
        signing.errors["signature"] = SIGNATURE_MISSING
    else:
        signing.signature = _png(drawn)
        if signing.signature is None:
            signing.errors["signature"] = SIGNATURE_INVALID
    if not signing.consent:
        signing.errors["consent"] = CONSENT_MISSING
    return signing


def _png(data_url: str) -> bytes | None:
    """The PNG a canvas produced, or None for anything else (another type, garbage, too big)."""
    if not data_url.startswith(DATA_URL) or len(data_url) > MAX_SIGNATURE_BYTES * 4 // 3 + 64:
        return None
    try:
        image = base64.b64decode(data_url[len(DATA_URL):], validate=True)
    except (binascii.Error, ValueError):
        return None
    return image if image.startswith(PNG_MAGIC) and len(image) <= MAX_SIGNATURE_BYTES else None


def read_reason(form: FormData) -> str:
    return _text(form, "reason").strip()[:MAX_REASON]
