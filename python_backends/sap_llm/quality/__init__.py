"""Stage 6: the quality gate — is this extraction complete, confident and arithmetically consistent?

    from sap_llm.quality import check
    report = check(extraction, classification, thresholds=settings().thresholds)

Issues (rule ids ``QC_*``):

* ``QC_REQUIRED`` (ERROR): a field the contract requires for this type / subtype is absent.
* ``QC_CONFIDENCE`` (WARNING): a field's confidence is under its threshold
  (``Thresholds.per_type_field[type][field]``, else ``per_field[field]``, else ``default_field``).
* ``QC_TYPE_CONFIDENCE`` / ``QC_SUBTYPE_CONFIDENCE`` (WARNING): classification under its threshold.
* ``QC_LINE_ARITHMETIC``, ``QC_LINES_SUM``, ``QC_TOTAL`` (ERROR): line net ≠ quantity × unit price,
  Σ line nets ≠ net amount, net + tax ≠ total — all within ``Thresholds.amount_rounding``.

``passed`` is false when any ERROR or any confidence issue is present: a
document that fails the gate is never posted unattended. ``completeness`` is
the share of the type's required fields that are present.
"""

from __future__ import annotations

from typing import Any

from sap_llm.config import Thresholds
from sap_llm.contract import required_fields
from sap_llm.records import Classification, Extraction, Issue, QualityReport
from sap_llm.rules.functions import is_numeric, to_number

PRICED_TYPES = {"PURCHASE_ORDER", "SALES_ORDER", "SUPPLIER_INVOICE", "CUSTOMER_INVOICE", "CREDIT_MEMO"}


def threshold_for(thresholds: Thresholds, document_type: str | None, field: str) -> float:
    per_type = thresholds.per_type_field.get(document_type or "", {})
    if field in per_type:
        return per_type[field]
    return thresholds.per_field.get(field, thresholds.default_field)


def _present(value: Any) -> bool:
    return value is not None and value != "" and value != []


def _num(value: Any) -> float | None:
    return float(to_number(value)) if value is not None and is_numeric(value) else None


def required_issues(doc_type: str, subtype: str | None, fields: dict[str, Any]) -> tuple[list[Issue], float]:
    try:
        required = required_fields(doc_type, "header", subtype)
    except (KeyError, ValueError):
        required = []
    missing = [name for name in required if not _present(fields.get(name))]
    issues = [Issue(rule_id="QC_REQUIRED", severity="ERROR", field=name, category="mandatory",
                    message=f"required field {name} is missing for {doc_type}") for name in missing]
    completeness = 1.0 if not required else (len(required) - len(missing)) / len(required)
    return issues, completeness


def confidence_issues(extraction: Extraction, classification: Classification, thresholds: Thresholds) -> list[Issue]:
    issues = []
    for name, confidence in sorted(extraction.field_confidence.items()):
        if not _present(extraction.fields.get(name)) and "." not in name:
            continue
        limit = threshold_for(thresholds, classification.document_type, name)
        if confidence < limit:
            issues.append(Issue(rule_id="QC_CONFIDENCE", severity="WARNING", field=name, category="confidence",
                                message=f"{name} read with confidence {confidence:.2f} < {limit:.2f}"))
    type_p = classification.document_type_probabilities.get(classification.document_type)
    if type_p is not None and type_p < thresholds.document_type:
        issues.append(Issue(rule_id="QC_TYPE_CONFIDENCE", severity="WARNING", field="document_type",
                            category="confidence",
                            message=f"document type {classification.document_type} p={type_p:.2f} < {thresholds.document_type:.2f}"))
    if classification.subtype:
        sub_p = classification.subtype_probabilities.get(classification.subtype)
        if sub_p is not None and sub_p < thresholds.subtype:
            issues.append(Issue(rule_id="QC_SUBTYPE_CONFIDENCE", severity="WARNING", field="subtype",
                                category="confidence",
                                message=f"subtype {classification.subtype} p={sub_p:.2f} < {thresholds.subtype:.2f}"))
    return issues


def arithmetic_issues(fields: dict[str, Any], line_items: list[dict[str, Any]], tolerance: float) -> list[Issue]:
    issues = []
    for position, line in enumerate(line_items, start=1):
        qty, price, net = _num(line.get("quantity")), _num(line.get("unit_price")), _num(line.get("net_amount"))
        if qty is None or price is None or net is None:
            continue
        per = _num(line.get("price_unit")) or 1.0
        discount = _num(line.get("discount_amount")) or 0.0
        expected = qty * price / per - discount
        if abs(expected - net) > tolerance + 1e-9:
            issues.append(Issue(rule_id="QC_LINE_ARITHMETIC", severity="ERROR", field=f"line_items[{position - 1}].net_amount",
                                category="arithmetic",
                                message=f"line {line.get('item') or position}: {qty:g} × {price:g} = {expected:.2f}, not {net:.2f}"))
    net_amount = _num(fields.get("net_amount"))
    line_nets = [_num(line.get("net_amount")) for line in line_items]
    if net_amount is not None and line_nets and all(v is not None for v in line_nets):
        adjust = -(_num(fields.get("discount_amount")) or 0.0) + (_num(fields.get("freight_amount")) or 0.0) \
            + (_num(fields.get("surcharge_amount")) or 0.0)
        total_lines = sum(v for v in line_nets if v is not None) + adjust
        lines_tolerance = max(tolerance, 0.01 * len(line_nets)) + 1e-9
        gross_total = _num(fields.get("total_amount"))
        priced_gross = gross_total is not None and abs(total_lines - gross_total) <= lines_tolerance
        if abs(total_lines - net_amount) > lines_tolerance and not priced_gross:
            issues.append(Issue(rule_id="QC_LINES_SUM", severity="ERROR", field="net_amount", category="arithmetic",
                                message=f"line items add up to {total_lines:.2f}, net amount is {net_amount:.2f}"))
    tax, total = _num(fields.get("tax_amount")), _num(fields.get("total_amount"))
    if net_amount is not None and tax is not None and total is not None:
        rounding = _num(fields.get("rounding_amount")) or 0.0
        if abs(net_amount + tax + rounding - total) > tolerance + 1e-9:
            issues.append(Issue(rule_id="QC_TOTAL", severity="ERROR", field="total_amount", category="arithmetic",
                                message=f"net {net_amount:.2f} + tax {tax:.2f} = {net_amount + tax:.2f}, total is {total:.2f}"))
    return issues


def check(extraction: Extraction, classification: Classification, *, thresholds: Thresholds | None = None) -> QualityReport:
    """The quality gate for one extraction (pure: no I/O)."""
    thresholds = thresholds or Thresholds()
    doc_type = classification.document_type
    issues, completeness = required_issues(doc_type, classification.subtype, extraction.fields)
    issues += confidence_issues(extraction, classification, thresholds)
    if doc_type in PRICED_TYPES:
        issues += arithmetic_issues(extraction.fields, extraction.line_items, thresholds.amount_rounding)
    passed = not any(i.severity == "ERROR" or i.category == "confidence" for i in issues)
    return QualityReport(passed=passed, completeness=round(completeness, 4), issues=issues)


__all__ = ["arithmetic_issues", "check", "confidence_issues", "required_issues", "threshold_for"]
