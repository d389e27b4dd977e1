"""How numbers, amounts and dates are printed, per language and per document.

Each document picks one :class:`NumberStyle` and one date pattern for its
language, so a corpus shows every convention real documents use (1.234,56 /
1,234.56 / 1'234.56 / 1 234,56; 18.11.2024 / 18/11/2024 / 18 novembre 2024 /
Nov 18, 2024 / 2024-11-18 / 18-Nov-2024) while one document stays consistent.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

LANGUAGES = ("EN", "DE", "FR", "ES", "IT")

MONTHS = {
    "EN": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
    "DE": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
           "Oktober", "November", "Dezember"],
    "FR": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"],
    "ES": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
           "octubre", "noviembre", "diciembre"],
    "IT": ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
           "settembre", "ottobre", "novembre", "dicembre"],
}
MONTHS_SHORT_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MONTHS_SHORT = {
    "EN": MONTHS_SHORT_EN,
    "DE": ["Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"],
    "FR": ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
    "ES": ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"],
    "IT": ["gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"],
}


@dataclass(frozen=True)
class NumberStyle:
    """Thousands and decimal separators (``thousands`` may be empty)."""

    thousands: str
    decimal: str

    def format(self, value: Decimal | float | int, places: int = 2) -> str:
        quant = Decimal(1).scaleb(-places) if places else Decimal(1)
        number = Decimal(str(value)).quantize(quant, rounding=ROUND_HALF_UP)
        sign = "-" if number < 0 else ""
        text = f"{abs(number):.{places}f}"
        whole, _, frac = text.partition(".")
        groups = []
        while len(whole) > 3:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        groups.insert(0, whole)
        body = self.thousands.join(groups)
        return f"{sign}{body}{self.decimal}{frac}" if places else f"{sign}{body}"


POINT = NumberStyle(",", ".")          # 1,234.56
POINT_PLAIN = NumberStyle("", ".")      # 1234.56
COMMA_DOT = NumberStyle(".", ",")       # 1.234,56
COMMA_SPACE = NumberStyle(" ", ",")     # 1 234,56
COMMA_PLAIN = NumberStyle("", ",")      # 1234,56
SWISS = NumberStyle("'", ".")           # 1'234.56

NUMBER_STYLES: dict[str, list[tuple[NumberStyle, float]]] = {
    "EN": [(POINT, 0.8), (POINT_PLAIN, 0.2)],
    "DE": [(COMMA_DOT, 0.75), (COMMA_PLAIN, 0.1), (SWISS, 0.1), (POINT, 0.05)],
    "FR": [(COMMA_SPACE, 0.6), (COMMA_DOT, 0.15), (COMMA_PLAIN, 0.15), (SWISS, 0.1)],
    "ES": [(COMMA_DOT, 0.75), (COMMA_PLAIN, 0.15), (POINT, 0.1)],
    "IT": [(COMMA_DOT, 0.75), (COMMA_PLAIN, 0.15), (SWISS, 0.1)],
}

# Date patterns: tokens {d} {dd} {m} {mm} {yyyy} {yy} {month} {mon}.
DATE_PATTERNS: dict[str, list[str]] = {
    "EN": ["{dd}/{mm}/{yyyy}", "{month} {d}, {yyyy}", "{d} {month} {yyyy}", "{yyyy}-{mm}-{dd}",
           "{dd}-{mon}-{yyyy}", "{mon} {d}, {yyyy}", "{dd}.{mm}.{yyyy}", "{d} {mon} {yyyy}"],
    "DE": ["{dd}.{mm}.{yyyy}", "{d}. {month} {yyyy}", "{yyyy}-{mm}-{dd}", "{dd}.{mm}.{yy}", "{d}.{m}.{yyyy}"],
    "FR": ["{dd}/{mm}/{yyyy}", "{d} {month} {yyyy}", "{dd}.{mm}.{yyyy}", "{yyyy}-{mm}-{dd}", "{dd}-{mm}-{yyyy}"],
    "ES": ["{dd}/{mm}/{yyyy}", "{d} de {month} de {yyyy}", "{dd}-{mm}-{yyyy}", "{yyyy}-{mm}-{dd}",
           "{dd}.{mm}.{yyyy}"],
    "IT": ["{dd}/{mm}/{yyyy}", "{d} {month} {yyyy}", "{dd}.{mm}.{yyyy}", "{dd}-{mm}-{yyyy}", "{yyyy}-{mm}-{dd}"],
}
# Receipts (till rolls) print short numeric dates.
RECEIPT_DATE_PATTERNS = ["{dd}/{mm}/{yyyy}", "{dd}-{mm}-{yyyy}", "{dd}/{mm}/{yy}", "{dd}.{mm}.{yyyy}",
                         "{yyyy}-{mm}-{dd}", "{dd}-{mon}-{yyyy}", "{d} {mon} {yyyy}"]


def format_date(value: date, pattern: str, language: str) -> str:
    months = MONTHS.get(language, MONTHS["EN"])
    return pattern.format(
        d=value.day, dd=f"{value.day:02d}", m=value.month, mm=f"{value.month:02d}", yyyy=value.year,
        yy=f"{value.year % 100:02d}", month=months[value.month - 1],
        mon=MONTHS_SHORT.get(language, MONTHS_SHORT_EN)[value.month - 1],
    )


CURRENCY_SYMBOLS = {"EUR": "€", "GBP": "£", "USD": "$", "CHF": "CHF", "MYR": "RM"}


@dataclass(frozen=True)
class MoneyStyle:
    """Where the currency goes beside an amount: ``none``, ``code_before`` ("EUR 12.00"),
    ``code_after``, ``symbol_before`` ("€12.00" / "€ 12.00"), ``symbol_after`` ("12,00 €")."""

    placement: str
    glued: bool = False  # symbol touching the number ("€12.00")


MONEY_STYLES = [MoneyStyle("none"), MoneyStyle("code_before"), MoneyStyle("code_after"),
                MoneyStyle("symbol_before"), MoneyStyle("symbol_before", glued=True),
                MoneyStyle("symbol_after")]


def money_parts(amount_text: str, currency: str, style: MoneyStyle) -> tuple[str, str, str]:
    """(prefix, number, suffix) as printed; prefix/suffix carry the currency (or are empty)."""
    symbol = CURRENCY_SYMBOLS.get(currency, currency)
    if style.placement == "code_before":
        return f"{currency} ", amount_text, ""
    if style.placement == "code_after":
        return "", amount_text, f" {currency}"
    if style.placement == "symbol_before":
        return (symbol if style.glued and len(symbol) == 1 else f"{symbol} "), amount_text, ""
    if style.placement == "symbol_after":
        return "", amount_text, f" {symbol}"
    return "", amount_text, ""


def pick_weighted(rng: random.Random, options: list[tuple[object, float]]):
    items, weights = zip(*options, strict=True)
    return rng.choices(items, weights=weights, k=1)[0]


def money(value: Decimal | float) -> Decimal:
    """Round to cents, commercially (half up)."""
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
