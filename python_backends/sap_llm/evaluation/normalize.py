"""Normal forms for comparing an expected value with a predicted one.

Evaluation must not punish a right answer for its spelling: a date is compared
as an ISO date, an amount as a number (within one cent), an IBAN / VAT id / BIC
compact and upper case, an address by its words alone (punctuation is layout:
a receipt prints "81200 JOHOR BAHRU" over "JOHOR" and one annotator types a
comma at the line break, another does not), any other text with whitespace
collapsed and case folded. These functions are deliberately independent of the extractor's own
normalisers, so that a bug there shows up here as an error instead of cancelling
out.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any, Literal

FieldKind = Literal["date", "amount", "code", "identifier", "address", "text"]

AMOUNT_TOLERANCE = 0.01

_DATE_FIELDS = {"date"}
_AMOUNT_WORDS = ("amount", "price", "quantity", "total", "rate", "net", "tax", "discount", "weight")
_CODE_SUFFIXES = ("iban", "bic", "vat_id")

_MONTHS = {
    # EN
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
    # DE
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "mai": 5, "juni": 6, "juli": 7,
    "okt": 10, "oktober": 10, "dez": 12, "dezember": 12,
    # FR
    "janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "mars": 3, "avril": 4,
    "avr": 4, "juin": 6, "juillet": 7, "juil": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10,
    "novembre": 11, "décembre": 12, "decembre": 12, "déc": 12,
    # ES
    "enero": 1, "ene": 1, "febrero": 2, "marzo": 3, "abril": 4, "abr": 4, "mayo": 5, "junio": 6,
    "julio": 7, "agosto": 8, "ago": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11,
    "diciembre": 12, "dic": 12,
    # IT
    "gennaio": 1, "gen": 1, "febbraio": 2, "marzo_it": 3, "aprile": 4, "maggio": 5, "mag": 5,
    "giugno": 6, "giu": 6, "luglio": 7, "lug": 7, "settembre": 9, "set": 9, "ottobre": 10, "ott": 10,
    "dicembre": 12,
    # NL (invoice2data has Dutch invoices)
    "januari": 1, "februari": 2, "maart": 3, "mei": 5, "augustus": 8,
}  # fmt: skip


# The contract registry's value types (sap_llm.contract.VALUE_TYPES) → how values are compared.
_KIND_BY_VALUE_TYPE: dict[str, FieldKind] = {
    "date": "date",
    "amount": "amount", "price": "amount", "number": "amount", "integer": "amount", "percent": "amount",
    "iban": "code", "bic": "code", "vat_id": "code",
    "identifier": "identifier", "code": "identifier", "currency": "identifier", "unit": "identifier",
    "country": "identifier", "language": "identifier", "incoterms": "identifier",
    "movement_type": "identifier", "debit_credit": "identifier", "email": "identifier",
    "address": "address",
}  # fmt: skip


@lru_cache(maxsize=1024)
def _registry_kind(name: str, level: str) -> FieldKind | None:
    try:
        from sap_llm.contract import field_spec
    except ImportError:  # the contract package is optional for the evaluation's pure parts
        return None
    try:
        value_type = field_spec(name, level).type  # type: ignore[arg-type]
    except KeyError:
        return None
    return _KIND_BY_VALUE_TYPE.get(value_type, "text")


def field_kind(name: str, level: str = "header") -> FieldKind:
    """How a field's values are compared: from the contract's field registry, else from its name."""
    registered = _registry_kind(name, level)
    if registered is not None:
        return registered
    lowered = name.lower()
    if lowered in _DATE_FIELDS or lowered.endswith("_date") or lowered.startswith("date_"):
        return "date"
    if lowered.endswith(_CODE_SUFFIXES):
        return "code"
    if lowered.endswith("_number") or lowered in {"item", "material", "unit"}:
        return "identifier"
    if lowered == "description":
        return "text"
    if any(word in lowered for word in _AMOUNT_WORDS):
        return "amount"
    return "text"


def norm_identifier(value: Any) -> str:
    """Identifiers as printed: every whitespace removed, case folded."""
    return "".join(unicodedata.normalize("NFKC", str(value)).split()).casefold()


def norm_text(value: Any) -> str:
    """NFKC, whitespace collapsed to single spaces, case folded."""
    text = unicodedata.normalize("NFKC", str(value))
    return " ".join(text.split()).casefold()


def norm_address(value: Any) -> str:
    """An address's words: NFKC, punctuation read as a space, whitespace collapsed, case folded
    (``NO.53 JALAN PUTRA 1, 81200 JOHOR BAHRU, JOHOR.`` → ``no 53 jalan putra 1 81200 johor bahru johor``)."""
    return " ".join("".join(ch if ch.isalnum() else " " for ch in norm_text(value)).split())


def norm_code(value: Any) -> str:
    """Identifiers (IBAN, VAT id, BIC, currency): every space, dot and dash removed, upper case."""
    text = unicodedata.normalize("NFKC", str(value))
    return re.sub(r"[\s.\-]", "", text).upper()


def norm_amount(value: Any) -> float | None:
    """A number from a JSON number or a printed amount (1.234,56 / 1,234.56 / 1'234.56 / RM 60.30)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    negative = text.startswith("-") or text.endswith("-") or (text.startswith("(") and text.endswith(")"))
    digits = re.sub(r"[^0-9.,']", "", text).replace("'", "")
    if not digits or not any(ch.isdigit() for ch in digits):
        return None
    last_dot, last_comma = digits.rfind("."), digits.rfind(",")
    if last_dot >= 0 and last_comma >= 0:
        decimal = "." if last_dot > last_comma else ","
    elif last_comma >= 0:
        # "1,5" or "12,50" is a decimal comma; "1,234" (three digits after) is a thousands separator.
        frac_len, whole = len(digits) - last_comma - 1, digits[:last_comma]
        thousands = digits.count(",") > 1 or (frac_len == 3 and whole.strip("0") != "")
        decimal = "" if thousands else ","
    elif last_dot >= 0:
        decimal = "." if digits.count(".") == 1 else ""
    else:
        decimal = ""
    if decimal:
        whole, _, frac = digits.rpartition(decimal)
        whole = re.sub(r"[.,]", "", whole)
        number_text = f"{whole or '0'}.{frac}"
    else:
        number_text = re.sub(r"[.,]", "", digits)
    try:
        number = float(number_text)
    except ValueError:
        return None
    return -number if negative else number


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def _safe_date(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def norm_date(value: Any, *, day_first: bool = True) -> str | None:
    """ISO ``YYYY-MM-DD`` from the date spellings the five languages and SROIE use, else None.

    Numeric dates are read day-first (18/04/2018) unless the first number cannot be a
    day or ``day_first`` is False; a four-digit first number means year-first.
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = unicodedata.normalize("NFKC", str(value)).strip().casefold()
    if not text:
        return None
    match = re.search(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", text)
    if match:
        return _safe_date(int(match[1]), int(match[2]), int(match[3]))
    match = re.search(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4}|\d{2})(?!\d)", text)
    if match:
        first, second, year = int(match[1]), int(match[2]), _year(match[3])
        day, month = (first, second) if day_first else (second, first)
        if month > 12 >= day:
            day, month = month, day
        return _safe_date(year, month, day)
    match = re.fullmatch(r"\(?(\d{8})\)?", text)
    if match:  # 20180304 (year first) or 25032018 (day first)
        digits = match[1]
        return _safe_date(int(digits[:4]), int(digits[4:6]), int(digits[6:])) or _safe_date(
            int(digits[4:]), int(digits[2:4]), int(digits[:2])
        )
    words = re.findall(r"[a-zà-ÿ]+|\d+", text)
    month_number = next((_MONTHS[w.rstrip(".")] for w in words if w.rstrip(".") in _MONTHS), None)
    numbers = [w for w in words if w.isdigit()]
    if month_number is None or len(numbers) < 2:
        return None
    four_digit = [n for n in numbers if len(n) == 4]
    if four_digit:
        year = int(four_digit[0])
        rest = [n for n in numbers if n != four_digit[0]]
        day = int(rest[0]) if rest else 0
    else:
        day, year = int(numbers[0]), _year(numbers[-1])
    return _safe_date(year, month_number, day)


def normal_form(name: str, value: Any, level: str = "header") -> Any:
    """The comparable normal form of ``value`` for field ``name`` (None when it cannot be read)."""
    if value is None:
        return None
    kind = field_kind(name, level)
    if kind == "date":
        return norm_date(value) or norm_text(value)
    if kind == "amount":
        number = norm_amount(value)
        return number if number is not None else norm_text(value)
    if kind == "code":
        return norm_code(value)
    if kind == "identifier":
        return norm_identifier(value)
    if kind == "address":
        return norm_address(value)
    return norm_text(value)


def values_equal(name: str, expected: Any, got: Any, level: str = "header") -> bool:
    """True when ``got`` is ``expected`` in the field's normal form (amounts within one cent)."""
    if is_empty(expected) or is_empty(got):
        return is_empty(expected) and is_empty(got)
    left, right = normal_form(name, expected, level), normal_form(name, got, level)
    if isinstance(left, float) and isinstance(right, float):
        return abs(left - right) <= AMOUNT_TOLERANCE + 1e-9
    return left == right


def is_empty(value: Any) -> bool:
    """A missing value: None, "" or only whitespace (the contract says such fields are absent)."""
    return value is None or (isinstance(value, str) and not value.strip())


def present(fields: dict[str, Any], names: Iterable[str] | None = None) -> dict[str, Any]:
    """The non-empty entries of ``fields`` (restricted to ``names`` when given)."""
    keep = None if names is None else set(names)
    return {k: v for k, v in fields.items() if not is_empty(v) and (keep is None or k in keep)}
