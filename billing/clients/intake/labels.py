"""Words that announce what follows ("Tel.", "NIF:", "Dirección:"), in the owners' languages.

A label settles what a value is where its shape alone would not: nine digits after "CIF" are a tax
ID, not a phone; a number after "Fax" is not the client's phone.
"""

from __future__ import annotations

import re

from billing.countries import fold

_LABELS: dict[str, tuple[str, ...]] = {
    "phone": (
        "tel", "tel.", "tél", "tél.", "telf", "tlf", "tlfn", "tfno", "teléfono", "telefono",
        "telephone", "téléphone", "phone", "ph", "t", "telefon", "telefone", "telefonе",
        "fijo", "direct", "directo", "هاتف", "الهاتف", "ت", "tel/fax",
    ),
    "mobile": (
        "m", "mob", "mobile", "móvil", "movil", "cel", "cell", "celular", "whatsapp", "wa",
        "portable", "handy", "mobil", "cellulare", "telemóvel", "telemovel", "jawal", "جوال",
        "الجوال", "موبايل", "محمول",
    ),
    "fax": ("fax", "f", "telefax", "télécopie", "فاكس", "الفاكس"),
    "email": (
        "email", "e-mail", "mail", "correo", "correo electrónico", "courriel", "e-posta",
        "البريد الإلكتروني", "البريد", "ايميل",
    ),
    "website": ("web", "website", "sitio web", "página web", "site", "www", "الموقع"),
    "tax_id": (
        "nif", "cif", "nie", "vat", "vat no", "vat number", "vat id", "nif-iva", "nif/cif",
        "iva", "rfc", "cui", "cif/cui", "cod fiscal", "cod fiscal cui", "tva", "n° tva",
        "numéro de tva", "siren", "siret", "ust-idnr", "ust-id", "ust.-idnr", "steuernummer",
        "p.iva", "p. iva", "partita iva", "piva", "codice fiscale", "nipc", "contribuinte",
        "rut", "ruc", "cuit", "nit", "trn", "tax id", "tax no", "tin", "id fiscal",
        "الرقم الضريبي", "رقم التسجيل الضريبي",
    ),
    "street": ("dirección", "direccion", "domicilio", "address", "adresse", "adresa", "morada",
               "indirizzo", "anschrift", "العنوان"),
    "postcode": ("cp", "c.p", "c.p.", "código postal", "codigo postal", "postal code", "zip",
                 "plz", "cap", "code postal", "cod poștal", "cod postal"),
    "city": ("ciudad", "city", "población", "localidad", "ville", "stadt", "oraș", "oras",
             "città", "cidade", "المدينة"),
    "country": ("país", "pais", "country", "pays", "land", "țara", "tara", "paese", "البلد",
                "الدولة"),
    "company": ("empresa", "company", "compañía", "razón social", "razon social", "société",
                "firma", "firmă", "società", "ragione sociale", "cliente", "client", "الشركة"),
    "name": ("nombre", "name", "nom", "nume", "nome", "contacto", "contact", "persona de contacto",
             "الاسم"),
    "role": ("cargo", "puesto", "position", "title", "job title", "poste", "funcție", "المسمى"),
}
LABELS: dict[str, str] = {fold(word): kind for kind, words in _LABELS.items() for word in words}
_WORDS = {word for words in _LABELS.values() for word in words} | set(LABELS)
_LONGEST_FIRST = sorted(_WORDS, key=len, reverse=True)
_LABEL = re.compile(
    r"^\s*(" + "|".join(re.escape(word) for word in _LONGEST_FIRST) + r")\.?\s*([:：=]|\.|\s)\s*",
    re.IGNORECASE,
)
# Without a colon, a label word only counts before a value of its shape: "Site Manager" is a
# job title, "Tel 600 123 456" a phone.
_BARE_VALUE = re.compile(r"^[+(\d]|.*@|www\.|https?://|[A-Z]{1,2}-?\d", re.IGNORECASE)


def split_label(piece: str) -> tuple[str, str]:
    """("phone", "+34 600…") for "Tel: +34 600…"; ("", piece) when no label starts it."""
    match = _LABEL.match(piece)
    if match is None:
        return "", piece
    kind = LABELS.get(fold(match.group(1)), "")
    value = piece[match.end():].strip()
    if not kind or not value or ("@" in piece and kind not in ("email", "name", "company")):
        return "", piece  # "m.dubois@…" is an address, not "M." (mobile) and "dubois@…"
    if match.group(2) not in ":：=" and not _BARE_VALUE.match(value):
        return "", piece
    return kind, value


def label_before(text: str) -> str:
    """The kind of the label that ends `text` ("… M. " → "mobile"), or ""."""
    words = re.findall(r"[^\s:.|·•()\-]+", text)
    if not words:
        return ""
    for size in (3, 2, 1):
        candidate = fold(" ".join(words[-size:]))
        if candidate in LABELS:
            return LABELS[candidate]
    return ""
