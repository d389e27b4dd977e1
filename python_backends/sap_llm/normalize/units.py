"""Units of measure from the words printed on documents → SAP / ISO unit codes.

``pcs``, ``Stk``, ``pièce``, ``pz``, ``uds`` → ``EA``; ``kg`` → ``KG``;
``h``, ``Std``, ``heure``, ``ora`` → ``H``; etc. Unknown units return ``None``.
"""

from __future__ import annotations

import unicodedata

UNIT_CODES: dict[str, str] = {}

_GROUPS: dict[str, tuple[str, ...]] = {
    "EA": ("ea", "each", "pc", "pcs", "piece", "pieces", "unit", "units", "st", "stk", "stck", "stuck",
           "stueck", "piece(s)", "pce", "pces", "pieces", "u", "un", "ud", "uds", "unidad", "unidades",
           "pz", "pzz", "pezzo", "pezzi", "nr", "no", "x"),
    "PC": (),
    "KG": ("kg", "kgs", "kilo", "kilos", "kilogram", "kilograms", "kilogramm", "kilogramme", "kilogrammes",
           "kilogramo", "kilogramos", "chilogrammo", "chilogrammi"),
    "G": ("g", "gr", "gram", "grams", "gramm", "gramme", "grammes", "gramo", "gramos", "grammo", "grammi"),
    "TO": ("t", "to", "tonne", "tonnes", "ton", "tons", "tonnellata", "tonnellate", "tonelada", "toneladas"),
    "L": ("l", "ltr", "litre", "litres", "liter", "liters", "litro", "litri", "litros"),
    "ML": ("ml",),
    "M": ("m", "meter", "meters", "metre", "metres", "metro", "metri", "metros", "lfm", "lm"),
    "CM": ("cm",),
    "MM": ("mm",),
    "KM": ("km",),
    "M2": ("m2", "m²", "qm", "sqm"),
    "M3": ("m3", "m³", "cbm"),
    "H": ("h", "hr", "hrs", "hour", "hours", "std", "stunde", "stunden", "heure", "heures", "hora", "horas",
          "ora", "ore"),
    "MIN": ("min", "mins", "minute", "minutes", "minuten", "minuto", "minuti", "minutos"),
    "DAY": ("d", "day", "days", "tag", "tage", "jour", "jours", "dia", "dias", "giorno", "giorni", "pt"),
    "MON": ("month", "months", "monat", "monate", "mois", "mes", "meses", "mese", "mesi"),
    "PAK": ("pack", "packs", "pk", "pkg", "pkt", "packung", "paket", "paquet", "paquets", "paquete",
            "paquetes", "confezione", "confezioni", "conf"),
    "BOX": ("box", "boxes", "karton", "ktn", "carton", "cartons", "caja", "cajas", "scatola", "scatole"),
    "PAL": ("pal", "pallet", "pallets", "palette", "paletten", "palettes", "palet", "palets", "pallet(s)"),
    "ROL": ("roll", "rolls", "rolle", "rollen", "rouleau", "rouleaux", "rollo", "rollos", "rotolo", "rotoli"),
    "SET": ("set", "sets", "satz", "jeu", "jeux", "juego", "juegos", "kit"),
    "PR": ("pair", "pairs", "paar", "paire", "paires", "par", "pares", "paio", "paia"),
    "LE": ("au", "le", "activity unit", "lump sum", "pauschal", "forfait", "forfeit", "flat"),
}  # fmt: skip

for _code, _words in _GROUPS.items():
    UNIT_CODES[_code.lower()] = _code
    for _word in _words:
        UNIT_CODES.setdefault(_word, _code)

KNOWN_CODES = frozenset(_GROUPS)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c) or c in "²³")


def normalize_unit(text: str) -> str | None:
    """The SAP / ISO unit code for a unit word (``"Stk."`` → ``"EA"``), else ``None``."""
    if not text:
        return None
    key = _fold(text).rstrip(".")
    return UNIT_CODES.get(key) or UNIT_CODES.get(key.replace(" ", ""))
