"""One entry point: a field's value type (the registry's ``VALUE_TYPES``) → its normaliser.

``normalize_value`` returns the normal form, or ``None`` when the raw text does
not parse as the type (the decoder then tries the next best span). The result
always satisfies the type's JSON Schema fragment, so a decoded ADC validates by
construction.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from sap_llm.normalize.amounts import parse_number, parse_percent
from sap_llm.normalize.currency import detect_currency, normalize_currency
from sap_llm.normalize.dates import parse_date
from sap_llm.normalize.ids import normalize_bic, normalize_iban, normalize_vat_id
from sap_llm.normalize.units import normalize_unit

_INCOTERMS = {"EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF", "DAT"}
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE = re.compile(r"^\+?[0-9()./\- ]{4,}$")
_CODE = re.compile(r"^[A-Z0-9_\-/.]+$")


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _string(raw: str) -> str | None:
    value = _collapse(raw).strip(" :;")
    return value or None


def _identifier(raw: str) -> str | None:
    value = "".join(raw.split()).strip(":;,")
    if value.startswith("#") and len(value) > 1:
        value = value[1:]
    return value or None


def _code(raw: str) -> str | None:
    value = "".join(raw.split()).strip(":;,").upper()
    return value if value and _CODE.match(value) else None


def _address(raw: str) -> str | None:
    parts = [p.strip(" ,;") for p in re.split(r"\n|,", raw)]
    value = ", ".join(_collapse(p) for p in parts if p.strip(" ,;"))
    return value or None


def _decimal(places: int | None) -> Callable[[str], float | None]:
    def parse(raw: str) -> float | None:
        value = parse_number(raw.strip())
        if value is None:
            return None
        if places is not None:
            value = value.quantize(Decimal(1).scaleb(-places))
        return float(value)

    return parse


def _integer(raw: str) -> int | None:
    value = parse_number(raw.strip())
    return int(value) if value is not None and value == value.to_integral() else None


def _percent(raw: str) -> float | None:
    value = parse_percent(raw)
    return None if value is None else float(value)


def _currency(raw: str) -> str | None:
    return normalize_currency(raw) or detect_currency(raw)


def _unit(raw: str) -> str | None:
    return normalize_unit(raw)


def _country(raw: str) -> str | None:
    value = raw.strip().upper()
    return value if re.fullmatch(r"[A-Z]{2}", value) else None


def _language(raw: str) -> str | None:
    return _country(raw)


def _email(raw: str) -> str | None:
    match = _EMAIL.search(raw)
    return match.group(0).lower() if match else None


def _phone(raw: str) -> str | None:
    value = _collapse(raw)
    return value if _PHONE.match(value) else None


def _boolean(raw: str) -> bool | None:
    value = raw.strip().lower()
    if value in {"yes", "ja", "oui", "sí", "si", "true", "x", "1"}:
        return True
    if value in {"no", "nein", "non", "false", "0"}:
        return False
    return None


def _incoterms(raw: str) -> str | None:
    for token in re.split(r"[\s,;/]+", raw.upper()):
        if token in _INCOTERMS:
            return token
    return None


def _debit_credit(raw: str) -> str | None:
    value = raw.strip().upper()
    if value in {"S", "D", "DR", "DEBIT", "SOLL"}:
        return "S"
    if value in {"H", "C", "CR", "CREDIT", "HABEN"}:
        return "H"
    return None


def _movement_type(raw: str) -> str | None:
    value = raw.strip()
    return value if re.fullmatch(r"\d{3}", value) else None


def _vat(raw: str) -> str | None:
    # Prefer a checked number; accept an unchecked one only if it has the schema's shape.
    checked = normalize_vat_id(raw)
    if checked:
        return checked
    loose = normalize_vat_id(raw, check=False)
    return loose if loose and re.fullmatch(r"[A-Z]{2}[0-9A-Z+*.]{2,13}", loose) else None


NORMALISERS: dict[str, Callable[[str], Any]] = {
    "string": _string,
    "text": _string,
    "identifier": _identifier,
    "code": _code,
    "address": _address,
    "date": parse_date,
    "amount": _decimal(2),
    "price": _decimal(None),
    "number": _decimal(None),
    "integer": _integer,
    "percent": _percent,
    "iban": normalize_iban,
    "bic": normalize_bic,
    "vat_id": _vat,
    "currency": _currency,
    "unit": _unit,
    "country": _country,
    "language": _language,
    "email": _email,
    "phone": _phone,
    "boolean": _boolean,
    "incoterms": _incoterms,
    "debit_credit": _debit_credit,
    "movement_type": _movement_type,
}


def field_kind(field_key: str) -> str:
    """The registry's value type of a field key (``invoice_date`` or ``li.quantity``); ``string`` if unknown."""
    from sap_llm.contract import FIELDS

    spec = FIELDS.get(field_key)
    return spec.type if spec else "string"


def normalize_value(value_type: str, raw: str, *, max_length: int | None = None) -> Any:
    """Normal form of ``raw`` for ``value_type``; ``None`` when it does not parse (or is too long)."""
    if raw is None:
        return None
    normaliser = NORMALISERS.get(value_type, _string)
    value = normaliser(str(raw))
    if isinstance(value, float) and value != value:  # NaN never leaves here
        return None
    if max_length is not None and isinstance(value, str) and len(value) > max_length:
        return None
    return value
