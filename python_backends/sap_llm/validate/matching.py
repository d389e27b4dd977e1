"""Three-way match: pair a document's lines with the referenced PO's lines and sum what was received.

Pure functions over plain ADC line dicts. Lines are paired one-to-one with PO
lines by, in order: ``po_item``, material number, item (position) number,
position when both documents have the same number of lines, and finally the
most similar description (word overlap ≥ 0.5).
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


def _key_pass(lines: list[dict[str, Any]], po_lines: list[dict[str, Any]], out: list[int | None],
              line_key, po_keys) -> None:
    """Assign still-unmatched lines to still-free PO lines whose key equals theirs (unique hits only)."""
    taken = {i for i in out if i is not None}
    for j, line in enumerate(lines):
        if out[j] is not None:
            continue
        value = line_key(line)
        if not value:
            continue
        hits = [i for i, p in enumerate(po_lines) if i not in taken and value in po_keys(p)]
        if len(hits) == 1:
            out[j] = hits[0]
            taken.add(hits[0])


def match_lines(lines: list[dict[str, Any]], po_lines: list[dict[str, Any]]) -> list[int | None]:
    """One-to-one pairing of ``lines`` with ``po_lines`` (index per line, None = no PO line).

    Passes, strongest first: the line's ``po_item``; its material (or supplier
    material); its item number; its position when both documents have the same
    number of lines; finally the most similar description (word overlap ≥ 0.5).
    """
    out: list[int | None] = [None] * len(lines)
    if not po_lines:
        return out
    _key_pass(lines, po_lines, out, lambda ln: _item_no(ln.get("po_item")), lambda p: {_item_no(p.get("item"))})
    _key_pass(lines, po_lines, out, lambda ln: _norm(ln.get("material")),
              lambda p: {_norm(p.get("material")), _norm(p.get("supplier_material"))} - {None})
    _key_pass(lines, po_lines, out, lambda ln: _norm(ln.get("supplier_material")),
              lambda p: {_norm(p.get("material")), _norm(p.get("supplier_material"))} - {None})
    _key_pass(lines, po_lines, out, lambda ln: _item_no(ln.get("item")), lambda p: {_item_no(p.get("item"))} - {None})
    taken = {i for i in out if i is not None}
    if len(lines) == len(po_lines):
        for j in range(len(lines)):
            if out[j] is None and j not in taken:
                out[j] = j
                taken.add(j)
    for j, line in enumerate(lines):
        description = line.get("description")
        if out[j] is not None or not description:
            continue
        scored = [(name_similarity(str(description), str(p.get("description") or "")), i)
                  for i, p in enumerate(po_lines) if i not in taken]
        if scored:
            best, index = max(scored)
            if best >= 0.5:
                out[j] = index
                taken.add(index)
    return out


def match_line(line: dict[str, Any], po_lines: list[dict[str, Any]]) -> int | None:
    """Index of the PO line a single line refers to, or None."""
    return match_lines([line], po_lines)[0]


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
    def pair(doc_lines: list[dict[str, Any]]) -> list[int | None]:
        return match_lines(doc_lines, po_lines)

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
    for line, index in zip(lines, pair(lines), strict=True):
        out.append({
            "line": line,
            "po_line": po_lines[index] if index is not None else None,
            "received_quantity": None if received is None or index is None else received.get(index, 0.0),
            "invoiced_before": invoiced.get(index, 0.0) if index is not None else 0.0,
        })
    return out
