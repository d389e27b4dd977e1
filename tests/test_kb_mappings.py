"""The mapping catalogue against the real SAP metadata, and the checker that guards it.

The shipped ``kb_tools/catalog/mappings.yaml`` must resolve completely against the 11 EDMX files
(no problem at all), cover every document type of the contract and stay big enough to be useful;
the checker must catch each kind of broken mapping, shown on small catalogues built here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from kb_tools.edmx import parse_dir
from kb_tools.mappings import (
    TRANSFORM_EDM_TYPES,
    CatalogueLoadError,
    TargetPathError,
    check_catalogue,
    load_catalogue,
    mapping_counts,
    resolve_target,
)
from sap_llm.contract import DOCUMENT_TYPES, SUBTYPES, TYPE_INFO
from sap_llm.kb.mapping import MappingCatalogue
from sap_llm.kb.model import ServiceSpec
from sap_llm.kb.transforms import TRANSFORMS

SI_API, SI_SET = "API_SUPPLIERINVOICE_PROCESS_SRV", "A_SupplierInvoice"

#: the contract's routing table (CONTRACT.md): document type -> (API, entity set) of the general route
CONTRACT_TARGETS = {
    "PURCHASE_ORDER": ("API_PURCHASEORDER_PROCESS_SRV", "A_PurchaseOrder"),
    "SUPPLIER_INVOICE": (SI_API, SI_SET),
    "CREDIT_MEMO": (SI_API, SI_SET),
    "SALES_ORDER": ("API_SALES_ORDER_SRV", "A_SalesOrder"),
    "CUSTOMER_INVOICE": ("API_BILLING_DOCUMENT_SRV", "A_BillingDocument"),
    "GOODS_RECEIPT": ("API_MATERIAL_DOCUMENT_SRV", "A_MaterialDocumentHeader"),
    "GOODS_ISSUE": ("API_MATERIAL_DOCUMENT_SRV", "A_MaterialDocumentHeader"),
    "DELIVERY_NOTE": ("API_INBOUND_DELIVERY_SRV", "A_InbDeliveryHeader"),
    "PRODUCT_MASTER": ("API_PRODUCT_SRV", "A_Product"),
    "MATERIAL_MASTER": ("API_PRODUCT_SRV", "A_Product"),
    "VENDOR_MASTER": ("API_BUSINESS_PARTNER", "A_BusinessPartner"),
    "CUSTOMER_MASTER": ("API_BUSINESS_PARTNER", "A_BusinessPartner"),
    "JOURNAL_ENTRY": (None, None),
    "PAYMENT_ADVICE": (None, None),
    "UNKNOWN": (None, None),
}


@pytest.fixture(scope="module")
def services(edmx_dir: Path) -> dict[str, ServiceSpec]:
    return {s.name: s for s in parse_dir(edmx_dir)}


@pytest.fixture(scope="module")
def catalogue() -> MappingCatalogue:
    return load_catalogue()


# ── the shipped catalogue ────────────────────────────────────────────────────
def test_shipped_catalogue_has_no_problem(catalogue: MappingCatalogue, services: dict[str, ServiceSpec]) -> None:
    check = check_catalogue(catalogue, services)
    assert check.problems == []
    assert check.ok


def test_checker_takes_a_list_of_services_too(catalogue: MappingCatalogue, services: dict[str, ServiceSpec]) -> None:
    assert check_catalogue(catalogue, list(services.values())).problems == []


def test_shipped_catalogue_is_big_enough(catalogue: MappingCatalogue) -> None:
    counts = mapping_counts(catalogue)
    assert catalogue.count() >= 180
    assert sum(counts.values()) == catalogue.count()
    for doc_type, (api, _) in CONTRACT_TARGETS.items():
        if api is not None:
            assert counts.get(doc_type, 0) >= 5, doc_type
    items = [m for ms in catalogue.field_mappings.values() for m in ms] + [m for r in catalogue.routes for m in r.mappings]
    assert sum(m.is_item for m in items) >= 60  # line items, not just headers


def test_every_document_type_and_subtype_has_a_route(catalogue: MappingCatalogue) -> None:
    for doc_type in DOCUMENT_TYPES:
        assert catalogue.route_for(doc_type, None) is not None, doc_type
        for subtype in SUBTYPES[doc_type]:
            assert catalogue.route_for(doc_type, subtype) is not None, (doc_type, subtype)


def test_general_routes_follow_the_contract(catalogue: MappingCatalogue, services: dict[str, ServiceSpec]) -> None:
    for doc_type, (api, entity_set) in CONTRACT_TARGETS.items():
        route = catalogue.route_for(doc_type, None)
        assert route is not None and route.subtypes is None
        assert (route.api, route.entity_set) == (api, entity_set), doc_type
        contract_api = TYPE_INFO[doc_type].sap_api
        if contract_api in services:  # every subtype stays on the contract's API
            assert {r.api for r in catalogue.routes if r.document_type == doc_type} == {contract_api}


def test_routes_name_only_metadata_objects(catalogue: MappingCatalogue, services: dict[str, ServiceSpec]) -> None:
    for route in catalogue.routes:
        assert route.why.strip(), route.id
        if route.api is None:
            assert not route.mappings, route.id
            continue
        assert route.api in services, route.id
        assert route.entity_set in services[route.api].entity_sets, route.id
        for path in route.required:
            resolve_target(services[route.api], route.entity_set, path)


def test_every_target_is_a_creatable_property(catalogue: MappingCatalogue, services: dict[str, ServiceSpec]) -> None:
    checked = 0
    for route in catalogue.routes:
        if route.api is None:
            continue
        for subtype in [None, *SUBTYPES[route.document_type]]:
            if catalogue.route_for(route.document_type, subtype) is not route:
                continue
            for mapping in catalogue.mappings_for(route, subtype):
                etype, prop, chain = resolve_target(services[route.api], route.entity_set, mapping.target)
                assert prop.creatable, (route.id, mapping.target)
                assert len(chain) <= 1, mapping.target
                assert mapping.transform in TRANSFORMS
                checked += 1
    assert checked >= 180


def test_routes_without_a_posting_api_say_why(catalogue: MappingCatalogue) -> None:
    for doc_type in ("JOURNAL_ENTRY", "PAYMENT_ADVICE"):
        route = catalogue.route_for(doc_type, None)
        assert route is not None and route.api is None
        assert "API_GLACCOUNTLINEITEM" in route.why  # the closest (read-only) API is named
    assert "API_JOURNALENTRY_CREATE_SRV" in catalogue.route_for("JOURNAL_ENTRY", None).why
    billing = catalogue.route_for("CUSTOMER_INVOICE", None)
    assert "creatable" in billing.why


def _targets(catalogue: MappingCatalogue, doc_type: str, subtype: str | None) -> dict[str, Any]:
    route = catalogue.route_for(doc_type, subtype)
    assert route is not None
    return {m.target: m for m in catalogue.mappings_for(route, subtype)}


def test_supplier_invoice_header_and_items(catalogue: MappingCatalogue) -> None:
    t = _targets(catalogue, "SUPPLIER_INVOICE", "STANDARD_INVOICE")
    assert t["SupplierInvoiceIDByInvcgParty"].source == "invoice_number"
    assert t["SupplierInvoiceIDByInvcgParty"].params == {"n": 16}
    assert (t["DocumentDate"].source, t["DocumentDate"].transform) == ("invoice_date", "parse_date")
    assert (t["InvoiceGrossAmount"].source, t["InvoiceGrossAmount"].transform) == ("total_amount", "decimal")
    assert t["DocumentCurrency"].transform == "currency_code"
    assert t["CompanyCode"].source == "profile.company_code"
    assert t["InvoicingParty"].transform == "pad_left_zeros"
    item = t["to_SuplrInvcItemPurOrdRef[]/PurchaseOrderItem"]
    assert (item.source, item.transform, item.params) == ("line_items[].po_item", "pad_left_zeros", {"n": 5})
    assert t["to_SuplrInvcItemPurOrdRef[]/PurchaseOrderQuantityUnit"].transform == "unit_iso_to_sap"
    assert "SupplierInvoiceIsCreditMemo" not in t


def test_non_po_invoices_post_to_gl_items(catalogue: MappingCatalogue) -> None:
    for subtype in ("NON_PO_INVOICE", "RECEIPT"):
        t = _targets(catalogue, "SUPPLIER_INVOICE", subtype)
        assert "to_SupplierInvoiceItemGLAcct[]/GLAccount" in t
        assert not any(k.startswith("to_SuplrInvcItemPurOrdRef") for k in t)
    assert "to_SuplrInvoiceAdditionalData/InvoicingPartyName1" in _targets(catalogue, "SUPPLIER_INVOICE", "RECEIPT")


def test_credit_memo_sets_the_indicator_on_every_route(catalogue: MappingCatalogue) -> None:
    for subtype in SUBTYPES["CREDIT_MEMO"]:
        flag = _targets(catalogue, "CREDIT_MEMO", subtype)["SupplierInvoiceIsCreditMemo"]
        assert flag.source is None and flag.value == "X"
    assert _targets(catalogue, "CREDIT_MEMO", "REBATE_CREDIT")["to_SupplierInvoiceItemGLAcct[]/DebitCreditCode"].value == "H"


@pytest.mark.parametrize(("doc_type", "subtype", "target", "value"), [
    ("PURCHASE_ORDER", "STANDARD_PO", "PurchaseOrderType", "NB"),
    ("PURCHASE_ORDER", "BLANKET_PO", "PurchaseOrderType", "FO"),
    ("PURCHASE_ORDER", "STOCK_TRANSFER_PO", "PurchaseOrderType", "UB"),
    ("PURCHASE_ORDER", "SUBCONTRACTING_PO", "to_PurchaseOrderItem[]/PurchaseOrderItemCategory", "3"),
    ("SALES_ORDER", "RETURNS_ORDER", "SalesOrderType", "RE"),
    ("CUSTOMER_INVOICE", "PROFORMA_INVOICE", "BillingDocumentType", "F5"),
    ("GOODS_RECEIPT", "GR_FOR_PO", "to_MaterialDocumentItem[]/GoodsMovementType", "101"),
    ("GOODS_RECEIPT", "GR_FOR_PO", "GoodsMovementCode", "01"),
    ("GOODS_RECEIPT", "RETURN_TO_VENDOR", "to_MaterialDocumentItem[]/GoodsMovementType", "122"),
    ("GOODS_RECEIPT", "GR_WITHOUT_PO", "to_MaterialDocumentItem[]/GoodsMovementType", "501"),
    ("GOODS_ISSUE", "COST_CENTER", "to_MaterialDocumentItem[]/GoodsMovementType", "201"),
    ("GOODS_ISSUE", "PRODUCTION_ORDER", "to_MaterialDocumentItem[]/GoodsMovementType", "261"),
    ("GOODS_ISSUE", "SCRAPPING", "to_MaterialDocumentItem[]/GoodsMovementType", "551"),
    ("GOODS_ISSUE", "TRANSFER_STORAGE_LOCATION", "GoodsMovementCode", "04"),
])  # fmt: skip
def test_subtype_constants(catalogue: MappingCatalogue, doc_type: str, subtype: str, target: str, value: str) -> None:
    mapping = _targets(catalogue, doc_type, subtype)[target]
    assert mapping.source is None and mapping.value == value


def test_outline_agreements_get_no_order_type(catalogue: MappingCatalogue) -> None:
    route = catalogue.route_for("PURCHASE_ORDER", "SCHEDULING_AGREEMENT")
    assert route is not None and route.subtypes and "PurchaseOrderType" in route.required
    assert "PurchaseOrderType" not in _targets(catalogue, "PURCHASE_ORDER", "SCHEDULING_AGREEMENT")


def test_transforms_used_are_registered_and_classified(catalogue: MappingCatalogue) -> None:
    used = {m.transform for ms in catalogue.field_mappings.values() for m in ms}
    used |= {m.transform for r in catalogue.routes for m in r.mappings}
    assert used <= set(TRANSFORMS)
    assert used <= set(TRANSFORM_EDM_TYPES)


# ── loading ──────────────────────────────────────────────────────────────────
def test_load_catalogue_reports_bad_files(tmp_path: Path) -> None:
    with pytest.raises(CatalogueLoadError, match="cannot read"):
        load_catalogue(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("routes: [\n", encoding="utf-8")
    with pytest.raises(CatalogueLoadError, match="not valid YAML"):
        load_catalogue(bad)
    bad.write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(CatalogueLoadError, match="YAML mapping"):
        load_catalogue(bad)
    bad.write_text("routes:\n  - {id: x, document_type: UNKNOWN, api: null}\n", encoding="utf-8")
    with pytest.raises(CatalogueLoadError, match="why"):
        load_catalogue(bad)
    good = tmp_path / "good.yaml"
    good.write_text("routes:\n  - {id: x, document_type: UNKNOWN, api: null, why: nothing}\n", encoding="utf-8")
    assert load_catalogue(good).routes[0].id == "x"


# ── resolve_target ───────────────────────────────────────────────────────────
def test_resolve_target_walks_navigation(services: dict[str, ServiceSpec]) -> None:
    si = services[SI_API]
    etype, prop, chain = resolve_target(si, SI_SET, "DocumentDate")
    assert (etype.name, prop.type, chain) == ("A_SupplierInvoiceType", "Edm.DateTime", ())
    etype, prop, chain = resolve_target(si, SI_SET, "to_SuplrInvcItemPurOrdRef[]/PurchaseOrderItem")
    assert etype.name == "A_SuplrInvcItemPurOrdRefType" and prop.max_length == 5
    assert [n.name for n in chain] == ["to_SuplrInvcItemPurOrdRef"] and chain[0].many
    _, prop, chain = resolve_target(si, SI_SET, "to_SuplrInvoiceAdditionalData/IBAN")
    assert prop.name == "IBAN" and not chain[0].many


@pytest.mark.parametrize(("entity_set", "target", "message"), [
    ("A_SupplierInvoice", "DocumentDat", "no property DocumentDat.*did you mean DocumentDate"),
    ("A_SupplierInvoice", "to_Items[]/PurchaseOrder", "no navigation property to_Items"),
    ("A_SupplierInvoice", "to_SuplrInvoiceAdditionalData[]/IBAN", "to-one navigation; drop the \\[\\]"),
    ("A_SupplierInvoice", "to_SuplrInvcItemPurOrdRef/PurchaseOrder", "to-many navigation; write to_SuplrInvcItemPurOrdRef\\[\\]"),
    ("A_SupplierInvoice", "CompanyCode/Name", "is a property of A_SupplierInvoiceType, not a navigation"),
    ("A_SupplierInvoice", "to_SupplierInvoiceTax", "is a navigation of A_SupplierInvoiceType, not a property"),
    ("A_SupplierInvoice", "to_SupplierInvoiceTax[]", "ends in a navigation"),
    ("A_SupplierInvoice", "", "not a path"),
    ("A_SupplierInvoices", "DocumentDate", "no entity set A_SupplierInvoices"),
])  # fmt: skip
def test_resolve_target_names_the_broken_segment(services: dict[str, ServiceSpec], entity_set: str, target: str,
                                                 message: str) -> None:  # fmt: skip
    with pytest.raises(TargetPathError, match=message) as info:
        resolve_target(services[SI_API], entity_set, target)
    assert isinstance(info.value, KeyError)
    assert not str(info.value).startswith("'")  # a plain message, not KeyError's quoted repr


# ── the checker on small catalogues ──────────────────────────────────────────
def _catalogue(mappings: list[dict[str, Any]], **route: Any) -> MappingCatalogue:
    base = {"id": "si", "document_type": "SUPPLIER_INVOICE", "api": SI_API, "entity_set": SI_SET,
            "why": "supplier invoices", "mappings": mappings}  # fmt: skip
    base.update(route)
    return MappingCatalogue.model_validate({"routes": [base]})


def _problems(services: dict[str, ServiceSpec], mappings: list[dict[str, Any]], **route: Any) -> list[str]:
    check = check_catalogue(_catalogue(mappings, **route), services)
    return [p for p in check.problems if "has no general route" not in p]


GOOD = [
    {"source": "invoice_date", "target": "DocumentDate", "transform": "parse_date"},
    {"source": "total_amount", "target": "InvoiceGrossAmount", "transform": "decimal", "params": {"scale": 2}},
    {"source": "line_items[].po_item", "target": "to_SuplrInvcItemPurOrdRef[]/PurchaseOrderItem",
     "transform": "pad_left_zeros", "params": {"n": 5}},
    {"source": "supplier_iban", "target": "to_SuplrInvoiceAdditionalData/IBAN", "transform": "clean_iban"},
    {"source": "profile.company_code", "target": "CompanyCode", "transform": "upper"},
    {"value": "X", "target": "SupplierInvoiceIsCreditMemo"},
]


def test_a_small_valid_catalogue_passes(services: dict[str, ServiceSpec]) -> None:
    assert _problems(services, GOOD) == []
    full = check_catalogue(_catalogue(GOOD), services).problems
    assert sum("has no general route" in p for p in full) == len(DOCUMENT_TYPES) - 1  # only SI is routed


@pytest.mark.parametrize(("mapping", "expected"), [
    # misspelt property
    ({"source": "invoice_date", "target": "DocumentDat", "transform": "parse_date"}, "no property DocumentDat"),
    # wrong navigation
    ({"source": "line_items[].quantity", "target": "to_PurchaseOrderItem[]/QuantityInPurchaseOrderUnit",
      "transform": "decimal"}, "no navigation property to_PurchaseOrderItem"),
    # [] on a to-one navigation
    ({"source": "supplier_iban", "target": "to_SuplrInvoiceAdditionalData[]/IBAN", "transform": "clean_iban"},
     "to-one navigation"),
    # [] missing on a to-many navigation
    ({"source": "currency", "target": "to_SuplrInvcItemPurOrdRef/DocumentCurrency", "transform": "currency_code"},
     "to-many navigation"),
    # transforms that do not suit the EDM type
    ({"source": "invoice_date", "target": "SupplierInvoiceIDByInvcgParty", "transform": "parse_date"},
     "parse_date produces Edm.Date/Edm.DateTime/Edm.DateTimeOffset values, but .* is Edm.String"),
    ({"source": "total_amount", "target": "DocumentHeaderText", "transform": "decimal"}, "is Edm.String"),
    ({"source": "currency", "target": "InvoiceGrossAmount", "transform": "currency_code"}, "is Edm.Decimal"),
    ({"source": "reverse_charge", "target": "DocumentDate", "transform": "boolean"}, "is Edm.DateTime"),
    # a source of the wrong kind for the property
    ({"source": "invoice_number", "target": "InvoiceGrossAmount", "transform": "identity"},
     "invoice_number holds identifier values, which cannot go into .*InvoiceGrossAmount \\(Edm.Decimal\\)"),
    # a transform that cannot read the source
    ({"source": "supplier_name", "target": "to_SuplrInvoiceAdditionalData/IBAN", "transform": "clean_iban"},
     "clean_iban reads iban values, but supplier_name is of type string"),
    # unknown source fields
    ({"source": "invoice_numbr", "target": "SupplierInvoiceIDByInvcgParty", "transform": "truncate"},
     "header field invoice_numbr is not in the ADC field registry.*invoice_number"),
    ({"source": "material_type", "target": "DocumentHeaderText", "transform": "truncate"},
     "material_type is not a field of SUPPLIER_INVOICE"),
    ({"source": "line_items[].debit_amount", "target": "to_SuplrInvcItemPurOrdRef[]/SupplierInvoiceItemAmount",
      "transform": "decimal"}, "line-item field debit_amount is not a field of SUPPLIER_INVOICE"),
    ({"source": "profile.cost_center", "target": "CompanyCode"}, "profile.cost_center is not a profile source"),
    # unknown transform, bad parameters
    ({"source": "invoice_date", "target": "DocumentDate", "transform": "parse_datum"},
     "transform 'parse_datum' is not registered.*parse_date"),
    ({"source": "invoice_number", "target": "SupplierInvoiceIDByInvcgParty", "transform": "truncate",
      "params": {"width": 16}}, "does not take parameters"),
    ({"source": "supplier_number", "target": "InvoicingParty", "transform": "pad_left_zeros", "params": {"n": 12}},
     "pad_left_zeros n=12 is more than .*MaxLength 10"),
    # constants that do not fit
    ({"value": "XX", "target": "SupplierInvoiceIsCreditMemo"}, "longer than SupplierInvoiceIsCreditMemo's MaxLength 1"),
    ({"value": "yes", "target": "TaxIsCalculatedAutomatically"}, "not a boolean"),
    ({"value": "ten", "target": "InvoiceGrossAmount"}, "not a number"),
    # properties SAP does not accept on create
    ({"source": "invoice_number", "target": "SupplierInvoice", "transform": "truncate"}, "not creatable"),
    # subtypes the type does not have
    ({"value": "X", "target": "SupplierInvoiceIsCreditMemo", "subtypes": ["STANDARD_PO"]},
     "STANDARD_PO is not a subtype of SUPPLIER_INVOICE"),
])  # fmt: skip
def test_checker_catches(services: dict[str, ServiceSpec], mapping: dict[str, Any], expected: str) -> None:
    problems = _problems(services, [*GOOD, mapping])
    assert problems, f"no problem for {mapping}"
    assert any(re.search(expected, p) for p in problems), problems
    assert all("route si" in p for p in problems)  # every message names its route and mapping


def test_checker_catches_duplicate_targets_per_subtype(services: dict[str, ServiceSpec]) -> None:
    both = {"source": "posting_date", "target": "DocumentDate", "transform": "parse_date"}
    problems = _problems(services, [*GOOD, both])
    assert any("2 mappings write DocumentDate" in p and "invoice_date, posting_date" in p for p in problems)
    # the same target for disjoint subtypes is fine; overlapping subtypes are not
    split = [{"value": "X", "target": "PaymentBlockingReason", "subtypes": ["DEBIT_MEMO"]},
             {"value": "A", "target": "PaymentBlockingReason", "subtypes": ["RECEIPT"]}]  # fmt: skip
    assert _problems(services, [*GOOD, *split]) == []
    split[1]["subtypes"] = ["RECEIPT", "DEBIT_MEMO"]
    assert any("for subtype DEBIT_MEMO" in p for p in _problems(services, [*GOOD, *split]))


@pytest.mark.parametrize(("route", "expected"), [
    ({"api": "API_SUPPLIERINVOICE_SRV"}, "API API_SUPPLIERINVOICE_SRV is not in the metadata"),
    ({"entity_set": "A_SupplierInvoices"}, "no entity set A_SupplierInvoices"),
    ({"entity_set": None}, "without an entity set"),
    ({"api": None, "entity_set": None}, "no API; they can never be checked"),
    ({"document_type": "SUPPLIER_INVOICES"}, "not a document type of the contract"),
    ({"subtypes": ["STANDARD_PO"]}, "STANDARD_PO is not a subtype of SUPPLIER_INVOICE"),
    ({"method": "GET"}, "method 'GET'"),
    ({"required": ["to_Items[]/PurchaseOrder"]}, "required to_Items\\[\\]/PurchaseOrder"),
])  # fmt: skip
def test_checker_catches_broken_routes(services: dict[str, ServiceSpec], route: dict[str, Any], expected: str) -> None:
    problems = check_catalogue(_catalogue(GOOD, **route), services).problems
    assert any(re.search(expected, p) for p in problems), problems


def test_not_creatable_entity_set_is_a_problem_unless_the_route_says_so(services: dict[str, ServiceSpec]) -> None:
    billing = {"api": "API_BILLING_DOCUMENT_SRV", "entity_set": "A_BillingDocument", "document_type": "CUSTOMER_INVOICE"}
    mappings = [{"source": "invoice_date", "target": "BillingDocumentDate", "transform": "parse_date"}]
    check = check_catalogue(_catalogue(mappings, **billing, why="customer invoices"), services)
    assert any("A_BillingDocument is not creatable" in p for p in check.problems)
    check = check_catalogue(_catalogue(mappings, **billing, why="read-only here: not creatable"), services)
    assert not any("not creatable" in p for p in check.problems)
    assert any("A_BillingDocument is not creatable" in w for w in check.warnings)


def test_checker_catches_routing_conflicts(services: dict[str, ServiceSpec]) -> None:
    first = {"id": "a", "document_type": "UNKNOWN", "api": None, "why": "x"}
    twice = MappingCatalogue.model_validate({"routes": [first, {**first, "id": "b"},
                                                        {**first, "id": "c", "subtypes": ["LETTER"]},
                                                        {**first, "id": "d", "subtypes": ["LETTER"]}]})  # fmt: skip
    problems = check_catalogue(twice, services).problems
    assert any("UNKNOWN has 2 general routes" in p for p in problems)
    assert any("UNKNOWN / LETTER is claimed by routes c, d" in p for p in problems)
    assert any("PURCHASE_ORDER has no general route" in p for p in problems)
    unknown_type = MappingCatalogue.model_validate({"routes": [first], "field_mappings": {"INVOICE": []}})
    assert any("field_mappings: INVOICE is not a document type" in p for p in check_catalogue(unknown_type, services).problems)


def test_warnings_do_not_block(services: dict[str, ServiceSpec]) -> None:
    long_text = {"source": "notes", "target": "DocumentHeaderText", "transform": "strip"}
    check = check_catalogue(_catalogue([*GOOD, long_text], required=["PostingDate"]), services)
    assert not [p for p in check.problems if "has no general route" not in p]
    assert any("notes may be up to 1000 characters" in w and "takes 25" in w for w in check.warnings)
    assert any("required PostingDate is not the target of any mapping" in w for w in check.warnings)
