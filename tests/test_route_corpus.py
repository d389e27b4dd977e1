"""Stage 8 with the shipped mapping catalogue on generated documents' ground truth.

Every payload must validate against the real metadata, and every document type must reach the API
the contract names (or, where the knowledge base has no posting API, go to a person).
"""

from __future__ import annotations

import json

import pytest

from sap_llm.contract import DOCUMENT_TYPES, TYPE_INFO
from sap_llm.corpus.synth import generate_corpus
from sap_llm.profile import load_profile
from sap_llm.records import Classification, Extraction, QualityReport, ValidationReport
from sap_llm.route import route

PROFILE = load_profile(None)


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    out = tmp_path_factory.mktemp("corpus")
    types = [t for t in DOCUMENT_TYPES if t != "UNKNOWN"]
    paths = generate_corpus(out, 4 * len(types), 23, types=types, scan_ratio=0.0, defect_ratio=0.0, workers=1)
    return [json.loads(p.read_text(encoding="utf-8")) for p in paths]


def _decide(record: dict, kb):  # noqa: ANN001, ANN202
    truth = record["ground_truth"]
    classification = Classification(document_type=record["document_type"], subtype=record["subtype"])
    extraction = Extraction(fields=truth["fields"], line_items=truth.get("line_items", []))
    return route(extraction, classification, QualityReport(passed=True, completeness=1.0),
                 ValidationReport(passed=True), kb=kb, profile=PROFILE)


def test_every_type_is_generated(records: list[dict]) -> None:
    assert {r["document_type"] for r in records} == {t for t in DOCUMENT_TYPES if t != "UNKNOWN"}


def test_payloads_validate_against_the_real_metadata(records: list[dict], built_kb) -> None:  # noqa: ANN001
    problems = []
    for record in records:
        decision = _decide(record, built_kb)
        bad = [i for i in decision.issues if i.rule_id in {"RT_METADATA", "RT_VALUE"}]
        problems += [f"{record['id']} {record['document_type']}/{record['subtype']}: {i.message}" for i in bad]
    assert problems == []


def test_routes_follow_the_contract(records: list[dict], built_kb) -> None:  # noqa: ANN001
    for record in records:
        decision = _decide(record, built_kb)
        expected = TYPE_INFO[record["document_type"]].sap_api
        if expected in built_kb.apis:
            assert decision.api == expected, record["id"]
            assert built_kb.has_entity_set(decision.api, decision.entity_set)
            assert decision.payload, f"{record['id']}: empty payload"
        else:  # no such API among the metadata the knowledge base was built from: a person posts it
            assert decision.api is None and decision.issues[0].rule_id == "RT_NO_API"


def test_supplier_invoice_payload_carries_the_ground_truth(records: list[dict], built_kb) -> None:  # noqa: ANN001
    invoices = [r for r in records if r["document_type"] == "SUPPLIER_INVOICE"]
    assert invoices
    for record in invoices:
        fields = record["ground_truth"]["fields"]
        payload = _decide(record, built_kb).payload
        assert payload["InvoiceGrossAmount"].startswith(f"{fields['total_amount']:.2f}")
        assert payload["DocumentCurrency"] == fields["currency"]
        number = fields["invoice_number"]
        assert payload["SupplierInvoiceIDByInvcgParty"] == number[:16]


def test_partner_number_falls_back_to_the_matched_vendor(built_kb) -> None:  # noqa: ANN001
    vendor = PROFILE.vendors[0]
    fields = {"invoice_number": "A-1", "invoice_date": "2024-11-18", "total_amount": 119.0, "currency": "EUR",
              "supplier_vat_id": vendor.vat_id, "company_code": PROFILE.company_codes[0].code}
    decision = route(Extraction(fields=fields), Classification(document_type="SUPPLIER_INVOICE",
                     subtype="STANDARD_INVOICE"), QualityReport(passed=True, completeness=1.0),
                     ValidationReport(passed=True), kb=built_kb, profile=PROFILE)  # fmt: skip
    assert decision.payload["InvoicingParty"] == vendor.supplier.zfill(10)
    printed = route(Extraction(fields=fields | {"supplier_number": "4711"}), Classification(
        document_type="SUPPLIER_INVOICE", subtype="STANDARD_INVOICE"), QualityReport(passed=True, completeness=1.0),
        ValidationReport(passed=True), kb=built_kb, profile=PROFILE)  # fmt: skip
    assert printed.payload["InvoicingParty"] == "0000004711"  # what the document says wins


def test_master_record_navigations_get_one_entry(records: list[dict], built_kb) -> None:  # noqa: ANN001
    vendors = [r for r in records if r["document_type"] == "VENDOR_MASTER" and r["ground_truth"]["fields"].get("iban")]
    assert vendors
    for record in vendors:
        payload = _decide(record, built_kb).payload
        banks = payload.get("to_BusinessPartnerBank") or [payload]
        assert len(banks) == 1
        assert banks[0]["IBAN"] == record["ground_truth"]["fields"]["iban"]
