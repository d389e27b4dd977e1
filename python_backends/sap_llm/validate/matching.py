"""Three-way match: pair a document's lines with the referenced PO's lines and sum what was received.

Pure functions over plain ADC line dicts. A line is paired with a PO line by,
in order: its ``po_item``, the material number, the item (position) number,
the description (word overlap ≥ 0.5) and, failing all, position when both
documents have the same number of lines.
"""

from __future__ import annotations

from typing import Any

from sap_llm.history.keys import number_key
from sap_llm.rules.functions import is_numeric, name_similarity, to_number


def _norm(value: Any) -> str | None:
    return number_key(value) if value not in (None, "") else None


def _item_no(value: Any) -> str | None:
    key = _norm(value)
    return key.lstrip("0") or "0" if key else None


def match_line(line: dict[str, Any], po_lines: list[dict[str, Any]], position: int | None = None) -> int | None:
    """Index of the PO line this line refers to, or None."""
    if not po_lines:
        return None
    po_item = _item_no(line.get("po_item"))
    if po_item:
        for i, po_line in enumerate(po_lines):
            if _item_no(po_line.get("item")) == po_item:
                return i
    for key in ("material", "supplier_material"):
        value = _norm(line.get(key))
        if value:
            hits = [i for i, p in enumerate(po_lines) if value in (_norm(p.get("material")), _norm(p.get("supplier_material")))]
            if len(hits) == 1:
                return hits[0]
    item = _item_no(line.get("item"))
    if item:
        for i, po_line in enumerate(po_lines):
            if _item_no(po_line.get("item")) == item:
                return i
    description = line.get("description")
    if description:
        scored = [(name_similarity(str(description), str(p.get("description") or "")), i) for i, p in enumerate(po_lines)]
        best, index = max(scored)
        if best >= 0.5:
            return index
    return position


def _quantity(line: dict[str, Any]) -> float:
    value = line.get("quantity")
    return float(to_number(value)) if value is not None and is_numeric(value) else 0.0


def line_matches(
    lines: list[dict[str, Any]],
    po_lines: list[dict[str, Any]],
    receipts: list[list[dict[str, Any]]] | None,
    prior_invoices: list[list[dict[str, Any]]] | None = None,
) -> list[dict[str, Any]]:
    """Per line: ``{line, po_line, received_quantity, invoiced_before}``.

    ``received_quantity`` is None when no goods receipt is known (the rule then
    does not apply), else the quantity received against the same PO line over
    all receipts. ``invoiced_before`` sums earlier invoices' quantities on it.
    """
    same_shape = len(lines) == len(po_lines)

    def pair(doc_lines: list[dict[str, Any]]) -> list[int | None]:
        same = len(doc_lines) == len(po_lines)
        return [match_line(dl, po_lines, j if same else None) for j, dl in enumerate(doc_lines)]

    received: dict[int, float] | None = None
    if receipts:
        received = {}
        for receipt in receipts:
            for receipt_line, index in zip(receipt, pair(receipt), strict=True):
                if index is not None:
                    received[index] = received.get(index, 0.0) + _quantity(receipt_line)
    invoiced: dict[int, float] = {}
    for invoice in prior_invoices or []:
        for invoice_line, index in zip(invoice, pair(invoice), strict=True):
            if index is not None:
                invoiced[index] = invoiced.get(index, 0.0) + _quantity(invoice_line)
    out = []
    for j, line in enumerate(lines):
        index = match_line(line, po_lines, j if same_shape else None)
        out.append({
            "line": line,
            "po_line": po_lines[index] if index is not None else None,
            "received_quantity": None if received is None or index is None else received.get(index, 0.0),
            "invoiced_before": invoiced.get(index, 0.0) if index is not None else 0.0,
        })
    return out
