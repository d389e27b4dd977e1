"""Judge one document: compare the pipeline's result with the item's ground truth.

:func:`judge` turns an (item, run record) pair into a :class:`Judgement` holding
every verdict the metrics need; the aggregation over many documents lives in
:mod:`sap_llm.evaluation.aggregate`. A document the pipeline rejected is judged
on what its result still carries (type and fields when a late stage rejected it,
nothing when intake did), with status ``rejected``; one that failed to run has no
type (``<rejected>``) and no fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sap_llm.evaluation.datasets import EvalItem
from sap_llm.evaluation.metrics import Counts, FieldComparison, compare_fields, line_item_counts
from sap_llm.evaluation.runner import RunRecord

REJECTED_LABEL = "<rejected>"
# Rejection codes that mean "this installation lacks a resource", not "this document is bad".
INFRASTRUCTURE_ERRORS = frozenset({"kb_unavailable", "models_unavailable", "model_missing", "stage_unavailable",
                                   "history_unavailable", "ocr_unavailable"})  # fmt: skip
NONE_LABEL = "<none>"


@dataclass
class Judgement:
    item: EvalItem
    status: str
    predicted_type: str
    predicted_subtype: str | None
    type_confidence: float | None
    subtype_confidence: float | None
    fields: list[FieldComparison]
    field_confidence: dict[str, float]
    line_items: Counts | None
    predicted_api: str | None
    predicted_entity_set: str | None
    issue_rule_ids: list[str]
    validated: bool
    timings_ms: dict[str, float]
    wall_ms: float
    cpu_s: float | None
    error: str | None
    got_fields: dict[str, Any] = field(default_factory=dict)
    got_line_items: list[dict[str, Any]] = field(default_factory=list)
    evidence_raw: dict[str, str] = field(default_factory=dict)
    text: str | None = None
    run_failed: bool = False  # the harness could not run the document (unreadable file, processor error)
    error_code: str | None = None  # the pipeline's rejection code (result.error.code)

    @property
    def infrastructure_failure(self) -> bool:
        """Rejected because this build lacks a resource (KB, models), not because of the document."""
        return self.error_code in INFRASTRUCTURE_ERRORS

    @property
    def expected_type(self) -> str:
        return self.item.expected.document_type or NONE_LABEL

    @property
    def type_correct(self) -> bool:
        return self.predicted_type == self.expected_type

    @property
    def subtype_scored(self) -> bool:
        return self.item.expected.subtype is not None

    @property
    def subtype_correct(self) -> bool:
        """Subtype right *and* under the right type (a subtype of the wrong type is wrong)."""
        return self.type_correct and self.predicted_subtype == self.item.expected.subtype

    @property
    def field_errors(self) -> list[FieldComparison]:
        return [c for c in self.fields if c.outcome != "correct"]


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _issue_rule_ids(result: dict[str, Any]) -> list[str]:
    ids: list[str] = []
    for issue in (result.get("validation") or {}).get("issues") or []:
        if isinstance(issue, dict) and issue.get("rule_id"):
            ids.append(str(issue["rule_id"]))
    return ids


def _evidence_raw(result: dict[str, Any]) -> dict[str, str]:
    raw: dict[str, str] = {}
    for name, evidence in (result.get("evidence") or {}).items():
        if isinstance(evidence, dict) and isinstance(evidence.get("raw"), str):
            raw[name] = evidence["raw"]
        elif isinstance(evidence, str):
            raw[name] = evidence
    return raw


def judge(item: EvalItem, record: RunRecord) -> Judgement:
    """All verdicts for one document (see the module docstring)."""
    result = record.result or {}
    status = str(result.get("status") or "rejected")
    rejected = status == "rejected" or record.error is not None
    confidence = result.get("confidence") or {}
    # What the result carries is scored even when a later stage rejected the document (e.g. routing
    # without a knowledge base): extraction quality is then still visible; the status says the rest.
    got_fields = dict(result.get("fields") or {})
    got_rows = [r for r in result.get("line_items") or [] if isinstance(r, dict)]
    expected = item.expected
    comparisons = compare_fields(expected.fields, got_fields, item.scored_fields)
    line_counts = (
        line_item_counts(expected.line_items, got_rows, item.line_item_columns)
        if item.score_line_items and (expected.line_items or got_rows)
        else None
    )
    routing = result.get("routing") or {}
    error = record.error
    if error is None and result.get("error"):
        err = result["error"]
        error = f"{err.get('stage', '?')}/{err.get('code', '?')}: {err.get('message', '')}" if isinstance(err, dict) else str(err)
    return Judgement(
        item=item,
        status="rejected" if rejected else status,
        predicted_type=str(result.get("document_type") or (REJECTED_LABEL if rejected else NONE_LABEL)),
        predicted_subtype=result.get("subtype"),
        type_confidence=_number(confidence.get("document_type")),
        subtype_confidence=_number(confidence.get("subtype")),
        fields=comparisons,
        field_confidence={
            k: float(v) for k, v in (confidence.get("fields") or {}).items() if _number(v) is not None
        },
        line_items=line_counts,
        predicted_api=routing.get("api") if isinstance(routing, dict) else None,
        predicted_entity_set=routing.get("entity_set") if isinstance(routing, dict) else None,
        issue_rule_ids=_issue_rule_ids(result),
        validated=not rejected or bool((result.get("validation") or {}).get("rules_evaluated")),
        timings_ms={k: float(v) for k, v in (result.get("timings_ms") or {}).items() if _number(v) is not None},
        wall_ms=record.wall_ms,
        cpu_s=record.cpu_s,
        error=error,
        got_fields=got_fields,
        got_line_items=got_rows,
        evidence_raw=_evidence_raw(result),
        text=record.text,
        run_failed=record.error is not None,
        error_code=(result.get("error") or {}).get("code") if isinstance(result.get("error"), dict) else None,
    )
