"""Telling a person's name from a company's and from a job title, by the words they use.

A company carries a legal form ("S.L.", "GmbH", "S.R.L.", "ذ.م.م") or a trade word ("Consultores",
"Studio", "Ferretería"); a job title carries a role word ("Directora", "CEO", "Geschäftsführer");
a person's name is a few capitalised words without digits. What matches none of these is left to
its place in the signature (parse.py).
"""

from __future__ import annotations

import re

from billing.countries import fold


def _folded_words(text: str) -> frozenset[str]:
    return frozenset(fold(word) for word in text.split())


_LEGAL_FORMS = re.compile(
    r"(^|[\s,])(s\.?\s?l\.?\s?u?\.?|s\.?\s?a\.?\s?u?\.?|s\.?\s?a\.?\s?s\.?|s\.?\s?a\.?\s?r\.?\s?l\.?|"
    r"s\.?\s?r\.?\s?l\.?|s\.?\s?c\.?|s\.?\s?c\.?\s?p\.?|s\.?\s?l\.?\s?l\.?|s\.?\s?coop\.?|c\.?\s?b\.?|"
    r"s\.?\s?a\.?\s?de\s?c\.?\s?v\.?|s\.?\s?de\s?r\.?\s?l\.?( de c\.?v\.?)?|"
    r"s\.?\s?a\.?\s?p\.?\s?i\.?|"
    r"s\.?\s?l\.?\s?p\.?|ltda\.?|lda\.?|ltd\.?|limited|llc|l\.l\.c\.|llp|plc|inc\.?|corp\.?|corporation|co\.|"
    r"gmbh|ag|kg|ohg|ug|e\.?\s?k\.?|gbr|s\.?\s?p\.?\s?a\.?|s\.?\s?n\.?\s?c\.?|s\.?\s?a\.?\s?s\.?|"
    r"b\.?\s?v\.?|n\.?\s?v\.?|s\.?\s?e\.?|sa|srl|sas|sarl|eurl|sasu|sl|slu|sa de cv|"
    r"pfa|ii|if|s\.?\s?c\.?\s?s\.?|ong|fzc|fz-llc|fze|fzco|dmcc|wll|w\.l\.l\.|"
    r"ذ\.?\s?م\.?\s?م\.?|ش\.?\s?م\.?\s?م\.?|ش\.?\s?م\.?\s?ع\.?|ش\.?\s?ذ\.?\s?م\.?\s?م\.?)"
    r"\s*$",
    re.IGNORECASE,
)
_TRADE_WORDS = _folded_words(
        "asesores asesoría asesoria abogados arquitectos consultores consultoría consulting "
        "consultants estudio studio taller ferretería ferreteria restaurante hotel clínica clinica "
        "farmacia agencia agency grupo group holding industrias industries servicios services "
        "solutions soluciones sistemas systems tecnologías technologies tech digital media "
        "construcciones constructora inmobiliaria distribuciones importaciones "
        "transportes logística logistics editorial ediciones academia escuela school bodega "
        "bodegas panadería café bar fundación foundation asociación association cooperativa "
        "arquitectura ingeniería ingenieria architettura architecture "
        "steuerberatung beratung kanzlei despacho bufete asociados associados "
        "laboratorios laboratorio gestoría gestoria partners associates company compañía "
        "cabinet atelier société entreprise firma unternehmen werkstatt verlag bau "
        "società studio impresa empresa companhia tecnologia soluções serviços pousada "
        "canalizações plomberie boulangerie menuiserie schreinerei bäckerei reederei "
        "alimentos importação exportação treuhand tours turism construct impex textil "
        "مصنع مركز مؤسسة "
        "societatea firma grup شركة مؤسسة مجموعة مكتب للتجارة للمقاولات"
)
_ROLE_WORDS = _folded_words(
        "director directora dirección direccion gerente ceo cto cfo coo cmo cio founder "
        "co-founder cofounder fundador fundadora cofundador cofundadora manager responsable jefe "
        "jefa head owner propietario propietaria socio socia partner consultant consultor "
        "consultora ingeniero ingeniera engineer designer diseñador diseñadora abogado abogada "
        "lawyer attorney arquitecto arquitecta architect sales ventas comercial account "
        "departamento dept department administración administracion administrador "
        "administradora contabilidad accounting accountant contable contador contadora "
        "marketing asistente "
        "assistant secretary secretaria secretario presidente presidenta president vice vp "
        "coordinador coordinadora coordinator técnico técnica technician analyst analista "
        "developer desarrollador desarrolladora programador specialist especialista officer "
        "executive ejecutivo ejecutiva representative representante agent agente advisor "
        "asesor asesora lead senior junior gérant gérante directeur directrice responsable "
        "chargé chargée ingénieur commercial geschäftsführer geschäftsführerin leiter leiterin "
        "inhaber inhaberin vertrieb einkauf direttore direttrice amministratore titolare "
        "responsabile diretor diretora sócio sócia administrador director general manager "
        "compras purchasing procurement buyer rrhh hr recursos humanos finance finanzas "
        "operations operaciones project proyecto proyectos product producto support soporte "
        "atención customer cliente clientes office oficina mánager administrator "
        "lead leiter kreativdirektor fotógrafa fotógrafo fotografa photographer designer "
        "freelance freelancer monotributista autónomo autónoma diretora diretor "
        "مدير مديرة المدير المديرة رئيس الرئيس التنفيذي مسؤول مهندس مستشار محاسب المبيعات "
        "مسير مديرة التسويق"
)
# German and Dutch compounds: "Kreativdirektor", "Werbeagentur", "Maschinenbau".
_ROLE_SUFFIXES = ("direktor", "direktorin", "leiter", "leiterin", "führer", "führerin", "manager")
_TRADE_SUFFIXES = ("agentur", "technik", "beratung", "werk", "handel", "bau", "vertrieb")
_NAME_PARTICLES = _folded_words(
    "de del la las los y i da das do dos di van von der den le du bin ibn al el abu bint e"
)
_TITLE = re.compile(
    r"^((ing|lic|licda|dr|dra|sr|sra|srta|d|dña|don|doña|mr|mrs|ms|miss|mme|mlle|m|herr|herrn|"
    r"frau|sig|sig\.ra|dott|dott\.ssa|avv|arq|arch|eng|prof|profa|ec|cpa|ab|abg|mag|dl|dna|"
    r"d-na|d-l|dipl\.-ing|السيد|السيدة|الأستاذ|الأستاذة|المهندس|المهندسة|الدكتور|الدكتورة|د|م)"
    r"\.?\s+)+",
    re.IGNORECASE,
)
_ARABIC = re.compile(r"[\u0600-\u06FF]")


def words(piece: str) -> list[str]:
    return [fold(word) for word in re.findall(r"[\w'’-]+", piece)]


def has_legal_form(piece: str) -> bool:
    """ "Olivar Verde S.L.": a registered company's legal name ends with its legal form."""
    return bool(_LEGAL_FORMS.search(piece.strip()))


def is_company(piece: str) -> bool:
    """A legal form, a trade word, or partners joined by "&" ("Müller & Partner")."""
    if has_legal_form(piece) or re.search(r"\w\s*&\s*\w", piece):
        return True
    return any(
        word in _TRADE_WORDS or word.endswith(_TRADE_SUFFIXES) for word in words(piece)
    )


def is_legal_form(piece: str) -> bool:
    """ "S.L.", "GmbH", "S.A. de C.V." alone: the tail of a name a comma cut off."""
    return bool(_LEGAL_FORMS.fullmatch(" " + piece.strip()))


def is_role(piece: str) -> bool:
    found = words(piece)
    return bool(found) and len(found) <= 8 and any(
        word in _ROLE_WORDS or word.endswith(_ROLE_SUFFIXES) for word in found
    )


def is_person_name(piece: str, *, single_word: bool = False, lower: bool = False) -> bool:
    """Two to five words of letters, each capitalised apart from particles ("de la", "van");
    Arabic script has no capitals, so there letters alone count. `lower`: a one-liner typed
    in lower case ("jordi puig") may have none either."""
    parts = without_title(piece).split()
    low, high = (1, 5) if single_word else (2, 5)
    if not low <= len(parts) <= high or re.search(r"[\d@/|:;()]", piece):
        return False
    if _ARABIC.search(piece):
        return all(_ARABIC.search(part) or part in "-." for part in parts)
    for part in parts:
        bare = part.strip(".,")
        if fold(bare) in _NAME_PARTICLES:
            continue
        if not bare or not all(c.isalpha() or c in "'’-." for c in bare):
            return False
        if not bare[0].isupper() and not lower:
            return False
        if bare.isupper() and len(bare) > 3 and len(parts) == 1:
            return False  # "MADRID", "ACME" alone
        if bare.isupper() and len(bare) == 2:
            return False  # "Monterrey NL": a state, not a surname
    return True


# Forms of a one-person business whose name is the owner's: "Ioana Mureșan PFA".
_SOLE_TRADER = re.compile(r"\s+(pfa|p\.f\.a\.|ii|i\.i\.|e\.u\.|eirl|ei|e\.i\.)\.?$",
                          re.IGNORECASE)


def is_sole_trader(company: str) -> bool:
    return bool(_SOLE_TRADER.search(company))


def sole_trader_name(company: str) -> str:
    return _SOLE_TRADER.sub("", company).strip()


def without_title(name: str) -> str:
    """ "Ing. Alejandro Martínez" → "Alejandro Martínez": the honorific is not the name."""
    bare = _TITLE.sub("", name.strip())
    return bare if len(bare.split()) >= 1 and bare != name.strip() and bare else name.strip()


def matches_domain(piece: str, domain: str) -> bool:
    """ "Olivar Verde" ↔ olivarverde.es: the company a signature's own domain names."""
    key = "".join(ch for ch in fold(piece) if ch.isalnum())
    label = domain.lower().removeprefix("www.").split(".")[0].replace("-", "")
    return len(label) >= 4 and len(key) >= 4 and (label in key or key in label)
