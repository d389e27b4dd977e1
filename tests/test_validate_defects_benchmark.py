"""The defect benchmark's machinery on a tiny hand-written corpus in the generator's record format."""

from __future__ import annotations

import copy
import importlib.util
import json

import pytest

from sap_llm import paths
from sap_llm.history import SqliteHistory

spec = importlib.util.spec_from_file_location("validation_defects", paths.repo_path("benchmarks", "validation_defects.py"))
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)

SUPPLIER = {"supplier_name": "Schneider Metallbau GmbH", "supplier_vat_id": "DE129891236",
            "supplier_iban": "DE65100700000123456789", "customer_name": "Nordwind Handels GmbH",
            "customer_vat_id": "DE811234565", "currency": "EUR"}
LINES = [{"item": "10", "material": "M-1", "description": "Bracket", "quantity": 4, "unit": "EA",
          "unit_price": 25.0, "net_amount": 100.0}]
TOTALS = {"net_amount": 100.0, "tax_amount": 19.0, "total_amount": 119.0, "tax_rate": 19}


def rec(i, doc_type, fields, lines=LINES, defects=()):
    return {"id": f"t_{i:03d}", "document_type": doc_type, "subtype": None,
            "ground_truth": {"fields": fields, "line_items": copy.deepcopy(lines)},
            "metadata": {"defects": [{"kind": k} for k in defects]}}


def corpus():
    inv = {"invoice_date": "2024-11-18", "po_number": "4500000001", **SUPPLIER, **TOTALS}
    pricey = [dict(LINES[0], unit_price=27.5, net_amount=110.0)]
    return [
        rec(0, "PURCHASE_ORDER", {"po_number": "4500000001", "po_date": "2024-11-01", **SUPPLIER, **TOTALS}),
        rec(1, "GOODS_RECEIPT", {"document_number": "5000000001", "document_date": "2024-11-10",
                                 "po_number": "4500000001", "movement_type": "101", **SUPPLIER}),
        rec(2, "SUPPLIER_INVOICE", {"invoice_number": "RE-1", **inv}),
        rec(3, "SUPPLIER_INVOICE", {"invoice_number": "RE-2", **inv, "total_amount": 129.0}, defects=["wrong_total"]),
        rec(4, "SUPPLIER_INVOICE", {"invoice_number": "RE-1", **inv, "invoice_date": "2024-11-20"},
            defects=["duplicate_invoice_number"]),
        rec(5, "SUPPLIER_INVOICE", {"invoice_number": "RE-3", **inv, "supplier_iban": "DE02120300000000202051"},
            defects=["unknown_bank_account"]),
        rec(6, "SUPPLIER_INVOICE", {"invoice_number": "RE-4", **inv, "net_amount": 110.0, "tax_amount": 20.9,
                                    "total_amount": 130.9}, lines=pricey, defects=["price_above_tolerance"]),
    ]


def test_benchmark_flags_each_defect_and_no_clean_document(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for r in corpus():
        (folder / f"{r['id']}.json").write_text(json.dumps(r))
    (folder / "splits.json").write_text("{}")
    records = bench.load_records(folder)
    assert [r["id"] for r in records] == [f"t_{i:03d}" for i in range(7)]
    with SqliteHistory(tmp_path / "h.sqlite3") as history:
        result = bench.run(records, history, today="2024-12-01")
    assert result["defective"] == 4 and result["recall"] == 1.0, result["missed"]
    assert result["clean"] == 3 and result["false_alarms"] == 0, result["false_alarm_examples"]


@pytest.mark.slow
def test_generated_corpus_meets_the_goals(tmp_path):
    """Issue 6's done-when on a freshly generated corpus: recall ≥ 95%, false alarms ≤ 5%."""
    from sap_llm.corpus.synth import generate_corpus

    generate_corpus(tmp_path / "corpus", 400, 23, scan_ratio=0.0, defect_ratio=0.3, workers=1)
    records = bench.load_records(tmp_path / "corpus")
    with SqliteHistory(tmp_path / "h.sqlite3") as history:
        result = bench.run(records, history, today=None)
    assert result["defective"] >= 10
    assert result["recall"] >= 0.95, result["missed"]
    assert result["false_alarm_rate"] <= 0.05, result["false_alarm_examples"]
