"""Three-way match line pairing: one-to-one, strongest key first."""

from __future__ import annotations

from sap_llm.validate.matching import line_matches, match_lines

PO = [{"material": "A19550", "description": "Copper wire 2.5mm", "quantity": 35, "unit_price": 6.93},
      {"material": "A70562", "description": "Copper wire 1.5mm", "quantity": 94, "unit_price": 24.66},
      {"material": "A55824", "description": "Desk oak", "quantity": 372, "unit_price": 17.71}]


def test_item_numbers_without_po_items_pair_by_position():
    # the PO prints materials but no item numbers; the goods receipt prints item numbers only
    receipt = [{"item": "10", "description": "Copper wire 1.5mm", "quantity": 35},
               {"item": "20", "description": "Copper wire 2.5mm", "quantity": 94},
               {"item": "30", "description": "Desk oak", "quantity": 372}]
    assert match_lines(receipt, PO) == [0, 1, 2]


def test_material_beats_position_and_pairs_are_one_to_one():
    invoice = [{"material": "A55824", "quantity": 372}, {"material": "A19550", "quantity": 35}]
    assert match_lines(invoice, PO) == [2, 0]
    twice = [{"description": "Desk oak"}, {"description": "Desk oak"}]
    assert match_lines(twice, PO) == [2, None]


def test_po_item_and_zero_padded_item_numbers():
    po = [{"item": "10", "material": "X"}, {"item": "20", "material": "Y"}]
    assert match_lines([{"po_item": "00020"}, {"item": "0010"}], po) == [1, 0]


def test_received_and_invoiced_before_are_summed_per_po_line():
    invoice = [dict(p) for p in PO]
    receipts = [[{"material": "A19550", "quantity": 20}], [{"material": "A19550", "quantity": 15}]]
    prior = [[{"material": "A70562", "quantity": 50}]]
    matches = line_matches(invoice, PO, receipts, prior)
    assert [m["received_quantity"] for m in matches] == [35.0, 0.0, 0.0]
    assert [m["invoiced_before"] for m in matches] == [0.0, 50.0, 0.0]
    assert line_matches(invoice, PO, None)[0]["received_quantity"] is None
