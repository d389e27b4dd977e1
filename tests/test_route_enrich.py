"""PO item numbers for invoice lines from the purchase order in the history (stage 8 enrichment)."""

from __future__ import annotations

from sap_llm.history.base import HistoryDocument
from sap_llm.route.enrich import po_items_from_history

PO = HistoryDocument(document_id="a" * 64, document_type="PURCHASE_ORDER", number="4500000017",
                     fields={"po_number": "4500000017"},
                     line_items=[{"item": "10", "material": "MAT-1", "description": "Bolt M8"},
                                 {"item": "20", "material": "MAT-2", "description": "Nut M8"}])


def test_lines_take_the_item_of_the_po_line_they_match() -> None:
    lines = [{"material": "MAT-2", "quantity": 5}, {"material": "MAT-1", "quantity": 3}]
    items, note = po_items_from_history(lines, PO)
    assert [i["po_item"] for i in items] == ["20", "10"]
    assert note is not None and "2 of 2" in note and "4500000017" in note
    assert "po_item" not in lines[0]  # the ADC itself is not changed


def test_printed_po_items_win_and_unmatched_lines_stay_empty() -> None:
    lines = [{"material": "MAT-1", "po_item": "30"}, {"material": "OTHER", "description": "Washer", "quantity": 1},
             {"material": "MAT-2"}]
    items, note = po_items_from_history(lines, PO)
    assert items[0]["po_item"] == "30"
    assert items[2]["po_item"] == "20"
    assert "po_item" not in items[1]
    assert note is not None and "1 of 3" in note


def test_nothing_to_do_without_a_purchase_order() -> None:
    lines = [{"material": "MAT-1"}]
    assert po_items_from_history(lines, None) == (lines, None)
    assert po_items_from_history([{"material": "X", "po_item": "10"}], PO)[1] is None


def test_only_invoices_with_a_po_number_look_up_the_history() -> None:
    from sap_llm.records import Extraction
    from sap_llm.route.enrich import extraction_for_payload

    asked: list[str] = []

    def find(number: str) -> HistoryDocument:
        asked.append(number)
        return PO

    invoice = Extraction(fields={"po_number": "4500000017"}, line_items=[{"material": "MAT-2"}])
    enriched, notes = extraction_for_payload(invoice, "SUPPLIER_INVOICE", find)
    assert enriched.line_items[0]["po_item"] == "20" and notes and asked == ["4500000017"]
    assert "po_item" not in invoice.line_items[0]
    assert extraction_for_payload(invoice, "SALES_ORDER", find) == (invoice, [])
    assert extraction_for_payload(Extraction(fields={}), "SUPPLIER_INVOICE", find)[1] == []
    assert asked == ["4500000017"]
