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
        "fijo", "direct", "directo", "هاتف", "الهاتف", "ت", "tel/fax", "fone", "standard",
        "tel.:", "tél.", "telf.", "tfn", "tfno.",
    ),
    "mobile": (
        "m", "mob", "mobile", "móvil", "movil", "cel", "cell", "celular", "whatsapp", "wa",
        "portable", "handy", "mobil", "cellulare", "telemóvel", "telemovel", "jawal", "جوال",
        "الجوال", "موبايل", "محمول", "tlm", "tlm.", "tm", "gsm", "cel/whatsapp", "mob.", "mobil",
        "متحرك", "النقال", "نقال",
    ),
    "fax": ("fax", "f", "telefax", "télécopie", "فاكس", "الفاكس"),
    "email": (
        "email", "e-mail", "mail", "correo", "correo electrónico", "courriel", "e-posta",
        "البريد الإلكتروني", "البريد", "ايميل", "بريد", "e", "email.",
    ),
    "website": ("web", "website", "sitio web", "página web", "site", "www", "الموقع", "w",
                "site web", "sítio", "webseite", "internet"),
    "tax_id": (
        "nif", "cif", "nie", "vat", "vat no", "vat number", "vat id", "nif-iva", "nif/cif",
        "iva", "rfc", "cui", "cif/cui", "cod fiscal", "cod fiscal cui", "tva", "n° tva",
        "numéro de tva", "siren", "siret", "ust-idnr", "ust-id", "ust.-idnr", "steuernummer",
        "p.iva", "p. iva", "partita iva", "piva", "codice fiscale", "nipc", "contribuinte",
        "rut", "ruc", "cuit", "nit", "trn", "tax id", "tax no", "tin", "id fiscal",
        "الرقم الضريبي", "رقم التسجيل الضريبي", "الرقم الضريبي (trn)", "ب.ض", "ب. ض",
        "vat reg no", "vat reg. no", "vat reg", "vat registration no", "vat no.", "vat nr",
        "ein", "cnpj", "cpf", "ice", "mwst", "mwst-nr", "uid", "uid-nr", "c.i.f", "c.i.f.",
        "cif/nif", "nif/nie", "c.f", "c.f.", "cf", "p.iva e c.f", "p.iva/c.f", "p. iva e c.f",
        "p.iva / c.f", "n° tva", "n° tva intracommunautaire", "tva intracommunautaire", "nº tva",
        "n.º contribuinte", "nº contribuinte", "ust-idnr.", "ust.-id", "ust-id-nr", "btw",
        "btw-nummer", "vat id no", "codice fiscale e p.iva", "rif", "nif-iva", "p.i", "p.i.",
        "n° tva intracom", "n° tva intracom.", "tva intracom", "tva intracom.", "no. tva",
        "numero di partita iva", "vat nummer", "st.-nr", "st.-nr.", "steuer-nr", "steuer-nr.",
    ),
    "street": ("dirección", "direccion", "domicilio", "address", "adresse", "adresa", "morada",
               "indirizzo", "anschrift", "العنوان", "sediu", "sediul", "sede", "sede legale",
               "sede operativa", "siège", "siège social", "domicilio fiscal", "endereço",
               "registered office", "adresă", "sitz"),
    "postcode": ("cp", "c.p", "c.p.", "código postal", "codigo postal", "postal code", "zip",
                 "plz", "cap", "code postal", "cod poștal", "cod postal", "cep", "cod",
                 "postcode", "الرمز البريدي"),
    "city": ("ciudad", "city", "población", "localidad", "ville", "stadt", "oraș", "oras",
             "città", "cidade", "المدينة"),
    "country": ("país", "pais", "country", "pays", "land", "țara", "tara", "paese", "البلد",
                "الدولة"),
    "company": ("empresa", "company", "compañía", "razón social", "razon social", "société",
                "firma", "firmă", "società", "ragione sociale", "cliente", "client", "الشركة",
                "cumpărător", "cumparator", "beneficiar", "denumire", "kunde", "denominação",
                "raison sociale", "customer", "bill to", "facturar a", "buyer"),
    "name": ("nombre", "name", "nom", "nume", "nome", "contacto", "contact", "persona de contacto",
             "الاسم", "persoană de contact", "persoana de contact", "referente", "attn", "attn.",
             "attention", "à l'attention de", "a l'attention de", "a la atención de",
             "att.", "z. hd.", "z.hd.", "zu händen", "c.a.", "alla c.a.", "all'attenzione di",
             "în atenția", "ansprechpartner", "contact person", "interlocutor",
             "pessoa de contacto"),
    "role": ("cargo", "puesto", "position", "title", "job title", "poste", "funcție", "المسمى"),
    # Numbers that are not the client's tax ID, phone or address: registers, banks, e-invoicing.
    "ignore": (
        "iban", "bic", "swift", "banca", "bank", "banco", "cont", "conta", "reg. com",
        "nr. reg. com", "nr. ord. reg. com", "reg. com.", "nr. reg. com.", "nr. ord. reg. com.",
        "j", "hrb", "hra", "handelsregister", "registro mercantil", "reg. mercantil",
        "company no", "company no.", "company number", "registered in", "codice sdi", "sdi",
        "pec", "rea", "capital social", "capitale sociale", "c.r", "c.r.", "cr", "rc", "patente",
        "if", "cnss", "rcs", "ape", "naf", "kvk", "س.ت", "السجل التجاري", "fn", "amtsgericht",
        "handelsgericht", "cod sdi", "codice destinatario", "pec/sdi", "ccc", "ibán",
    ),
}
# Labels that name a person without a colon: "À l'attention de Mme Garnier", "Attn Omar".
ADDRESSED = {"attn", "attn.", "attention", "à l'attention de", "a l'attention de",
             "a la atención de", "att.", "z. hd.", "z.hd.", "zu händen", "c.a.", "alla c.a.",
             "all'attenzione di", "în atenția"}
LABELS: dict[str, str] = {fold(word): kind for kind, words in _LABELS.items() for word in words}
_WORDS = {word for words in _LABELS.values() for word in words} | set(LABELS)
_LONGEST_FIRST = sorted(_WORDS, key=len, reverse=True)
_LABEL = re.compile(
    r"^\s*(" + "|".join(re.escape(word) for word in _LONGEST_FIRST) + r")\.?\s*([:：=]|\.|\s)\s*",
    re.IGNORECASE,
)
# Without a colon, a label word only counts before a value of its shape: "Site Manager" is a
# job title, "Tel 600 123 456" a phone.
_BARE_VALUE = re.compile(r"^[+(\d]|.*@|www\.|https?://|[A-Z]{1,3}[- ]?\d", re.IGNORECASE)


def split_label(piece: str) -> tuple[str, str]:
    """("phone", "+34 600…") for "Tel: +34 600…"; ("", piece) when no label starts it."""
    match = _LABEL.match(piece)
    if match is None:
        return "", piece
    kind = LABELS.get(fold(match.group(1)), "")
    value = piece[match.end():].strip()
    if not kind or not value or ("@" in piece and kind not in ("email", "name", "company")):
        return "", piece  # "m.dubois@…" is an address, not "M." (mobile) and "dubois@…"
    addressed = fold(match.group(1)) in {fold(word) for word in ADDRESSED}
    if match.group(2) not in ":：=" and not _BARE_VALUE.match(value) and not addressed:
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
