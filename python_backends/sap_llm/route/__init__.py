"""Stage 8: route the validated ADC to its SAP API with an OData payload, and decide the status.

    decision = route(extraction, classification, quality, validation, kb=kb, profile=profile)
    status, reasons = decide_status(quality, validation, decision, classification)

The API, entity set and method come from the knowledge base's route for the document type and
subtype, the payload from its field mappings; nothing here names an SAP object itself. The payload
is checked against the metadata, and every problem becomes an issue of the decision.
"""

from __future__ import annotations

from typing import Any

from sap_llm.config import Thresholds
from sap_llm.kb.mapping import Route
from sap_llm.profile import CompanyCode, OrgProfile
from sap_llm.records import (
    Classification,
    Extraction,
    Issue,
    QualityReport,
    RoutingDecision,
    Status,
    ValidationReport,
)
from sap_llm.route.check import check_payload
from sap_llm.route.payload import build_payload

#: quality issues that mean "a confidence is under its threshold": they keep a document from touchless
CONFIDENCE_RULES = frozenset({"QC_CONFIDENCE", "QC_TYPE_CONFIDENCE", "QC_SUBTYPE_CONFIDENCE"})


def _only(values: list[str]) -> str | None:
    """A default from the profile only when it is unambiguous: never guess between two."""
    return values[0] if len(values) == 1 else None


def _fold(text: str | None) -> str:
    return " ".join("".join(c.lower() if c.isalnum() else " " for c in text or "").split())


def _plant(company: CompanyCode, fields: dict[str, Any]) -> str | None:
    """The plant whose address the document ships to, else the company's only plant."""
    ship_to = _fold(fields.get("ship_to_address"))
    if ship_to:
        for detail in company.plant_details:
            if detail.address and (_fold(detail.address) in ship_to or ship_to in _fold(detail.address)):
                return detail.plant
    return _only(company.plants)


def profile_values(profile: OrgProfile | None, fields: dict[str, Any], document_type: str) -> dict[str, Any]:
    """The ``profile.*`` mapping sources: the document's own company code and the partner it matched."""
    if profile is None:
        return {}
    from sap_llm.validate.master_data import match_company, match_partner

    company = match_company(profile, fields, document_type) or (
        profile.company_codes[0] if len(profile.company_codes) == 1 else None)  # fmt: skip
    vendor, _ = match_partner(profile.vendors, fields, "supplier")
    customer, _ = match_partner(profile.customers, fields, "customer")
    values: dict[str, Any] = {"profile.vendor": vendor.supplier if vendor else None,
                              "profile.customer": customer.customer if customer else None}  # fmt: skip
    if company is not None:
        values.update({
            "profile.company_code": company.code,
            "profile.currency": company.currency,
            "profile.country": company.country,
            "profile.plant": _plant(company, fields),
            "profile.purchasing_organization": _only(company.purchasing_organizations),
            "profile.purchasing_group": _only(company.purchasing_groups),
            "profile.sales_organization": _only(company.sales_organizations),
            "profile.distribution_channel": _only(company.distribution_channels),
            "profile.division": _only(company.divisions),
        })
    return values


def _probability(classification: Classification, subtype: bool) -> float:
    table = classification.subtype_probabilities if subtype else classification.document_type_probabilities
    key = classification.subtype if subtype else classification.document_type
    return float(table.get(key or "", 1.0)) if table else 1.0


def _confidence(classification: Classification, extraction: Extraction, route: Route, mapped: list[str],
                issues: list[Issue]) -> tuple[float, str]:  # fmt: skip
    """min(type p, subtype p where the route depends on it, mean confidence of the mapped fields), halved when
    any stage (quality, rules, payload) found an ERROR."""
    parts = {"document type": _probability(classification, subtype=False)}
    if route.subtypes is not None:
        parts["subtype"] = _probability(classification, subtype=True)
    scores = [extraction.field_confidence[f] for f in mapped if f in extraction.field_confidence]
    if scores:
        parts["mapped fields"] = sum(scores) / len(scores)
    weakest = min(parts, key=lambda k: parts[k])
    value = parts[weakest]
    errors = sum(i.severity == "ERROR" for i in issues)
    if errors:
        value *= 0.5
    halved = f", halved for {errors} error(s)" if errors else ""
    return round(value, 4), f"confidence {value:.2f} (weakest: {weakest} {parts[weakest]:.2f}{halved})"


def route(extraction: Extraction, classification: Classification, quality: QualityReport,
          validation: ValidationReport, *, kb: Any, profile: OrgProfile | None = None,
          notes: list[str] | None = None) -> RoutingDecision:  # fmt: skip
    """Pick the API for the document and build its payload from the knowledge base's mappings.

    ``notes``: how the caller enriched the ADC for the payload (e.g. PO items from the history); they
    join the reasons.
    """
    doc_type, subtype = classification.document_type, classification.subtype
    target = kb.route_for(doc_type, subtype)
    if target is None or target.api is None or target.entity_set is None:
        why = target.why if target is not None else f"the knowledge base has no route for {doc_type}"
        issue = Issue(rule_id="RT_NO_API", severity="ERROR", field="document_type", category="routing",
                      message=f"{doc_type}: no SAP API to post to ({why})")  # fmt: skip
        return RoutingDecision(api=None, entity_set=None, method=None, confidence=0.0, issues=[issue],
                               reasons=[f"{doc_type}{' / ' + subtype if subtype else ''}: {why}"])  # fmt: skip
    service = kb.service(target.api)
    mappings = kb.field_mappings(target, subtype)
    built = build_payload(extraction.fields, extraction.line_items, mappings, service=service,
                          entity_set=target.entity_set, profile_values=profile_values(profile, extraction.fields, doc_type))  # fmt: skip
    issues = built.issues + check_payload(built.payload, service, target.entity_set, target.required)
    entity_set = service.entity_sets[target.entity_set]
    if target.method == "POST" and not entity_set.creatable:
        issues.append(Issue(rule_id="RT_NOT_CREATABLE", severity="ERROR", field=None, category="routing",
                            message=f"{target.api} {target.entity_set} is not creatable (sap:creatable=false): "
                                    "a person posts this document in SAP"))  # fmt: skip
    confidence, confidence_reason = _confidence(classification, extraction, target, built.mapped_sources,
                                                [*issues, *quality.issues, *validation.issues])
    items = sum(len(v) for v in built.payload.values() if isinstance(v, list))
    reasons = [
        f"{doc_type}{' / ' + subtype if subtype else ''} -> {target.api} {target.entity_set} {target.method} "
        f"(knowledge-base route {target.id}, version {kb.version}): {target.why}",
        f"payload: {len(built.mapped_sources)} document fields into {len(built.payload)} properties and {items} items; "
        f"{sum(i.severity == 'ERROR' for i in issues)} problem(s) against the {service.version} metadata",
        confidence_reason,
    ]
    reasons += list(notes or [])
    if built.unmapped_sources:
        reasons.append("not on the document: " + ", ".join(sorted(set(built.unmapped_sources))[:12]))
    return RoutingDecision(api=target.api, entity_set=target.entity_set, method=target.method, payload=built.payload,
                           confidence=confidence, reasons=reasons, issues=issues)  # fmt: skip


def decide_status(quality: QualityReport, validation: ValidationReport, routing: RoutingDecision,
                  classification: Classification, *, thresholds: Thresholds | None = None) -> tuple[Status, list[str]]:  # fmt: skip
    """touchless only with no ERROR anywhere, every confidence over its threshold, an API and a confident route."""
    thresholds = thresholds or Thresholds()
    reasons: list[str] = []
    for stage, issues in (("quality", quality.issues), ("validation", validation.issues), ("routing", routing.issues)):
        errors = [i for i in issues if i.severity == "ERROR"]
        if errors:
            shown = "; ".join(f"{i.rule_id} {i.message}" for i in errors[:3])
            reasons.append(f"{stage}: {len(errors)} error(s): {shown}{' ...' if len(errors) > 3 else ''}")
    low = [i for i in quality.issues if i.rule_id in CONFIDENCE_RULES]
    if low:
        reasons.append("confidence under threshold: " + ", ".join(sorted({i.field or i.rule_id for i in low})))
    if routing.api is None:
        reasons.append(f"no SAP API for {classification.document_type}")
    elif routing.confidence < thresholds.routing and not any(i.severity == "ERROR" for i in routing.issues):
        reasons.append(f"routing confidence {routing.confidence:.2f} < {thresholds.routing:.2f}")
    if not quality.passed and not reasons:
        reasons.append("quality check failed")
    if reasons:
        return "needs_review", reasons
    return "touchless", [f"no errors, every confidence over its threshold; {routing.api} {routing.entity_set} "
                         f"{routing.method} with confidence {routing.confidence:.2f}"]  # fmt: skip


__all__ = ["CONFIDENCE_RULES", "check_payload", "decide_status", "profile_values", "route"]
