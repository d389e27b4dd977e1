"""Ask the document history what the rules need to know about one document (the ``history`` namespace)."""

from __future__ import annotations

from typing import Any

from sap_llm.history import HistoryDocument, HistoryStore, Party
from sap_llm.history.keys import INVOICE_TYPES, PURCHASE_ORDER, own_number
from sap_llm.rules.functions import is_numeric, to_number
from sap_llm.validate.matching import line_matches

#: Types that are matched line by line against the PO they reference.
PO_MATCHED = ("SUPPLIER_INVOICE", "GOODS_RECEIPT", "DELIVERY_NOTE")
#: Types checked for an earlier document with the same number.
NUMBERED = ("PURCHASE_ORDER", "SALES_ORDER", "GOODS_RECEIPT", "GOODS_ISSUE", "DELIVERY_NOTE", "PAYMENT_ADVICE")


def _view(doc: HistoryDocument) -> dict[str, Any]:
    return {"document_id": doc.document_id, "source": doc.source, "document_type": doc.document_type,
            "fields": doc.fields, "line_items": doc.line_items}


def history_context(
    history: HistoryStore | None,
    document_type: str | None,
    fields: dict[str, Any],
    line_items: list[dict[str, Any]],
    *,
    document_id: str | None = None,
) -> dict[str, Any]:
    """``history.*`` for the rule catalogue: referenced PO, receipts, line matches, duplicates, original invoice."""
    if history is None:
        return {"available": False}
    ctx: dict[str, Any] = {"available": True}
    supplier = Party.supplier_of(fields)
    po_number = fields.get("po_number")
    if po_number and document_type != PURCHASE_ORDER:
        po = history.find_purchase_order(str(po_number))
        ctx["po"] = _view(po) if po else None
        if po and document_type in PO_MATCHED:
            receipts = None
            prior = None
            if document_type == "SUPPLIER_INVOICE":
                grs = history.goods_receipts_for_po(str(po_number))
                ctx["goods_receipts"] = [_view(gr) for gr in grs]
                receipts = [gr.line_items for gr in grs]
                earlier = [d for d in history.invoices_for_po(str(po_number), exclude_document_id=document_id)
                           if not _same_invoice(d, fields)]
                prior = [d.line_items for d in earlier]
                ctx["invoiced_net_before"] = sum(
                    float(to_number(d.fields["net_amount"])) for d in earlier if is_numeric(d.fields.get("net_amount"))
                )
            ctx["matches"] = line_matches(line_items, po.line_items, receipts, prior)
    if document_type in INVOICE_TYPES:
        number = fields.get("invoice_number") or fields.get("document_number")
        same_type = [document_type]
        duplicates = [d for d in history.invoices_by_vendor_number(supplier, str(number), exclude_document_id=document_id)
                      if d.document_type in same_type] if number else []
        fuzzy = [d for d in history.fuzzy_duplicates(supplier, number, fields.get("total_amount"),
                                                     fields.get("invoice_date") or fields.get("document_date"),
                                                     exclude_document_id=document_id)
                 if d.document_type in same_type]
        seen = {d.document_id for d in duplicates + fuzzy}
        same_amount = [d for d in history.same_amount_and_date(supplier, fields.get("total_amount"),
                                                               fields.get("invoice_date") or fields.get("document_date"),
                                                               exclude_document_id=document_id)
                       if d.document_id not in seen and d.document_type in same_type]
        ctx["duplicates"] = [d.summary() for d in duplicates]
        ctx["fuzzy_duplicates"] = [d.summary() for d in fuzzy]
        ctx["same_amount_and_date"] = [d.summary() for d in same_amount]
        if document_type == "CREDIT_MEMO" and fields.get("original_invoice_number"):
            original = history.find_invoice(str(fields["original_invoice_number"]), supplier)
            ctx["original_invoice"] = _view(original) if original else None
    elif document_type in NUMBERED:
        number = own_number(document_type, fields)
        party = supplier if document_type in ("GOODS_RECEIPT", "DELIVERY_NOTE") else None
        same = history.documents_by_number((document_type,), number, supplier=party,
                                           exclude_document_id=document_id) if number else []
        ctx["same_number"] = [d.summary() for d in same]
    return ctx


def _same_invoice(doc: HistoryDocument, fields: dict[str, Any]) -> bool:
    """An earlier copy of this very invoice (a duplicate) does not count as "invoiced before"."""
    from sap_llm.history.keys import numbers_equivalent

    return numbers_equivalent(doc.fields.get("invoice_number"), fields.get("invoice_number"))
