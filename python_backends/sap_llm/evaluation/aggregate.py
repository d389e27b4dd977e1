"""Aggregate per-document judgements into the evaluation's ``metrics.json``.

Everything that needs outside knowledge comes in as a function argument
(expected API per type, whether an API / entity set exists, the ADC schema
check), so the aggregation stays pure and testable.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from sap_llm.evaluation.analysis import failure_modes, hardest_documents
from sap_llm.evaluation.judge import REJECTED_LABEL, Judgement
from sap_llm.evaluation.metrics import (
    TOTAL_TIMING,
    Counts,
    api_validity,
    classification_metrics,
    cost_per_document,
    expected_calibration_error,
    field_scores,
    latency_summary,
    percentile,
    routing_accuracy,
    rule_pass_rates,
    safe_ratio,
    sroie_normalised_equal,
    sroie_scores,
    sroie_strict_equal,
    stage_latencies,
    status_rates,
)

ApiLookup = Callable[[str], str | None]
ApiExists = Callable[[str, str | None], bool]
SchemaCheck = Callable[[dict[str, Any]], list[str]]


def _line_item_summary(judgements: Sequence[Judgement]) -> dict[str, Any]:
    total = Counts()
    documents = 0
    for judgement in judgements:
        if judgement.line_items is not None:
            documents += 1
            total.add(judgement.line_items)
    return {**total.as_dict(), "documents": documents}


def _subtype_summary(judgements: Sequence[Judgement]) -> dict[str, Any]:
    scored = [j for j in judgements if j.subtype_scored]
    correct = sum(1 for j in scored if j.subtype_correct)
    given_type = [j for j in scored if j.type_correct]
    correct_given_type = sum(1 for j in given_type if j.subtype_correct)
    return {
        "n": len(scored),
        "correct": correct,
        "accuracy": safe_ratio(correct, len(scored)),
        "accuracy_given_correct_type": safe_ratio(correct_given_type, len(given_type)),
    }


def _calibration(judgements: Sequence[Judgement]) -> dict[str, Any]:
    field_conf: list[float] = []
    field_hit: list[bool] = []
    for judgement in judgements:
        for comparison in judgement.fields:
            confidence = judgement.field_confidence.get(comparison.name)
            if comparison.got is not None and confidence is not None:
                field_conf.append(confidence)
                field_hit.append(comparison.outcome == "correct")
    typed = [j for j in judgements if j.type_confidence is not None and j.predicted_type != REJECTED_LABEL]
    return {
        "fields": expected_calibration_error(field_conf, field_hit).as_dict(),
        "document_type": expected_calibration_error(
            [j.type_confidence for j in typed], [j.type_correct for j in typed]
        ).as_dict(),
    }


def _cost(judgements: Sequence[Judgement], price_per_core_hour: float) -> dict[str, Any]:
    cpu = [j.cpu_s for j in judgements if j.cpu_s is not None]
    mean_cpu = float(np.mean(cpu)) if cpu else None
    return {
        "n": len(cpu),
        "cpu_seconds_mean": mean_cpu,
        "cpu_seconds_p50": percentile(cpu, 50),
        "cpu_seconds_p95": percentile(cpu, 95),
        "price_per_core_hour": price_per_core_hour,
        "cost_per_document": None if mean_cpu is None else cost_per_document(mean_cpu, price_per_core_hour),
        "cost_per_1000_documents": None if mean_cpu is None else 1000 * cost_per_document(mean_cpu, price_per_core_hour),
    }


def _group_summary(judgements: Sequence[Judgement]) -> dict[str, Any]:
    """The per-type / per-variant table row: counts, accuracies and F1s for one group."""
    fields = field_scores(j.fields for j in judgements)
    lines = _line_item_summary(judgements)
    n = len(judgements)
    return {
        "n": n,
        "type_accuracy": safe_ratio(sum(j.type_correct for j in judgements), n),
        "subtype_accuracy": _subtype_summary(judgements)["accuracy"],
        "field_micro_f1": fields["micro"]["f1"] if fields["per_field"] else None,
        "field_macro_f1": fields["macro_f1"] if fields["per_field"] else None,
        "line_item_f1": lines["f1"] if lines["documents"] else None,
        "touchless_rate": safe_ratio(sum(j.status == "touchless" for j in judgements), n),
        "rejected_rate": safe_ratio(sum(j.status == "rejected" for j in judgements), n),
        "latency_p50_ms": percentile([j.wall_ms for j in judgements], 50),
        "latency_p95_ms": percentile([j.wall_ms for j in judgements], 95),
    }


def _infrastructure(judgements: Sequence[Judgement]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for judgement in judgements:
        if judgement.infrastructure_failure:
            counts[f"{judgement.error_code}"] += 1
    return dict(counts)


def _per_language(judgements: Sequence[Judgement]) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[Judgement]] = defaultdict(list)
    for judgement in judgements:
        groups[(judgement.item.language or "?").upper()].append(judgement)
    return {language: _group_summary(js) for language, js in sorted(groups.items())}


def _sroie_prediction(judgement: Judgement, *, raw: bool) -> dict[str, Any]:
    """SROIE's four keys from our result: the printed text (evidence) for strict scoring, else values."""
    mapping = {"company": "supplier_name", "address": "supplier_address", "date": "invoice_date",
               "total": "total_amount"}  # fmt: skip
    out: dict[str, Any] = {}
    for key, name in mapping.items():
        value = judgement.got_fields.get(name)
        if value is None:
            continue
        if raw and name in judgement.evidence_raw:
            out[key] = judgement.evidence_raw[name]
        elif isinstance(value, int | float) and not isinstance(value, bool):
            out[key] = f"{value:.2f}"
        else:
            out[key] = value
    return out


def sroie_summary(judgements: Sequence[Judgement]) -> dict[str, Any]:
    """SROIE task 3 as defined (strict strings) and normalised (ISO dates, numeric totals)."""
    strict_pairs = [(j.item.raw_truth, _sroie_prediction(j, raw=True)) for j in judgements]
    normal_pairs = [(j.item.raw_truth, _sroie_prediction(j, raw=False)) for j in judgements]
    return {
        "n": len(judgements),
        "strict": sroie_scores(strict_pairs, lambda _k, e, g: sroie_strict_equal(e, g)),
        "normalised": sroie_scores(normal_pairs, sroie_normalised_equal),
        "strict_uses_evidence_raw": sum(1 for j in judgements if j.evidence_raw),
    }


def defect_summary(judgements: Sequence[Judgement]) -> dict[str, Any] | None:
    """Corpus documents with deliberate defects: how many were stopped (not touchless), false alarms on clean ones."""
    corpus = [j for j in judgements if j.item.dataset == "corpus" and j.status != "rejected"]
    defective = [j for j in corpus if j.item.defects]
    if not defective:
        return None
    clean = [j for j in corpus if not j.item.defects]
    flagged = sum(1 for j in defective if j.status != "touchless")
    false_alarms = sum(1 for j in clean if j.issue_rule_ids)
    by_kind: dict[str, dict[str, int]] = defaultdict(lambda: {"n": 0, "flagged": 0})
    for judgement in defective:
        for kind in judgement.item.defects:
            by_kind[kind]["n"] += 1
            by_kind[kind]["flagged"] += int(judgement.status != "touchless")
    return {
        "defective": len(defective),
        "flagged": flagged,
        "recall": safe_ratio(flagged, len(defective)),
        "clean": len(clean),
        "clean_with_rule_issue": false_alarms,
        "false_alarm_rate": safe_ratio(false_alarms, len(clean)),
        "by_kind": dict(by_kind),
    }


def compute_metrics(
    judgements: Sequence[Judgement],
    *,
    expected_api: ApiLookup | None = None,
    api_exists: ApiExists | None = None,
    schema_errors: SchemaCheck | None = None,
    price_per_core_hour: float = 0.05,
    known_rules: Iterable[str] = (),
    hardest_n: int = 20,
    detail_limit: int = 30,
) -> dict[str, Any]:
    """Every figure of the evaluation, as a JSON-ready dict (with a per-document list for small sets)."""
    by_variant: dict[str, list[Judgement]] = defaultdict(list)
    by_type: dict[str, list[Judgement]] = defaultdict(list)
    for judgement in judgements:
        by_variant[judgement.item.variant].append(judgement)
        by_type[judgement.expected_type].append(judgement)
    validated = [j for j in judgements if j.validated]
    metrics: dict[str, Any] = {
        "documents": {
            "n": len(judgements),
            "by_variant": {v: len(js) for v, js in sorted(by_variant.items())},
            "run_errors": sum(1 for j in judgements if j.run_failed),
            "infrastructure_rejections": _infrastructure(judgements),
        },
        "document_type": classification_metrics(
            [j.expected_type for j in judgements], [j.predicted_type for j in judgements]
        ),
        "subtype": _subtype_summary(judgements),
        "fields": field_scores(j.fields for j in judgements),
        "fields_by_variant": {v: field_scores(j.fields for j in js) for v, js in sorted(by_variant.items())},
        "line_items": _line_item_summary(judgements),
        "line_items_by_variant": {v: _line_item_summary(js) for v, js in sorted(by_variant.items())},
        "status": status_rates(j.status for j in judgements),
        "rules": rule_pass_rates((j.issue_rule_ids for j in validated), known_rules),
        "calibration": _calibration(judgements),
        "latency": {
            "end_to_end": latency_summary([j.wall_ms for j in judgements]),
            "by_variant": {v: latency_summary([j.wall_ms for j in js]) for v, js in sorted(by_variant.items())},
            "stages": stage_latencies(j.timings_ms for j in judgements),
            "pipeline_total": latency_summary(
                [j.timings_ms[TOTAL_TIMING] for j in judgements if TOTAL_TIMING in j.timings_ms]
            ),
        },
        "cost": _cost(judgements, price_per_core_hour),
        "per_type": {t: _group_summary(js) for t, js in sorted(by_type.items())},
        "per_variant": {v: _group_summary(js) for v, js in sorted(by_variant.items())},
        "per_language": _per_language(judgements),
        "failure_modes": failure_modes(judgements),
        "hardest": hardest_documents(judgements, hardest_n),
    }
    if len(judgements) <= detail_limit:
        metrics["documents_detail"] = [_document_detail(j) for j in judgements]
    if expected_api is not None:
        # documents the route stage could not run on for lack of a resource (no KB) say nothing
        # about routing; they are counted under documents.infrastructure_rejections instead
        metrics["routing"] = routing_accuracy(
            (expected_api(j.expected_type), j.predicted_api) for j in judgements if not j.infrastructure_failure
        )
    if api_exists is not None:
        metrics["api_validity"] = api_validity(
            ((j.predicted_api, j.predicted_entity_set) for j in judgements), api_exists
        )
    if schema_errors is not None:
        metrics["schema_validity"] = _schema_validity(validated, schema_errors)
    if any(j.item.dataset == "sroie" for j in judgements):
        metrics["sroie"] = sroie_summary([j for j in judgements if j.item.dataset == "sroie"])
    defects = defect_summary(judgements)
    if defects is not None:
        metrics["defects"] = defects
    return metrics


def _document_detail(judgement: Judgement) -> dict[str, Any]:
    """One line per document for small sets: each scored field's verdict."""
    marks = []
    for c in judgement.fields:
        if c.outcome == "correct":
            marks.append(f"{c.name} ✓")
        elif c.outcome == "wrong_value":
            marks.append(f"{c.name} ✗ {c.expected!r} → {c.got!r}")
        elif c.outcome == "missing":
            marks.append(f"{c.name} ∅ ({c.expected!r})")
        else:
            marks.append(f"{c.name} + {c.got!r}")
    if judgement.line_items is not None:
        li = judgement.line_items
        marks.append(f"line cells {li.tp}/{li.tp + li.fn} right, {li.fp} extra")
    return {
        "item_id": judgement.item.item_id,
        "predicted_type": judgement.predicted_type,
        "status": judgement.status,
        "error": judgement.error,
        "fields": "; ".join(marks) if marks else (judgement.error or "no fields"),
    }


def _schema_validity(judgements: Sequence[Judgement], schema_errors: SchemaCheck) -> dict[str, Any]:
    invalid: list[dict[str, Any]] = []
    for judgement in judgements:
        adc = {
            "document_type": judgement.predicted_type,
            "subtype": judgement.predicted_subtype,
            "fields": judgement.got_fields,
            "line_items": judgement.got_line_items,
        }
        try:
            errors = schema_errors(adc)
        except Exception as exc:  # noqa: BLE001 - a checker failure is reported, not fatal
            errors = [f"schema check failed: {type(exc).__name__}: {exc}"]
        if errors:
            invalid.append({"item_id": judgement.item.item_id, "errors": errors[:5]})
    n = len(judgements)
    return {"n": n, "valid": n - len(invalid), "rate": safe_ratio(n - len(invalid), n), "invalid": invalid[:20]}
