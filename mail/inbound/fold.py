"""Fold text so that "ACEPTO", "acepto" and "Aceptó" compare equal, in Latin and Arabic script.

Clients type names and verbs with or without accents, in any case, with typographic apostrophes
and (in Arabic) with optional vowel marks and several spellings of alef and ta marbuta. Every
comparison in intent and signer detection goes through `fold` so the rules can be written once,
lower-case and accent-free.
"""

from __future__ import annotations

import re
import unicodedata

# Letters that NFKD does not split into base + mark.
_LETTERS = str.maketrans(
    {
        "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "œ": "oe", "æ": "ae", "þ": "th",
        "’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'",
        "ة": "ه", "ى": "ي", "ـ": "", "،": ",", "؛": ";", "؟": "?",
    }
)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# Bidi controls that Gmail and Outlook wrap around Arabic and Hebrew text.
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]")


def fold(text: str) -> str:
    """Lower-case, accent-free, bidi-free text; line breaks are kept."""
    text = BIDI_CONTROLS.sub("", text).casefold().translate(_LETTERS).translate(_DIGITS)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", stripped)
