"""Dates in the five languages' formats → ISO 8601 (``YYYY-MM-DD``).

Numeric (``18.11.2024``, ``18/11/2024``, ``2024-11-18``, ``18-11-24``), textual
(``18 novembre 2024``, ``18. November 2024``, ``Nov 18, 2024``, ``18-Nov-2024``,
``18 nov. 24``, ``18 de noviembre de 2024``, ``1er mars 2024``) and two-digit
years (``00``–``69`` → 20xx, ``70``–``99`` → 19xx). For a numeric date whose
day and month are both ≤ 12 the order is day-first unless ``month_first`` is
set (a US-English document); a part over 12 decides by itself.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

MONTHS: dict[str, int] = {
    # EN
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
    # DE
    "januar": 1, "janner": 1, "februar": 2, "marz": 3, "maerz": 3, "mai": 5, "juni": 6, "juli": 7,
    "oktober": 10, "dezember": 12, "mrz": 3, "okt": 10, "dez": 12,
    # FR (accents folded)
    "janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "avril": 4, "avr": 4,
    "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "aou": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "decembre": 12,
    # ES
    "enero": 1, "ene": 1, "febrero": 2, "marzo": 3, "abril": 4, "abr": 4, "mayo": 5, "junio": 6,
    "julio": 7, "agosto": 8, "ago": 8, "septiembre": 9, "setiembre": 9, "octubre": 10,
    "noviembre": 11, "diciembre": 12, "dic": 12,
    # IT
    "gennaio": 1, "gen": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "mag": 5, "giugno": 6,
    "giu": 6, "luglio": 7, "lug": 7, "settembre": 9, "set": 9, "ottobre": 10, "ott": 10,
    "dicembre": 12,
}  # fmt: skip

_FILLER = {"de", "del", "of", "the", "le", "il", "der", "den", "er", "st", "nd", "rd", "th", "o"}
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})[./\-](\d{1,2})[./\-](\d{2}|\d{4})$")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _year(value: int, digits: int) -> int:
    if digits == 2:
        return 2000 + value if value < 70 else 1900 + value
    return value


def _make(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _numeric(text: str, month_first: bool) -> str | None:
    match = _ISO.match(text)
    if match:
        return _make(int(match[1]), int(match[2]), int(match[3]))
    match = _NUMERIC.match(text)
    if not match:
        return None
    a, b, y = int(match[1]), int(match[2]), _year(int(match[3]), len(match[3]))
    if a > 12 >= b:
        return _make(y, b, a)
    if b > 12 >= a:
        return _make(y, a, b)
    return _make(y, a, b) if month_first else _make(y, b, a)


def _textual(text: str) -> str | None:
    tokens = [t for t in re.split(r"[\s,./\-]+", _fold(text)) if t]
    tokens = [re.sub(r"^(\d+)(er|st|nd|rd|th|o|º|°)$", r"\1", t) for t in tokens]
    tokens = [t for t in tokens if t not in _FILLER]
    month = None
    numbers: list[str] = []
    for token in tokens:
        if token.isdigit():
            numbers.append(token)
        elif token in MONTHS and month is None:
            month = MONTHS[token]
        elif token.rstrip(".") in MONTHS and month is None:
            month = MONTHS[token.rstrip(".")]
        else:
            return None  # an unknown word: not a date (e.g. "Invoice 18 Nov 2024")
    if month is None or len(numbers) != 2:
        return None
    first, second = numbers
    if len(first) == 4:  # 2024 Nov 18
        return _make(int(first), month, int(second))
    if len(second) in (2, 4) and len(first) <= 2:
        return _make(_year(int(second), len(second)), month, int(first))
    return None


def parse_date(text: str, *, month_first: bool = False) -> str | None:
    """A date as printed → ``YYYY-MM-DD``, or ``None`` if it is not a (valid) date."""
    if not text or len(text) > 40:
        return None
    s = text.strip().strip(",;:()[]")
    if not s:
        return None
    result = _numeric(s.replace(" ", ""), month_first) if s[0].isdigit() else None
    return result or _textual(s)
