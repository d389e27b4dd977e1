"""Pure functions that turn an ADC into the keys the document history indexes.

Kept apart from the stores so that SQLite, Gremlin and the validation stage
agree on one definition of "the same supplier" and "the same number".
"""

from __future__ import annotations

import re
from typing import Any

from sap_llm.rules.functions import digits_key, is_numeric, normalize_doc_number, to_number

PURCHASE_ORDER = "PURCHASE_ORDER"
INVOICE_TYPES = ("SUPPLIER_INVOICE", "CUSTOMER_INVOICE", "CREDIT_MEMO")
RECEIPT_TYPES = ("GOODS_RECEIPT",)

#: The field holding a document's own number, by type (first present wins).
OWN_NUMBER_FIELDS: dict[str, tuple[str, ...]] = {
    "PURCHASE_ORDER": ("po_number", "document_number"),
    "SALES_ORDER": ("sales_order_number", "document_number"),
    "SUPPLIER_INVOICE": ("invoice_number", "document_number"),
    "CUSTOMER_INVOICE": ("invoice_number", "document_number"),
    "CREDIT_MEMO": ("invoice_number", "document_number"),
    "DELIVERY_NOTE": ("delivery_note_number", "document_number"),
    "GOODS_RECEIPT": ("document_number", "goods_receipt_number"),
    "GOODS_ISSUE": ("document_number",),
    "PAYMENT_ADVICE": ("payment_reference", "document_number"),
    "JOURNAL_ENTRY": ("document_number",),
}


def own_number(document_type: str | None, fields: dict[str, Any]) -> str | None:
    for name in OWN_NUMBER_FIELDS.get(document_type or "", ("document_number",)):
        value = fields.get(name)
        if value not in (None, ""):
            return str(value)
    return None


def number_key(value: Any) -> str | None:
    """Exact-match key: alphanumerics, upper case, no leading zeros (``RE-0815`` → ``RE0815``)."""
    if value in (None, ""):
        return None
    return normalize_doc_number(value) or None


def loose_number_key(value: Any) -> str | None:
    """Fuzzy key: digits only without leading zeros (``INV/000815`` → ``815``)."""
    if value in (None, ""):
        return None
    return digits_key(value) or None


def numbers_equivalent(a: Any, b: Any) -> bool:
    """Two document numbers that differ only by formatting: equal after dropping punctuation and case
    and leading zeros (of the whole number, or of each digit group), or with all letters dropped."""
    if a in (None, "") or b in (None, ""):
        return False

    def group_key(value: Any) -> str:
        return "".join(run.lstrip("0") or "0" for run in re.findall(r"[0-9]+", str(value)))

    return (
        number_key(a) == number_key(b)
        or loose_number_key(a) == loose_number_key(b)
        or (group_key(a) != "" and group_key(a) == group_key(b))
    )


def vat_key(value: Any) -> str | None:
    if value in (None, ""):
        return None
    return re.sub(r"[^0-9A-Za-z]", "", str(value)).upper() or None


_LEGAL_FORMS = {"gmbh", "ag", "kg", "ltd", "limited", "plc", "sarl", "sas", "sa", "srl", "spa", "sl", "bv", "nv",
                "inc", "llc", "co", "und", "and", "the", "e", "k", "s", "r", "l", "p", "a", "b", "v"}


def name_key(value: Any) -> str | None:
    """Company name without punctuation, case and legal form: ``Acme Ltd.`` and ``ACME LTD`` agree."""
    if value in (None, ""):
        return None
    words = [w for w in re.findall(r"[0-9a-z]+", str(value).lower()) if w not in _LEGAL_FORMS]
    return " ".join(words) or None


def amount_cents(value: Any) -> int | None:
    if value is None or not is_numeric(value):
        return None
    return round(float(to_number(value)) * 100)


def document_date(fields: dict[str, Any]) -> str | None:
    for name in ("invoice_date", "document_date", "po_date", "posting_date", "payment_date"):
        value = fields.get(name)
        if value:
            return str(value)[:10]
    return None
