"""Country names in every language Assent's owners write, read back to ISO codes.

One table serves the form's country question and the intake that finds a country line in a pasted
signature ("España", "Roumanie", "الإمارات العربية المتحدة", "UAE"), so both agree on what counts.
"""

from __future__ import annotations

import functools
import unicodedata

from babel import Locale

# The languages owners and their clients write: the bot's, the documents' and Romanian.
NAME_LANGUAGES = ("en", "es", "ro", "pt", "fr", "de", "it", "ar")
# Short forms people write that the CLDR names lack.
ALIASES = {
    "uae": "AE", "u.a.e.": "AE", "eau": "AE", "e.a.u.": "AE", "emiratos": "AE",
    "emirates": "AE", "ksa": "SA", "usa": "US", "u.s.a.": "US", "ee.uu.": "US", "eeuu": "US",
    "ee. uu.": "US", "uk": "GB", "u.k.": "GB", "england": "GB", "great britain": "GB",
    "holland": "NL", "méjico": "MX", "mejico": "MX", "rumania": "RO", "romania": "RO",
    "scotland": "GB", "wales": "GB", "northern ireland": "GB", "escocia": "GB",
    "الامارات": "AE", "الإمارات": "AE", "السعودية": "SA", "deutschland": "DE",
}


def fold(text: str) -> str:
    """Case- and accent-insensitive comparison key: 'España' == 'espana'."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@functools.cache
def country_names() -> dict[str, str]:
    """Folded name → ISO code, for every country in every language of NAME_LANGUAGES."""
    codes = {code for code in Locale.parse("en").territories if len(code) == 2 and code.isalpha()}
    names = {
        fold(label): code
        for language in NAME_LANGUAGES
        for code, label in Locale.parse(language).territories.items()
        if code in codes
    }
    names.update({fold(alias): code for alias, code in ALIASES.items()})
    return names


def country_from_name(text: str) -> str | None:
    """The ISO code of a country written by name (not by code), or None."""
    return country_names().get(fold(text.strip(" .()[]")))


def is_country_code(text: str) -> bool:
    return text.upper() in country_names().values()
