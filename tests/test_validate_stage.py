"""Stage 7 on small real documents: master data from the example profile, a real SQLite / gremlite history."""

from __future__ import annotations

import copy

import pytest

from sap_llm.history import GremlinHistory, SqliteHistory
from sap_llm.profile import load_profile
from sap_llm.records import Classification, Extraction, ProcessResult
from sap_llm.validate import ValidationContext, validate

PROFILE = load_profile()
TODAY = "2024-12-01"
SCHNEIDER = {"supplier_name": "Schneider Metallbau GmbH", "supplier_vat_id": "DE129891236",
             "supplier_iban": "DE65100700000123456789", "supplier_bic": "DEUTDEBBXXX",
             "customer_name": "Nordwind Handels GmbH", "customer_vat_id": "DE811234565"}
PO_LINES = [{"item": "10", "material": "M-100", "description": "Steel bracket", "quantity": 10, "unit": "EA",
             "unit_price": 25.0, "net_amount": 250.0},
            {"item": "20", "material": "M-200", "description": "Hex bolt M8", "quantity": 100, "unit": "EA",
             "unit_price": 0.5, "net_amount": 50.0}]
PO_FIELDS = {"po_number": "4500000123", "po_date": "2024-11-01", "document_date": "2024-11-01", "currency": "EUR",
             "company_code": "1010", "plant": "1010", "purchasing_organization": "1010",
             "net_amount": 300.0, "tax_amount": 57.0, "total_amount": 357.0, "tax_rate": 19, **SCHNEIDER}
GR_FIELDS = {"document_number": "5000000042", "document_date": "2024-11-10", "po_number": "4500000123",
             "plant": "1010", "movement_type": "101", **SCHNEIDER}
INVOICE = {"invoice_number": "RE-2024-0815", "invoice_date": "2024-11-18", "document_date": "2024-11-18",
           "due_date": "2024-12-18", "po_number": "4500000123", "currency": "EUR", "company_code": "1010",
           "net_amount": 300.0, "tax_amount": 57.0, "total_amount": 357.0, "tax_rate": 19, **SCHNEIDER}


def cls(doc_type):
    return Classification(document_type=doc_type, subtype=None, direction="incoming")


def run(doc_type, fields, lines, history=None, doc_id="doc"):
    ctx = ValidationContext(PROFILE, history, today=TODAY, document_id=doc_id)
    return validate(Extraction(fields=fields, line_items=lines), cls(doc_type), context=ctx)


def record(history, doc_id, doc_type, fields, lines):
    history.record(ProcessResult(document_id=doc_id, source=f"{doc_id}.pdf", document_type=doc_type,
                                 fields=fields, line_items=lines, status="touchless"))


def ids(report, severity="ERROR"):
    return sorted({i.rule_id for i in report.issues if i.severity == severity})


@pytest.fixture(params=["sqlite", "gremlin"])
def chain(request, tmp_path):
    h = SqliteHistory(tmp_path / "h.sqlite3") if request.param == "sqlite" else GremlinHistory.local(tmp_path / "g.db")
    record(h, "po", "PURCHASE_ORDER", PO_FIELDS, PO_LINES)
    record(h, "gr", "GOODS_RECEIPT", GR_FIELDS, [dict(line) for line in PO_LINES])
    yield h
    h.close()


def test_clean_invoice_against_po_and_receipt_passes(chain):
    report = run("SUPPLIER_INVOICE", INVOICE, copy.deepcopy(PO_LINES), chain)
    assert report.passed, [i.model_dump() for i in report.issues]
    assert ids(report) == [] and ids(report, "WARNING") == []
    assert report.rules_evaluated > 60


def test_clean_po_and_goods_receipt_pass():
    assert run("PURCHASE_ORDER", PO_FIELDS, PO_LINES).passed
    assert ids(run("GOODS_RECEIPT", GR_FIELDS, PO_LINES), "ERROR") == []


def test_wrong_total_is_br001():
    report = run("SUPPLIER_INVOICE", {**INVOICE, "total_amount": 375.0}, PO_LINES)
    assert "BR_001" in ids(report) and not report.passed
    issue = next(i for i in report.issues if i.rule_id == "BR_001")
    assert issue.field == "total_amount" and "375" in issue.message


def test_unknown_bank_account_is_br167():
    report = run("SUPPLIER_INVOICE", {**INVOICE, "supplier_iban": "DE02120300000000202051"}, PO_LINES)
    assert ids(report) == ["BR_167"]


def test_price_over_tolerance_is_br189(chain):
    lines = copy.deepcopy(PO_LINES)
    lines[0].update(unit_price=26.5, net_amount=265.0)  # +6% over the PO price
    fields = {**INVOICE, "net_amount": 315.0, "tax_amount": 59.85, "total_amount": 374.85}
    assert "BR_189" in ids(run("SUPPLIER_INVOICE", fields, lines, chain))
    lines[0].update(unit_price=26.0, net_amount=260.0)  # +4%: within tolerance
    fields = {**INVOICE, "net_amount": 310.0, "tax_amount": 58.9, "total_amount": 368.9}
    assert "BR_189" not in ids(run("SUPPLIER_INVOICE", fields, lines, chain))


def test_invoiced_more_than_received_is_br192(tmp_path):
    h = SqliteHistory(tmp_path / "h.sqlite3")
    record(h, "po", "PURCHASE_ORDER", PO_FIELDS, PO_LINES)
    partial = copy.deepcopy(PO_LINES)
    partial[0]["quantity"] = 4
    record(h, "gr", "GOODS_RECEIPT", GR_FIELDS, partial)
    assert "BR_192" in ids(run("SUPPLIER_INVOICE", INVOICE, PO_LINES, h))


def test_duplicate_invoice_exact_and_fuzzy(chain):
    record(chain, "inv1", "SUPPLIER_INVOICE", INVOICE, PO_LINES)
    assert "BR_204" in ids(run("SUPPLIER_INVOICE", INVOICE, PO_LINES, chain, doc_id="inv2"))
    # the very same document re-validated is not its own duplicate
    assert "BR_204" not in ids(run("SUPPLIER_INVOICE", INVOICE, PO_LINES, chain, doc_id="inv1"))
    fuzzy = {**INVOICE, "invoice_number": "RE 2024/000815"}
    report = run("SUPPLIER_INVOICE", fuzzy, PO_LINES, chain, doc_id="inv3")
    assert "BR_205" in ids(report) and "BR_204" not in ids(report)


def test_no_po_reference_follows_non_po_rules(chain):
    fields = {k: v for k, v in INVOICE.items() if k != "po_number"}
    report = run("SUPPLIER_INVOICE", fields, PO_LINES, chain)
    assert report.passed
    assert "BR_202" in {i.rule_id for i in report.issues}  # non-PO invoice without account assignment: INFO


def test_unknown_vendor_and_foreign_company_code():
    fields = {**INVOICE, "supplier_name": "Fly-by-Night Trading", "supplier_vat_id": "DE136695976",
              "supplier_iban": "DE02120300000000202051", "company_code": "9999"}
    report = run("SUPPLIER_INVOICE", fields, PO_LINES)
    assert "BR_166" in ids(report, "WARNING") and "BR_170" in ids(report)


def test_referenced_po_missing_is_a_warning(tmp_path):
    h = SqliteHistory(tmp_path / "h.sqlite3")
    report = run("SUPPLIER_INVOICE", INVOICE, PO_LINES, h)
    assert "BR_188" in ids(report, "WARNING") and report.passed


def test_future_and_inverted_dates():
    report = run("SUPPLIER_INVOICE", {**INVOICE, "invoice_date": "2025-06-01", "document_date": "2025-06-01"}, PO_LINES)
    assert {"BR_051", "BR_057"} <= set(ids(report))


def test_broken_history_degrades_to_warning(tmp_path):
    h = SqliteHistory(tmp_path / "h.sqlite3")
    h.close()  # closed connection: every query raises sqlite3.ProgrammingError
    report = run("SUPPLIER_INVOICE", INVOICE, PO_LINES, h)
    assert "VAL_HISTORY" in {i.rule_id for i in report.issues}
    assert report.passed


def test_kb_rules_are_used_when_given():
    class KB:
        rules = [{"id": "BR_999", "name": "always fails", "description": "a rule that always fails",
                  "category": "amount", "applies_to": ["SUPPLIER_INVOICE"], "severity": "ERROR",
                  "condition": "false", "message": "nope",
                  "tests": [{"expect": "pass", "fields": {}}, {"expect": "fail", "fields": {}}]}]

    ctx = ValidationContext(PROFILE, None, kb=KB(), today=TODAY)
    report = validate(Extraction(fields=INVOICE, line_items=PO_LINES), cls("SUPPLIER_INVOICE"), context=ctx)
    assert ids(report) == ["BR_999"] and report.rules_evaluated == 1


def test_similar_name_with_other_vat_is_not_the_vendor():
    from sap_llm.validate.master_data import match_partner

    fields = {"supplier_name": "Mediterranea Ferramenta S.r.l.", "supplier_vat_id": "IT65835490296"}
    assert match_partner(PROFILE.vendors, fields, "supplier") == (None, None)
    vendor, how = match_partner(PROFILE.vendors, {"supplier_name": "FERRAMENTA LOMBARDA SRL"}, "supplier")
    assert vendor.supplier == "17300004" and how == "name"


def test_swiss_vat_without_suffix_is_valid():
    from sap_llm.rules.functions import vat_valid

    assert vat_valid("CHE-116.281.710 MWST") and vat_valid("CHE116281710") and not vat_valid("CHE116281711")


def test_catalogue_round_trips_through_json_as_a_kb_would_embed_it():
    import json

    from sap_llm.rules import load_catalogue

    embedded = json.loads(json.dumps([r.model_dump(mode="json") for r in load_catalogue()]))

    class KB:
        rules = embedded

    ctx = ValidationContext(PROFILE, None, kb=KB(), today=TODAY)
    report = validate(Extraction(fields={**INVOICE, "total_amount": 375.0}, line_items=PO_LINES),
                      cls("SUPPLIER_INVOICE"), context=ctx)
    assert "BR_001" in ids(report)
