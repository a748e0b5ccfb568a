"""Reading an address out of signature pieces: street, P.O. box, postcode with city, country.

Addresses come as "C/ Mayor, 5, 3ºB", "28013 Madrid", "Madrid 28013", "1100-053 Lisboa",
"London SW1A 2AA", "P.O. Box 12345, Dubai", "Str. Victoriei 12, Sector 1, 010011 București".
A postcode is checked against its country's pattern (billing/postcodes.py); one that fails is a
doubt, shown with the rest.
"""

from __future__ import annotations

import re

from billing import postcodes
from billing.countries import country_from_name

_STREET_WORDS = (
    r"c/|c\.|calle|gran v[ií]a|v[ií]a|bv\.?|bvd\.?|blvd\.?|carrer|cours|avinguda|passeig|"
    r"strasse|gracht|kade|laan|plein|straat|rua|av\.|zone industrielle|zona industrial|z\.i\.|"
    r"parque empresarial|parc d'activités|industriegebiet|lot|lotissement|"
    r"calle|avda\.?|avd\.?|av\.?|avenida|paseo|p[º°]|pza\.?|plaza|pl\.|camino|carretera|"
    r"ctra\.?|ronda|traves[ií]a|glorieta|urb\.?|urbanizaci[oó]n|pol[ií]gono|pol\.|parque|"
    r"edificio|edif\.?|torre|local|nave|rua|r\.|largo|travessa|estrada|alameda|praça|rue|"
    r"avenue|bd|boulevard|bld|all[ée]e|chemin|impasse|place|quai|route|stra(ss|ß)e|str\.|"
    r"platz|weg|allee|gasse|ring|via|viale|piazza|corso|strada|vicolo|largo|bulevardul|"
    r"bd\.|b-dul|calea|[șs]oseaua|[șs]os\.|strada|aleea|pia[țt]a|street|st\.|road|rd\.|lane|"
    r"drive|way|building|bldg|suite|floor|office|oficina|piso|planta|col\.|colonia|"
    r"شارع|طريق|مبنى|برج|بناية|زنقة|درب|مكتب|حي|رقم"
)
_STREET = re.compile(
    rf"^({_STREET_WORDS})(\s|$)|^(c/|c\.|avda\.|av\.|pza\.|p[º°]|str\.|bd\.|ctra\.)\S",
    re.IGNORECASE,
)
_STREET_TAIL = re.compile(
    rf"\s({_STREET_WORDS}|street|straße|strasse|road|avenue|lane)$|\w(straße|strasse|str\.|weg|"
    rf"gasse|platz|allee)\s*\d",
    re.IGNORECASE,
)
# "Gran Vía 28", "12 rue de la Paix", "221B Baker Street": words and a house number.
_NUMBERED = re.compile(r"^\D{3,}\s\d{1,4}[A-Za-zº°ª]?(\s|$|[-/])|^\d{1,4}[A-Za-z]?,?\s+\D{4,}$")
# Pieces that continue a street: a house number, floor, door, district.
_STREET_PART = re.compile(
    r"^(n[º°o]\.?\s*)?\d{1,4}[A-Za-z]?(\s*[-/]\s*\d+)?$|^\d+\.?\s*[º°ª]|^(piso|planta|puerta|"
    r"andar|sala|conj\.?|conjunto|bloco|loja|int\.?|interior|depto\.?|dpto\.?|esq\.?|dto\.?|"
    r"étage|bât\.?|bâtiment|stock|og|etage|scala|piano|interno|حي|مبنى|مكتب|الطابق|dist\.?|"
    r"district|distrito|barrio|bairro|quartier|"
    r"esc\.?|escalera|bajo|local|oficina|of\.|dcha\.?|izda\.?|izq\.?|floor|suite|apt\.?|"
    r"apartment|bloque|portal|sector|col\.|colonia|bl\.|sc\.|ap\.|et\.|etaj|mezzanine|"
    r"ground floor|\d+(st|nd|rd|th) floor)\b",
    re.IGNORECASE,
)
_PO_BOX = re.compile(
    r"^(p\.?\s?o\.?\s?box|post office box|box|apartado( de correos)?|apdo\.?|postfach|"
    r"caixa postal|cx\.? postal|casilla|b\.?p\.?|bo[iî]te postale|ص\.?\s?ب\.?|صندوق بريد)"
    r"\s*[:.]?\s*\d+",
    re.IGNORECASE,
)
_CITY = re.compile(r"^[^\d@/]{2,60}$")
# A registration or licence number is not a house number ("licență nr. 1234/2019").
_NOT_STREET = re.compile(r"licen|regist|reg\.|matr|capital|n[ºo°]\s*de\s*registo", re.IGNORECASE)
# A province or state after the city: "Milano MI", "Firenze (FI)", "Rio de Janeiro/RJ".
_PROVINCE = re.compile(r"\s*(?:/|\s|-)\s*\(?[A-Z]{2,3}\)?\.?$|\s*\([^()]*\)$")
_POSTCODE_LABEL = re.compile(
    r"^(c\.?\s?p\.?|cp|código postal|codigo postal|plz|cap|zip|postal code)\s*[:.]?\s*",
    re.IGNORECASE,
)
# The postcode shapes of any country, to find one before knowing the country.
_ANY_POSTCODE = (
    r"(?:[A-Z]{1,2}-)?(?:\d{4} ?[A-Z]{2}(?![^\W\d_])|\d{4}-\d{3}|\d{5}-\d{3,4}|\d{2}-\d{3}|\d{4,7}|"
    r"\d{2} \d{3}|\d{3} \d{2}|"
    r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|\d{4} ?[A-Z]{2}|[A-Z]\d{4}(?:[A-Z]{3})?|"
    r"(?:[AC-FHKNPRTV-Y]\d{2}|D6W) ?[0-9AC-FHKNPRTV-Y]{4})"
)
_CODE_FIRST = re.compile(rf"^({_ANY_POSTCODE})\s*[-–,]?\s+(\D.*)$")
_CODE_LAST = re.compile(rf"^(\D+?)\s*[-–,]?\s+({_ANY_POSTCODE})$")
_CODE_ONLY = re.compile(rf"^{_ANY_POSTCODE}$")
_STATE = re.compile(r"^[A-Z]{2}\.?$|^[A-Z][a-z]{2}\.$")  # "NY", "SP", "Jal." after a city
# A county, province or district named with its word: not the street, not the city.
_REGION = re.compile(
    r"^(jud\.|județul|judetul|prov\.|provincia|province|county|estado|dept\.|département|"
    r"bundesland|kanton|canton|emirate|إمارة|محافظة|ولاية)\s",
    re.IGNORECASE,
)


def is_po_box(piece: str) -> bool:
    return bool(_PO_BOX.match(piece))


def is_street(piece: str) -> bool:
    """A street by its first word, its last word, or words then a house number."""
    if "@" in piece or piece.count(" ") > 10 or _NOT_STREET.search(piece):
        return False
    return bool(_STREET.match(piece) or _STREET_TAIL.search(piece) or _NUMBERED.match(piece))


def continues_street(piece: str) -> bool:
    return bool(_STREET_PART.match(piece))


def country_of(piece: str) -> str | None:
    """ "España", "(Spain)", "UAE", "الإمارات العربية المتحدة" → ISO code."""
    return country_from_name(piece)


def postcode_city(piece: str) -> tuple[str, str] | None:
    """(postcode, city) from "28013 Madrid", "Madrid 28013", "C.P. 28013 Madrid", "28013"."""
    text = _POSTCODE_LABEL.sub("", piece.strip())
    if _CODE_ONLY.match(text.upper()) and re.search(r"\d", text):
        return text.upper(), ""
    for pattern, code_at in ((_CODE_FIRST, 1), (_CODE_LAST, 2)):
        match = pattern.match(text)
        if match is None:
            continue
        code = match.group(code_at)
        city = city_name(match.group(3 - code_at))
        if not re.search(r"\d", code) or not _CITY.match(city):
            continue
        if code_at == 2 and len(city.split()) > 4:
            continue
        return code.upper(), city
    return None


def city_name(text: str) -> str:
    """The city without the province or state written after it ("Milano MI" → "Milano")."""
    text = text.strip(" ,-–")
    bare = _PROVINCE.sub("", text).strip(" ,-–")
    return bare if bare and re.search(r"[^\W\d_]{2}", bare) else text


def check_postcode(code: str, country: str) -> bool | None:
    return postcodes.is_valid(code, country) if country else None


def is_city(piece: str) -> bool:
    """Only letters and spaces, a few words: what a city name looks like on its own."""
    return bool(_CITY.match(piece)) and len(piece.split()) <= 4 and not _STATE.match(piece)


def is_state(piece: str) -> bool:
    return bool(_STATE.match(piece.strip()) or _REGION.match(piece.strip()))


def postcode_country(code: str) -> list[str]:
    return postcodes.countries_of(code)
