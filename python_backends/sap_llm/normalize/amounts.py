"""Amounts and numbers in both decimal conventions.

Handles ``1.234,56``, ``1,234.56``, ``1'234.56``, ``1 234,56`` (also with
no-break / thin spaces), ``-12.00``, ``12.00-`` (SAP-style trailing minus),
``(12.00)`` (accounting negative), and strips currency symbols or codes, which
``parse_amount`` reports beside the value.

The decimal separator is decided per string: with both ``.`` and ``,`` the last
one is decimal; a separator that occurs more than once, or once followed by
exactly three digits, groups thousands (``1.234`` = 1234), unless the caller
says which separator is decimal (``decimal=","``).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from sap_llm.normalize.currency import ISO_CODES, detect_currency

_SPACES = "\u00a0\u202f\u2009\u2007 "
_NUMERIC = re.compile(r"^[+-]?\d+(?:[.,'\u2019" + _SPACES + r"]\d+)*[.,]?$")
_CODES = "|".join(sorted(ISO_CODES | {"RM", "Rp", "Ft", "Kr", "Lei", "EURO", "EUROS"}, key=len, reverse=True))
# codes stand alone or touch the digits ("RM3.90", "3,90EUR") but never sit inside a word
_STRIP_CURRENCY = re.compile(
    r"(?i)(?<![A-Za-z])(?:(?:[A-Z]{1,2})?\$|" + _CODES + r")(?![A-Za-z])|[€$£¥₹₺₽₩₪]|zł|kč|s?fr\."
)


def _clean(text: str) -> tuple[str, bool]:
    """Text without currency marks and with the sign folded out; returns (digits, negative)."""
    s = _STRIP_CURRENCY.sub("", text).strip()
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1].strip()
    if s.endswith("-") and not s.startswith("-"):
        negative, s = True, s[:-1].strip()
    if s.startswith(("-", "\u2212", "–")):
        negative, s = True, s[1:].strip()
    elif s.startswith("+"):
        s = s[1:].strip()
    s = _STRIP_CURRENCY.sub("", s).strip()
    return s, negative


def parse_number(text: str, *, decimal: str | None = None) -> Decimal | None:
    """A number as printed (any grouping / decimal convention) → ``Decimal``, else ``None``."""
    if not text or len(text) > 40:
        return None
    s, negative = _clean(text)
    s = s.rstrip(".") if s.count(".") == 1 and s.endswith(".") else s
    if not s or not _NUMERIC.match(s):
        return None
    for space in _SPACES + "'\u2019":
        s = s.replace(space, "")
    dots, commas = s.count("."), s.count(",")
    if decimal is None:
        if dots and commas:
            decimal = "." if s.rfind(".") > s.rfind(",") else ","
        elif dots + commas == 0:
            decimal = "."
        else:
            sep = "." if dots else ","
            count = dots or commas
            tail = s.rsplit(sep, 1)[1]
            decimal = sep if count == 1 and len(tail) != 3 else ("," if sep == "." else ".")
    group = "," if decimal == "." else "."
    if s.count(decimal) > 1:
        return None
    integer_part = s.split(decimal)[0]
    if group in integer_part:
        groups = integer_part.split(group)
        if any(len(g) != 3 for g in groups[1:]) or not groups[0]:
            return None
    s = s.replace(group, "").replace(decimal, ".")
    try:
        value = Decimal(s)
    except InvalidOperation:
        return None
    return -value if negative else value


def parse_amount(text: str, *, decimal: str | None = None) -> tuple[Decimal, str | None] | None:
    """An amount → (value rounded to 2 places, ISO currency found in the text or ``None``)."""
    value = parse_number(text, decimal=decimal)
    if value is None:
        return None
    return value.quantize(Decimal("0.01")), detect_currency(text)


def parse_percent(text: str, *, decimal: str | None = None) -> Decimal | None:
    """``19%``, ``19 %``, ``7,5 %``, ``MwSt 19%`` → 19 / 7.5 (percent as a number)."""
    match = re.search(r"[-+]?\d+(?:[.,]\d+)?", text)
    if not match:
        return None
    value = parse_number(match.group(0), decimal=decimal)
    if value is None or not (0 <= value <= 100):
        return None
    return value.normalize() if value == value.to_integral() else value
