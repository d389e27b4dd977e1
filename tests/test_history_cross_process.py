"""History survives restarts: a PO and its goods receipt recorded by one process, the invoice validated by the next."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

RECORD_PO_AND_GR = textwrap.dedent("""
    import sys
    from sap_llm.config import Settings
    from sap_llm.history import open_history
    from sap_llm.records import ProcessResult
    settings = Settings.model_validate({"storage": {"history_backend": sys.argv[1], "history_path": sys.argv[2]}})
    supplier = {"supplier_name": "Schneider Metallbau GmbH", "supplier_vat_id": "DE129891236"}
    lines = [{"item": "10", "material": "M-100", "quantity": 10, "unit": "EA", "unit_price": 25.0, "net_amount": 250.0}]
    with open_history(settings) as history:
        history.record(ProcessResult(document_id="po-1", source="po.pdf", document_type="PURCHASE_ORDER",
            fields={"po_number": "4500000777", "po_date": "2024-11-01", "currency": "EUR", **supplier},
            line_items=lines, status="touchless"))
        history.record(ProcessResult(document_id="gr-1", source="gr.pdf", document_type="GOODS_RECEIPT",
            fields={"document_number": "5000000777", "po_number": "4500000777", **supplier},
            line_items=[dict(lines[0], quantity=6)], status="touchless"))
""")

VALIDATE_INVOICE = textwrap.dedent("""
    import json, sys
    from sap_llm.config import Settings
    from sap_llm.history import open_history
    from sap_llm.profile import load_profile
    from sap_llm.records import Classification, Extraction
    from sap_llm.validate import ValidationContext, validate
    from sap_llm.validate.history_view import history_context
    settings = Settings.model_validate({"storage": {"history_backend": sys.argv[1], "history_path": sys.argv[2]}})
    fields = {"invoice_number": "RE-777", "invoice_date": "2024-11-18", "po_number": "45000-00777", "currency": "EUR",
              "supplier_name": "Schneider Metallbau GmbH", "supplier_vat_id": "DE129891236",
              "net_amount": 250.0, "tax_amount": 47.5, "total_amount": 297.5}
    lines = [{"item": "10", "material": "M-100", "quantity": 10, "unit": "EA", "unit_price": 25.0, "net_amount": 250.0}]
    with open_history(settings) as history:
        hist = history_context(history, "SUPPLIER_INVOICE", fields, lines, document_id="inv-1")
        report = validate(Extraction(fields=fields, line_items=lines),
                          Classification(document_type="SUPPLIER_INVOICE"),
                          context=ValidationContext(load_profile(), history, today="2024-12-01", document_id="inv-1"))
    print(json.dumps({"po": hist["po"]["document_id"], "grs": [g["document_id"] for g in hist["goods_receipts"]],
                      "received": hist["matches"][0]["received_quantity"],
                      "issues": sorted(i.rule_id for i in report.issues)}))
""")


@pytest.mark.parametrize("backend", ["sqlite", "gremlin"])
def test_three_way_match_across_processes(tmp_path, backend):
    db = str(tmp_path / "history.sqlite3")
    subprocess.run([sys.executable, "-c", RECORD_PO_AND_GR, backend, db], check=True, timeout=120)
    out = subprocess.run([sys.executable, "-c", VALIDATE_INVOICE, backend, db], check=True, timeout=120,
                         capture_output=True, text=True).stdout
    seen = json.loads(out.strip().splitlines()[-1])
    assert seen["po"] == "po-1" and seen["grs"] == ["gr-1"]
    assert seen["received"] == 6.0
    # 10 invoiced, 6 received: the three-way match flags it; the PO and its receipt were found
    assert "BR_192" in seen["issues"]
    assert "BR_188" not in seen["issues"] and "BR_193" not in seen["issues"]
