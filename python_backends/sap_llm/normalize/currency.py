"""Currencies: symbols and codes as printed → ISO 4217 codes."""

from __future__ import annotations

import re

# ISO 4217 codes a European business document plausibly carries.
ISO_CODES = frozenset(
    "EUR USD GBP CHF JPY CNY SEK NOK DKK PLN CZK HUF RON BGN HRK ISK TRY RUB UAH CAD AUD NZD "
    "SGD HKD INR BRL MXN ZAR MYR THB IDR PHP KRW AED SAR ILS".split()
)

# Symbols and local spellings. Ambiguous "kr" is left out on purpose (SEK / NOK / DKK / ISK).
SYMBOLS: dict[str, str] = {
    "€": "EUR", "euro": "EUR", "euros": "EUR", "eur.": "EUR",
    "$": "USD", "us$": "USD", "usd$": "USD",
    "£": "GBP", "gbp£": "GBP",
    "chf": "CHF", "fr.": "CHF", "sfr": "CHF", "sfr.": "CHF",
    "¥": "JPY", "円": "JPY", "元": "CNY",
    "zł": "PLN", "zl": "PLN", "kč": "CZK", "ft": "HUF", "lei": "RON",
    "₹": "INR", "₺": "TRY", "₽": "RUB", "₩": "KRW", "₪": "ILS",
    "rm": "MYR", "r$": "BRL", "a$": "AUD", "c$": "CAD", "hk$": "HKD", "s$": "SGD",
}  # fmt: skip

_TOKEN = re.compile(r"[A-Za-z]{3}|[€$£¥₹₺₽₩₪円元]|[A-Za-z]{1,3}\$|zł|Kč|Fr\.|SFr\.?|RM", re.IGNORECASE)


def normalize_currency(text: str) -> str | None:
    """The ISO code for a currency code or symbol (``"€"`` → ``"EUR"``), else ``None``."""
    token = text.strip()
    if not token:
        return None
    if token.upper() in ISO_CODES:
        return token.upper()
    return SYMBOLS.get(token.lower())


def detect_currency(text: str) -> str | None:
    """The first currency code or symbol found anywhere in ``text`` (e.g. ``"1.234,56 €"``)."""
    for match in _TOKEN.finditer(text):
        code = normalize_currency(match.group(0))
        if code:
            # A three-letter word is a code only when it stands alone (not "EURO" inside a word).
            start, end = match.span()
            if match.group(0).isalpha() and len(match.group(0)) == 3:
                before = text[start - 1] if start else " "
                after = text[end] if end < len(text) else " "
                if before.isalpha() or after.isalpha():
                    continue
            return code
    return None
