"""Normalisers: raw text as printed on a page → the contract's normal forms.

Each function is pure and returns ``None`` when the text does not parse as its
kind, so that the decoder can fall back to the next best span instead of
inventing a value. ``normalize_value`` dispatches on a field's kind.
"""

from __future__ import annotations

from sap_llm.normalize.amounts import parse_amount, parse_number, parse_percent
from sap_llm.normalize.currency import detect_currency, normalize_currency
from sap_llm.normalize.dates import parse_date
from sap_llm.normalize.dispatch import field_kind, normalize_value
from sap_llm.normalize.ids import normalize_bic, normalize_iban, normalize_vat_id
from sap_llm.normalize.units import normalize_unit

__all__ = [
    "detect_currency",
    "field_kind",
    "normalize_bic",
    "normalize_currency",
    "normalize_iban",
    "normalize_unit",
    "normalize_value",
    "normalize_vat_id",
    "parse_amount",
    "parse_date",
    "parse_number",
    "parse_percent",
]
