"""The contract as code: types, subtypes, field registry, schemas and ADC validation."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator

from sap_llm.contract import (
    DOCUMENT_TYPES,
    FIELD_NAMES,
    FIELDS,
    SUBTYPES,
    TYPE_INFO,
    bio_labels,
    fields_for,
    required_fields,
    schema_for,
    subtype_info,
    validate_adc,
)

CONTRACT_TYPES = [
    "PURCHASE_ORDER", "SUPPLIER_INVOICE", "SALES_ORDER", "CUSTOMER_INVOICE", "GOODS_RECEIPT",
    "GOODS_ISSUE", "JOURNAL_ENTRY", "PRODUCT_MASTER", "VENDOR_MASTER", "CUSTOMER_MASTER",
    "MATERIAL_MASTER", "PAYMENT_ADVICE", "DELIVERY_NOTE", "CREDIT_MEMO", "UNKNOWN",
]
CONTRACT_HEADER = [
    "document_number", "invoice_number", "po_number", "sales_order_number", "delivery_note_number",
    "document_date", "invoice_date", "po_date", "delivery_date", "due_date", "posting_date",
    "supplier_name", "supplier_address", "customer_name", "customer_address", "supplier_vat_id",
    "customer_vat_id", "supplier_iban", "supplier_bic", "company_code", "purchasing_organization",
    "purchasing_group", "plant", "currency", "net_amount", "tax_amount", "total_amount", "tax_rate",
    "payment_terms",
]
CONTRACT_LINE = ["item", "material", "description", "quantity", "unit", "unit_price", "net_amount"]


def _invoice(**fields):
    base = {"invoice_number": "RE-2024-0815", "invoice_date": "2024-11-18", "supplier_name": "Acme Ltd",
            "total_amount": 1190.00, "currency": "EUR"}
    base.update(fields)
    return {"document_type": "SUPPLIER_INVOICE", "subtype": "STANDARD_INVOICE", "fields": base,
            "line_items": [{"item": "10", "description": "Laptop", "quantity": 1, "unit": "EA",
                            "unit_price": 1000.00, "net_amount": "1000.00"}]}


def test_types_match_contract_md():
    assert list(DOCUMENT_TYPES) == CONTRACT_TYPES
    assert set(SUBTYPES) == set(CONTRACT_TYPES)


def test_subtype_counts_and_names():
    assert len(SUBTYPES["PURCHASE_ORDER"]) >= 35
    assert len(SUBTYPES["SUPPLIER_INVOICE"]) >= 15
    for name in ["STANDARD_PO", "BLANKET_PO", "CONTRACT_PO", "FRAMEWORK_ORDER", "SCHEDULING_AGREEMENT",
                 "SERVICE_PO", "CONSIGNMENT_PO", "SUBCONTRACTING_PO", "STOCK_TRANSFER_PO", "THIRD_PARTY_PO",
                 "LIMIT_PO", "RUSH_ORDER", "DROP_SHIP_PO", "RETURN_PO"]:
        assert name in SUBTYPES["PURCHASE_ORDER"], name
    for name in ["STANDARD_INVOICE", "DEBIT_MEMO", "PROFORMA_INVOICE", "COMMERCIAL_INVOICE", "RECEIPT",
                 "SELF_BILLING"]:
        assert name in SUBTYPES["SUPPLIER_INVOICE"], name
    assert "SUPPLIER_CREDIT_MEMO" in SUBTYPES["CREDIT_MEMO"]
    assert {"LETTER", "NEWSLETTER", "PRICE_LIST", "FORM", "OTHER"} <= set(SUBTYPES["UNKNOWN"])
    for doc_type, subs in SUBTYPES.items():
        assert subs, doc_type
        for name, info in subs.items():
            assert name == name.upper() and " " not in name
            assert info.description and info.document_type == doc_type


def test_subtype_sap_attributes():
    assert subtype_info("GOODS_RECEIPT", "GR_FOR_PO").get("movement_type") == "101"
    assert subtype_info("GOODS_RECEIPT", "RETURN_TO_VENDOR").get("movement_type") == "122"
    assert subtype_info("GOODS_ISSUE", "COST_CENTER").get("movement_type") == "201"
    assert subtype_info("GOODS_ISSUE", "PRODUCTION_ORDER").get("movement_type") == "261"
    assert subtype_info("CREDIT_MEMO", "SUPPLIER_CREDIT_MEMO").get("credit_memo") is True
    with pytest.raises(KeyError, match="unknown subtype 'NOPE' for PURCHASE_ORDER"):
        subtype_info("PURCHASE_ORDER", "NOPE")


def test_registry_size_and_contract_names():
    assert len(FIELD_NAMES) >= 180
    header = {f.name for f in FIELDS.values() if f.level == "header"}
    line = {f.name for f in FIELDS.values() if f.level == "line_item"}
    assert set(CONTRACT_HEADER) <= header
    assert set(CONTRACT_LINE) <= line
    for spec in FIELDS.values():
        assert spec.name == spec.name.lower() and spec.description and spec.normal_form
        assert set(spec.required_in) <= set(spec.document_types)


def test_required_sets_are_small_and_realistic():
    assert set(required_fields("SUPPLIER_INVOICE")) == {
        "invoice_number", "invoice_date", "supplier_name", "total_amount", "currency"}
    assert set(required_fields("SUPPLIER_INVOICE", subtype="RECEIPT")) == {
        "invoice_date", "supplier_name", "total_amount"}
    for doc_type in DOCUMENT_TYPES:
        assert len(required_fields(doc_type)) <= 6, doc_type
    assert required_fields("UNKNOWN") == []


def test_line_items_only_where_types_have_tables():
    for doc_type, info in TYPE_INFO.items():
        assert bool(fields_for(doc_type, "line_item")) == info.has_line_items, doc_type


@pytest.mark.parametrize("doc_type", CONTRACT_TYPES)
def test_every_schema_is_valid_draft_2020_12(doc_type):
    schema = schema_for(doc_type)
    Draft202012Validator.check_schema(schema)
    assert schema["properties"]["fields"]["additionalProperties"] is False
    assert schema["properties"]["document_type"] == {"const": doc_type}


def test_schema_patterns_for_normal_forms():
    props = schema_for("SUPPLIER_INVOICE")["properties"]["fields"]["properties"]
    assert props["invoice_date"]["pattern"] == r"^\d{4}-\d{2}-\d{2}$"
    assert props["currency"]["pattern"] == r"^[A-Z]{3}$"
    assert "pattern" in props["supplier_iban"] and props["total_amount"]["type"] == ["number", "string"]
    items = schema_for("SUPPLIER_INVOICE")["properties"]["line_items"]["items"]["properties"]
    assert set(CONTRACT_LINE) <= set(items)


def test_valid_adc_passes_and_amount_strings_accepted():
    assert validate_adc(_invoice()) == []
    assert validate_adc(_invoice(total_amount="1190.00", tax_rate=19)) == []


def test_precise_error_messages():
    errors = validate_adc(_invoice(invoice_date="18.11.2024", currency="eur", bogus="x", total_amount="1.190,00"))
    assert r"fields.invoice_date: '18.11.2024' does not match ^\d{4}-\d{2}-\d{2}$" in errors
    assert "fields.currency: 'eur' does not match ^[A-Z]{3}$" in errors
    assert any(e.startswith("fields: unknown field(s) bogus") for e in errors)
    assert any(e.startswith("fields.total_amount: '1.190,00' does not match") for e in errors)
    assert len(errors) == 4


def test_impossible_date_and_missing_required():
    adc = _invoice(invoice_date="2024-02-30")
    del adc["fields"]["supplier_name"]
    errors = validate_adc(adc)
    assert "fields.invoice_date: '2024-02-30' is not a valid date" in errors
    assert "fields: required field(s) missing: supplier_name" in errors


def test_line_item_errors_carry_index():
    adc = _invoice()
    adc["line_items"].append({"description": "Mouse", "quantity": "two"})
    assert validate_adc(adc) == ["line_items[1].quantity: 'two' does not match ^-?\\d+(\\.\\d+)?$"]


def test_type_mismatch_subtype_and_no_table_types():
    assert validate_adc(_invoice(), "CREDIT_MEMO")[0].startswith("document_type: 'SUPPLIER_INVOICE' is not")
    bad_sub = _invoice()
    bad_sub["subtype"] = "STANDARD_PO"
    assert validate_adc(bad_sub)[0].startswith("subtype: 'STANDARD_PO' is not one of STANDARD_INVOICE")
    vendor = {"document_type": "VENDOR_MASTER", "fields": {"name": "Acme", "country": "GB"}, "line_items": [{}]}
    assert validate_adc(vendor) == ["line_items: this document type has no line items"]
    assert validate_adc({"fields": {}}) == ["document_type: missing (cannot choose a schema)"]
    assert validate_adc({"document_type": "INVOICE"})[0].startswith("document_type: 'INVOICE' is not one of")
    assert validate_adc([1]) == ["(document): expected a JSON object, got list"]


def test_process_result_shape_validates():
    result = {**_invoice(), "document_id": "ab" * 32, "source": "x.pdf", "status": "touchless",
              "confidence": {"document_type": 0.9}, "timings_ms": {"inbox": 1.0}}
    assert validate_adc(result) == []
    rejected = {"document_id": None, "source": "x.pdf", "status": "rejected", "document_type": None,
                "error": {"code": "encrypted", "message": "the PDF is encrypted", "stage": "inbox"}}
    assert validate_adc(rejected) == [
        "(document): a rejected result carries no ADC (encrypted: the PDF is encrypted)"]


def test_empty_string_is_not_a_value():
    assert validate_adc(_invoice(payment_terms="")) == [
        'fields.payment_terms: empty string (absent fields must be omitted, not "")']


def test_bio_label_set():
    labels = bio_labels(["SUPPLIER_INVOICE"])
    assert labels[0] == "O" and "B-invoice_number" in labels and "I-li.quantity" in labels
    assert "B-name" not in labels  # vendor master only
