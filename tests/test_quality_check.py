"""Stage 6, the quality gate: required fields, confidence thresholds, arithmetic."""

from __future__ import annotations

from sap_llm.config import Thresholds
from sap_llm.quality import check
from sap_llm.records import Classification, Extraction

LINES = [{"item": "10", "quantity": 3, "unit_price": 9.99, "net_amount": 29.97},
         {"item": "20", "quantity": 1, "unit_price": "70.03", "net_amount": "70.03"}]
FIELDS = {"invoice_number": "RE-1", "invoice_date": "2024-11-18", "supplier_name": "Schneider Metallbau GmbH",
          "currency": "EUR", "net_amount": 100.0, "tax_amount": 19.0, "total_amount": 119.0}
INVOICE = Classification(document_type="SUPPLIER_INVOICE", subtype="STANDARD_INVOICE",
                         document_type_probabilities={"SUPPLIER_INVOICE": 0.97},
                         subtype_probabilities={"STANDARD_INVOICE": 0.9})


def ids(report):
    return sorted(i.rule_id for i in report.issues)


def test_clean_invoice_passes_complete():
    report = check(Extraction(fields=FIELDS, line_items=LINES,
                              field_confidence={k: 0.95 for k in FIELDS}), INVOICE)
    assert report.passed and report.completeness == 1.0 and report.issues == []


def test_missing_required_field_lowers_completeness():
    fields = {k: v for k, v in FIELDS.items() if k != "invoice_number"}
    report = check(Extraction(fields=fields, line_items=LINES), INVOICE)
    assert not report.passed and ids(report) == ["QC_REQUIRED"]
    assert report.issues[0].field == "invoice_number" and report.completeness == 0.8


def test_receipt_subtype_requires_less():
    receipt = Classification(document_type="SUPPLIER_INVOICE", subtype="RECEIPT")
    fields = {"invoice_date": "2024-11-18", "supplier_name": "Shop", "total_amount": 5.0}
    assert check(Extraction(fields=fields), receipt).passed


def test_confidence_thresholds_default_per_field_per_type():
    ex = Extraction(fields=FIELDS, line_items=LINES, field_confidence={"invoice_number": 0.55, "total_amount": 0.7})
    assert check(ex, INVOICE).passed  # default 0.5
    strict = Thresholds(per_field={"invoice_number": 0.6})
    report = check(ex, INVOICE, thresholds=strict)
    assert not report.passed and ids(report) == ["QC_CONFIDENCE"] and report.issues[0].field == "invoice_number"
    per_type = Thresholds(per_field={"invoice_number": 0.6},
                          per_type_field={"SUPPLIER_INVOICE": {"invoice_number": 0.5, "total_amount": 0.8}})
    report = check(ex, INVOICE, thresholds=per_type)
    assert [i.field for i in report.issues] == ["total_amount"]


def test_low_classification_confidence():
    shaky = INVOICE.model_copy(update={"document_type_probabilities": {"SUPPLIER_INVOICE": 0.6}})
    report = check(Extraction(fields=FIELDS, line_items=LINES), shaky)
    assert ids(report) == ["QC_TYPE_CONFIDENCE"] and not report.passed


def test_arithmetic_line_sum_and_total():
    bad_line = [dict(LINES[0], net_amount=39.97), LINES[1]]
    report = check(Extraction(fields={**FIELDS, "net_amount": 110.0, "total_amount": 129.0}, line_items=bad_line), INVOICE)
    assert ids(report) == ["QC_LINE_ARITHMETIC"]
    report = check(Extraction(fields={**FIELDS, "total_amount": 129.0}, line_items=LINES), INVOICE)
    assert ids(report) == ["QC_TOTAL"]
    report = check(Extraction(fields={**FIELDS, "net_amount": 90.0, "total_amount": 109.0}, line_items=LINES), INVOICE)
    assert ids(report) == ["QC_LINES_SUM"]
    # within amount_rounding (0.02) is fine; a tighter rounding flags it
    near = {**FIELDS, "total_amount": 119.015}
    assert check(Extraction(fields=near, line_items=LINES), INVOICE).passed
    assert not check(Extraction(fields=near, line_items=LINES), INVOICE,
                     thresholds=Thresholds(amount_rounding=0.001)).passed


def test_unpriced_types_skip_arithmetic():
    gr = Classification(document_type="GOODS_RECEIPT")
    ex = Extraction(fields={"document_number": "5000000001", "document_date": "2024-11-18"},
                    line_items=[{"quantity": 2, "unit_price": 1, "net_amount": 5}])
    assert check(ex, gr).passed


def test_receipt_lines_priced_gross_are_consistent():
    receipt = Classification(document_type="SUPPLIER_INVOICE", subtype="RECEIPT")
    fields = {"invoice_date": "2025-03-09", "supplier_name": "Shop", "net_amount": 78.29, "total_amount": 95.51}
    lines = [{"description": "wire", "quantity": 1, "net_amount": 0.23}, {"description": "desk", "quantity": 1, "net_amount": 95.28}]
    assert check(Extraction(fields=fields, line_items=lines), receipt).passed
