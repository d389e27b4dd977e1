"""Stage 8 on the real SAP metadata with a small catalogue written here: payloads, checks, status."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb_tools.edmx import parse_dir
from sap_llm.kb import ARTIFACT_FORMAT, KnowledgeBase
from sap_llm.profile import load_profile
from sap_llm.records import Classification, Extraction, Issue, QualityReport, ValidationReport
from sap_llm.route import decide_status, route
from sap_llm.route.check import check_payload

API = "API_SUPPLIERINVOICE_PROCESS_SRV"
CATALOGUE = {
    "routes": [
        {"id": "SI", "document_type": "SUPPLIER_INVOICE", "api": API, "entity_set": "A_SupplierInvoice",
         "why": "supplier invoices are posted in accounts payable",
         "required": ["CompanyCode", "DocumentDate", "InvoiceGrossAmount", "DocumentCurrency"]},
        {"id": "SI_CM", "document_type": "SUPPLIER_INVOICE", "subtypes": ["CREDIT_NOTE"], "api": API,
         "entity_set": "A_SupplierInvoice", "why": "credit memo",
         "mappings": [{"target": "SupplierInvoiceIsCreditMemo", "value": "X"}]},
        {"id": "JE", "document_type": "JOURNAL_ENTRY", "api": None, "why": "no journal-entry posting API in the KB"},
        {"id": "CI", "document_type": "CUSTOMER_INVOICE", "api": "API_BILLING_DOCUMENT_SRV",
         "entity_set": "A_BillingDocument", "why": "billing documents are read-only"},
    ],
    "field_mappings": {
        "SUPPLIER_INVOICE": [
            {"source": "invoice_number", "target": "SupplierInvoiceIDByInvcgParty", "transform": "truncate"},
            {"source": "invoice_date", "target": "DocumentDate", "transform": "parse_date"},
            {"source": "total_amount", "target": "InvoiceGrossAmount", "transform": "decimal"},
            {"source": "currency", "target": "DocumentCurrency", "transform": "currency_code"},
            {"source": "profile.company_code", "target": "CompanyCode"},
            {"source": "profile.vendor", "target": "InvoicingParty", "transform": "pad_left_zeros"},
            {"source": "purchase_order_number", "target": "to_SuplrInvcItemPurOrdRef[]/PurchaseOrder"},
            {"source": "line_items[].#position", "target": "to_SuplrInvcItemPurOrdRef[]/SupplierInvoiceItem",
             "transform": "pad_left_zeros"},
            {"source": "line_items[].quantity", "target": "to_SuplrInvcItemPurOrdRef[]/QuantityInPurchaseOrderUnit",
             "transform": "decimal"},
            {"source": "line_items[].unit", "target": "to_SuplrInvcItemPurOrdRef[]/PurchaseOrderQuantityUnit",
             "transform": "unit_iso_to_sap"},
            {"source": "line_items[].net_amount", "target": "to_SuplrInvcItemPurOrdRef[]/SupplierInvoiceItemAmount",
             "transform": "decimal"},
        ],
        "CUSTOMER_INVOICE": [{"source": "invoice_number", "target": "BillingDocument", "transform": "truncate"}],
    },
}


@pytest.fixture(scope="module")
def kb(edmx_dir: Path) -> KnowledgeBase:
    services = parse_dir(edmx_dir)
    artifact = {"format": ARTIFACT_FORMAT, "version": "test", "services": {s.name: s.model_dump() for s in services},
                "mappings": CATALOGUE, "rules": []}
    return KnowledgeBase(artifact)


PROFILE = load_profile(None)
VENDOR = PROFILE.vendors[0]
FIELDS = {"invoice_number": "RE-2024-0815", "invoice_date": "2024-11-18", "total_amount": 1190.0, "currency": "EUR",
          "supplier_vat_id": VENDOR.vat_id, "supplier_name": VENDOR.name, "company_code": "1010",
          "purchase_order_number": "4500001234"}
ITEMS = [{"item": "10", "quantity": 2, "unit": "EA", "unit_price": 250.0, "net_amount": 500.0},
         {"item": "20", "quantity": 1.5, "unit": "H", "unit_price": 460.0, "net_amount": 690.0}]


def _cls(doc_type: str = "SUPPLIER_INVOICE", subtype: str | None = "STANDARD_INVOICE", p: float = 0.97) -> Classification:
    return Classification(document_type=doc_type, subtype=subtype, document_type_probabilities={doc_type: p},
                          subtype_probabilities={subtype: 0.9} if subtype else {}, direction="incoming")


def _ok() -> tuple[QualityReport, ValidationReport]:
    return QualityReport(passed=True, completeness=1.0), ValidationReport(passed=True)


def test_supplier_invoice_payload_is_a_deep_insert_with_odata_v2_values(kb: KnowledgeBase) -> None:
    extraction = Extraction(fields=FIELDS, line_items=ITEMS, field_confidence=dict.fromkeys(FIELDS, 0.95))
    decision = route(extraction, _cls(), *_ok(), kb=kb, profile=PROFILE)
    assert (decision.api, decision.entity_set, decision.method) == (API, "A_SupplierInvoice", "POST")
    payload = decision.payload
    assert payload["DocumentDate"] == "/Date(1731888000000)/"
    assert payload["InvoiceGrossAmount"] == "1190.000"  # Edm.Decimal Scale=3, a string in V2 JSON
    assert payload["CompanyCode"] == "1010" and payload["DocumentCurrency"] == "EUR"
    assert payload["InvoicingParty"] == VENDOR.supplier.zfill(10)  # matched in the master data by VAT id
    items = payload["to_SuplrInvcItemPurOrdRef"]
    assert [i["SupplierInvoiceItem"] for i in items] == ["000001", "000002"]
    assert [i["PurchaseOrder"] for i in items] == ["4500001234"] * 2  # header value copied to every item
    assert items[1]["QuantityInPurchaseOrderUnit"] == "1.500"
    assert decision.issues == []
    assert check_payload(payload, kb.service(API), "A_SupplierInvoice") == []
    assert decision.confidence == pytest.approx(0.95)
    assert any("SI" in r and API in r for r in decision.reasons)
    status, reasons = decide_status(*_ok(), decision, _cls())
    assert status == "touchless" and API in reasons[0]


def test_subtype_route_adds_its_own_constants(kb: KnowledgeBase) -> None:
    decision = route(Extraction(fields=FIELDS), _cls(subtype="CREDIT_NOTE"), *_ok(), kb=kb, profile=PROFILE)
    assert decision.payload["SupplierInvoiceIsCreditMemo"] == "X"
    assert "DocumentDate" in decision.payload  # the type's shared mappings still apply


def test_missing_required_and_bad_value_become_issues_not_a_broken_payload(kb: KnowledgeBase) -> None:
    fields = {k: v for k, v in FIELDS.items() if k != "invoice_date"} | {"total_amount": "12 apples"}
    decision = route(Extraction(fields=fields), _cls(), *_ok(), kb=kb, profile=PROFILE)
    ids = {(i.rule_id, i.field) for i in decision.issues}
    assert ("RT_REQUIRED", "DocumentDate") in ids
    assert ("RT_VALUE", "total_amount") in ids
    assert "InvoiceGrossAmount" not in decision.payload
    status, reasons = decide_status(*_ok(), decision, _cls())
    assert status == "needs_review" and any("RT_REQUIRED" in r for r in reasons)


def test_long_invoice_number_is_truncated_with_a_warning(kb: KnowledgeBase) -> None:
    fields = FIELDS | {"invoice_number": "INV-" + "9" * 30}
    decision = route(Extraction(fields=fields), _cls(), *_ok(), kb=kb, profile=PROFILE)
    value = decision.payload["SupplierInvoiceIDByInvcgParty"]
    assert len(value) == kb.property_spec(API, "A_SupplierInvoice", "SupplierInvoiceIDByInvcgParty").max_length
    assert [i.rule_id for i in decision.issues] == ["RT_TRUNCATED"]


def test_type_without_api_goes_to_a_person(kb: KnowledgeBase) -> None:
    decision = route(Extraction(fields={}), _cls("JOURNAL_ENTRY", None), *_ok(), kb=kb, profile=PROFILE)
    assert decision.api is None and decision.issues[0].rule_id == "RT_NO_API"
    status, reasons = decide_status(*_ok(), decision, _cls("JOURNAL_ENTRY", None))
    assert status == "needs_review" and any("no SAP API" in r for r in reasons)


def test_read_only_entity_set_is_flagged(kb: KnowledgeBase) -> None:
    decision = route(Extraction(fields={"invoice_number": "90001234"}), _cls("CUSTOMER_INVOICE", None), *_ok(),
                     kb=kb, profile=PROFILE)
    assert any(i.rule_id == "RT_NOT_CREATABLE" for i in decision.issues)


def test_checker_catches_what_the_metadata_forbids(kb: KnowledgeBase) -> None:
    service = kb.service(API)
    payload = {"CompanyCode": "10101", "Nonexistent": "x", "InvoiceGrossAmount": "1.23456",
               "DocumentDate": "2024-11-18", "to_SuplrInvcItemPurOrdRef": {"PurchaseOrder": "1"},
               "to_SuplrInvoiceAdditionalData": [{}]}
    problems = {i.field: i.message for i in check_payload(payload, service, "A_SupplierInvoice", ["PostingDate"])}
    assert "MaxLength is 4" in problems["CompanyCode"]
    assert "no property Nonexistent" in problems["Nonexistent"]
    assert "decimal places" in problems["InvoiceGrossAmount"]
    assert "/Date(ms)/" in problems["DocumentDate"]
    assert "list" in problems["to_SuplrInvcItemPurOrdRef"]
    assert "one entity" in problems["to_SuplrInvoiceAdditionalData"]
    assert "PostingDate" in problems


def test_low_confidence_or_errors_keep_a_document_from_touchless(kb: KnowledgeBase) -> None:
    decision = route(Extraction(fields=FIELDS, field_confidence=dict.fromkeys(FIELDS, 0.95)), _cls(), *_ok(), kb=kb,
                     profile=PROFILE)
    low = QualityReport(passed=True, completeness=1.0, issues=[Issue(rule_id="QC_CONFIDENCE", severity="WARNING",
                                                                      field="total_amount", message="p=0.3")])
    assert decide_status(low, ValidationReport(passed=True), decision, _cls())[0] == "needs_review"
    failed = ValidationReport(passed=False, issues=[Issue(rule_id="BR_001", severity="ERROR", message="total")])
    status, reasons = decide_status(QualityReport(passed=True, completeness=1.0), failed, decision, _cls())
    assert status == "needs_review" and "BR_001" in reasons[0]
    warned = ValidationReport(passed=True, issues=[Issue(rule_id="BR_200", severity="WARNING", message="note")])
    assert decide_status(QualityReport(passed=True, completeness=1.0), warned, decision, _cls())[0] == "touchless"


def test_rule_errors_lower_the_routing_confidence(kb: KnowledgeBase) -> None:
    extraction = Extraction(fields=FIELDS, field_confidence=dict.fromkeys(FIELDS, 0.9))
    clean = route(extraction, _cls(), *_ok(), kb=kb, profile=PROFILE)
    failed = ValidationReport(passed=False, issues=[Issue(rule_id="BR_001", severity="ERROR", message="total")])
    flagged = route(extraction, _cls(), QualityReport(passed=True, completeness=1.0), failed, kb=kb, profile=PROFILE)
    assert flagged.confidence == pytest.approx(clean.confidence / 2)
    assert "halved for 1 error" in flagged.reasons[2]
