"""Fill what SAP needs but a document rarely prints, from the process memory — never by guessing.

Invoices name the purchase order but seldom its item numbers; SAP's PO-reference items need both.
When the referenced purchase order is in the document history, each invoice line is paired with a
PO line (``sap_llm.validate.matching.match_lines``: printed PO item, material, supplier material,
item number, then order and description) and takes that line's item number. Lines that pair with
nothing stay as they are, and the payload check reports them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sap_llm.history.base import HistoryDocument
from sap_llm.records import Extraction
from sap_llm.validate.matching import match_lines

PO_REFERENCING_TYPES = ("SUPPLIER_INVOICE", "CREDIT_MEMO")


def po_items_from_history(line_items: list[dict[str, Any]], purchase_order: HistoryDocument | None,
                          ) -> tuple[list[dict[str, Any]], str | None]:  # fmt: skip
    """Line items with ``po_item`` filled from the purchase order's lines, and a reason (None if nothing changed)."""
    if purchase_order is None or not line_items or all(line.get("po_item") for line in line_items):
        return line_items, None
    pairs = match_lines(line_items, purchase_order.line_items)
    filled = 0
    out: list[dict[str, Any]] = []
    for line, index in zip(line_items, pairs, strict=True):
        po_item = purchase_order.line_items[index].get("item") if index is not None else None
        if not line.get("po_item") and po_item:
            line = {**line, "po_item": str(po_item)}
            filled += 1
        out.append(line)
    if not filled:
        return line_items, None
    number = purchase_order.number or purchase_order.fields.get("po_number")
    return out, (f"PO items of {filled} of {len(line_items)} line(s) taken from purchase order {number} "
                 f"in the document history ({purchase_order.document_id[:12]})")  # fmt: skip


def extraction_for_payload(extraction: Extraction, document_type: str,
                           find_purchase_order: Callable[[str], HistoryDocument | None],
                           ) -> tuple[Extraction, list[str]]:  # fmt: skip
    """The ADC the payload is built from (PO items filled from the history) and the reasons; the ADC itself stays."""
    po_number = extraction.fields.get("po_number")
    if document_type not in PO_REFERENCING_TYPES or not po_number:
        return extraction, []
    items, note = po_items_from_history(extraction.line_items, find_purchase_order(str(po_number)))
    if note is None:
        return extraction, []
    return extraction.model_copy(update={"line_items": items}), [note]
