"""What the evaluation needs to know from the rest of the product, looked up defensively.

* the expected SAP API per document type — the contract's routing table
  (``sap_llm.contract.TYPE_INFO[type].sap_api``; CONTRACT.md's table is the
  fallback, it is the same table);
* whether an API / entity set exists — the compiled knowledge base (``sap_llm.kb``);
* the ADC schema check — ``sap_llm.contract.validate_adc``.

Each resolver returns None (and says why in ``notes``) when its source is not
installed or not built, so the report states what was not measured instead of
inventing a number.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

# CONTRACT.md, "Routing targets": types with a fixed API. JOURNAL_ENTRY and
# PAYMENT_ADVICE go to "the KB's closest" API, so no single answer is right; UNKNOWN is not routed.
CONTRACT_ROUTING: dict[str, str] = {
    "PURCHASE_ORDER": "API_PURCHASEORDER_PROCESS_SRV",
    "SUPPLIER_INVOICE": "API_SUPPLIERINVOICE_PROCESS_SRV",
    "CREDIT_MEMO": "API_SUPPLIERINVOICE_PROCESS_SRV",
    "SALES_ORDER": "API_SALES_ORDER_SRV",
    "CUSTOMER_INVOICE": "API_BILLING_DOCUMENT_SRV",
    "GOODS_RECEIPT": "API_MATERIAL_DOCUMENT_SRV",
    "GOODS_ISSUE": "API_MATERIAL_DOCUMENT_SRV",
    "DELIVERY_NOTE": "API_INBOUND_DELIVERY_SRV",
    "PRODUCT_MASTER": "API_PRODUCT_SRV",
    "MATERIAL_MASTER": "API_PRODUCT_SRV",
    "VENDOR_MASTER": "API_BUSINESS_PARTNER",
    "CUSTOMER_MASTER": "API_BUSINESS_PARTNER",
}


@dataclass
class Knowledge:
    expected_api: Callable[[str], str | None] | None = None
    api_exists: Callable[[str, str | None], bool] | None = None
    schema_errors: Callable[[dict[str, Any]], list[str]] | None = None
    known_rules: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _contract_routing(contract: Any) -> dict[str, str] | None:
    type_info = getattr(contract, "TYPE_INFO", None)
    if isinstance(type_info, Mapping):
        table = {str(t): info.sap_api for t, info in type_info.items() if getattr(info, "sap_api", None)}
        if table:
            return table
    for name in ("ROUTING", "ROUTING_TABLE", "ROUTING_TARGETS", "API_BY_TYPE"):
        table = getattr(contract, name, None)
        if isinstance(table, dict) and table:
            out: dict[str, str] = {}
            for doc_type, target in table.items():
                api = target.get("api") if isinstance(target, dict) else getattr(target, "api", target)
                if isinstance(api, str) and api:
                    out[str(doc_type)] = api
            if out:
                return out
    return None


def _kb_exists(kb: Any) -> Callable[[str, str | None], bool] | None:
    """An existence check over whatever shape the knowledge base exposes its APIs in."""
    for method in ("has_entity_set", "entity_set_exists"):
        fn = getattr(kb, method, None)
        if callable(fn):
            return lambda api, entity: bool(fn(api, entity)) if entity else bool(fn(api, None))
    apis = getattr(kb, "apis", None)
    if isinstance(apis, dict):

        def exists(api: str, entity: str | None) -> bool:
            spec = apis.get(api)
            if spec is None:
                return False
            if entity is None:
                return True
            sets = spec.get("entity_sets") if isinstance(spec, dict) else getattr(spec, "entity_sets", None)
            return sets is not None and entity in sets

        return exists
    return None


def _rule_ids(kb: Any) -> list[str]:
    rules = getattr(kb, "rules", None)
    if isinstance(rules, dict):
        return sorted(str(k) for k in rules)
    if isinstance(rules, list | tuple):
        ids = [getattr(r, "id", None) or getattr(r, "rule_id", None) or (r.get("id") if isinstance(r, dict) else None)
               for r in rules]  # fmt: skip
        return sorted(str(i) for i in ids if i)
    return []


def resolve_knowledge() -> Knowledge:
    knowledge = Knowledge()
    routing = None
    try:
        contract = importlib.import_module("sap_llm.contract")
        routing = _contract_routing(contract)
        validate_adc = getattr(contract, "validate_adc", None)
        if callable(validate_adc):
            knowledge.schema_errors = validate_adc
        else:
            knowledge.notes.append("schema validity not measured: sap_llm.contract has no validate_adc")
    except ImportError as exc:
        knowledge.notes.append(f"schema validity not measured: sap_llm.contract not importable ({exc})")
    if routing is None:
        routing = CONTRACT_ROUTING
        knowledge.notes.append("expected APIs from CONTRACT.md's routing table (the package exposes none)")
    knowledge.expected_api = routing.get
    try:
        kb_module = importlib.import_module("sap_llm.kb")
        kb = kb_module.load_kb()
        knowledge.api_exists = _kb_exists(kb)
        knowledge.known_rules = _rule_ids(kb)
        if knowledge.api_exists is None:
            knowledge.notes.append("API validity not measured: the knowledge base exposes no API catalogue")
    except Exception as exc:  # noqa: BLE001 - a missing / unbuilt KB is reported, not fatal
        knowledge.notes.append(f"API validity not measured: knowledge base not loadable ({type(exc).__name__}: {exc})")
    return knowledge
