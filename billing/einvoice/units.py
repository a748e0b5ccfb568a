"""What the owner types as a unit ("h", "horas", "Stunden", "pcs") → its UN/ECE Rec 20 code.

E-invoices carry a coded unit of measure (EN 16931 BT-130); owners type words in their own
language. Unknown or empty units are counted items (C62, "one"), which every reader accepts; the
printed unit stays what the owner typed.
"""

from __future__ import annotations

import unicodedata

DEFAULT_UNIT_CODE = "C62"

_WORDS: dict[str, tuple[str, ...]] = {
    "C62": ("u", "ud", "uds", "un", "unit", "units", "unidad", "unidades", "unité", "unités",
            "stück", "stk", "st", "pc", "pcs", "piece", "pieces", "pièce", "pièces", "pz",
            "pezzo", "pezzi", "bucată", "bucăți", "buc", "item", "items", "x", "وحدة", "قطعة"),
    "HUR": ("h", "hr", "hrs", "hour", "hours", "hora", "horas", "heure", "heures", "std",
            "stunde", "stunden", "ora", "ore", "oră", "saat", "ساعة", "ساعات"),
    "MIN": ("min", "mins", "minute", "minutes", "minuto", "minutos", "minuten", "minut",
            "دقيقة"),
    "DAY": ("d", "day", "days", "día", "días", "dia", "dias", "jour", "jours", "tag", "tage",
            "giorno", "giorni", "zi", "zile", "يوم", "أيام"),
    "WEE": ("wk", "week", "weeks", "semana", "semanas", "semaine", "semaines", "woche",
            "wochen", "settimana", "settimane", "săptămână", "săptămâni", "أسبوع"),
    "MON": ("mo", "month", "months", "mes", "meses", "mois", "monat", "monate", "mese", "mesi",
            "lună", "luni", "شهر", "أشهر"),
    "ANN": ("yr", "year", "years", "año", "años", "an", "ans", "année", "années", "jahr",
            "jahre", "anno", "anni", "ani", "سنة"),
    "KGM": ("kg", "kgs", "kilo", "kilos", "kilogram", "kilograms", "kilogramo", "kilogramos",
            "kilogramme", "kilogrammes", "kilogramm", "chilogrammo", "كغ", "كيلو"),
    "GRM": ("g", "gr", "gram", "grams", "gramo", "gramos", "gramme", "grammes", "gramm",
            "grammo", "grammi"),
    "TNE": ("t", "tonne", "tonnes", "ton", "tons", "tonelada", "toneladas"),
    "MTR": ("m", "metre", "metres", "meter", "meters", "metro", "metros", "mètre", "mètres",
            "متر"),
    "KMT": ("km", "kilometre", "kilometres", "kilometer", "kilometers", "kilómetro",
            "kilómetros", "kilomètre", "kilomètres"),
    "MTK": ("m2", "m²", "sqm"),
    "MTQ": ("m3", "m³"),
    "LTR": ("l", "lt", "litre", "litres", "liter", "liters", "litro", "litros", "لتر"),
    "KWH": ("kwh",),
    "SET": ("set", "sets", "juego", "juegos", "lot", "lots"),
    "PR": ("pair", "pairs", "par", "pares", "paire", "paires", "paar"),
    "LS": ("lump sum", "flat", "tanto alzado", "forfait", "pauschal", "pauschale"),
}

_BY_WORD = {word: code for code, words in _WORDS.items() for word in words}


def unit_code(unit: str) -> str:
    """The Rec 20 code for a typed unit; case, accents-as-typed, dots and spaces forgiven."""
    word = unicodedata.normalize("NFC", unit).strip().lower().rstrip(".").strip()
    return _BY_WORD.get(word, DEFAULT_UNIT_CODE)
