"""Evaluation metrics as pure functions over plain values.

Nothing here reads files or runs models: each function takes what was expected
and what came out and returns numbers (and the counts behind them, so a reader
can recompute every figure by hand). Conventions:

* Precision / recall / F1 are 0.0 when their denominator is 0 (nothing to get
  right), and every score carries its counts (``tp``, ``fp``, ``fn``).
* A header field counts as a true positive when present on both sides and equal
  in its normal form (:mod:`sap_llm.evaluation.normalize`); present on both
  sides but different is one false positive *and* one false negative (a wrong
  value is both a wrong answer and a missed right one); only expected is a
  false negative, only predicted a false positive.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

from sap_llm.evaluation.normalize import is_empty, norm_address, norm_amount, norm_date, values_equal


# ── counts and scores ───────────────────────────────────────────────────────
@dataclass
class Counts:
    """True positives, false positives, false negatives, with the scores they give."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def support(self) -> int:
        return self.tp + self.fn

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "support": self.support,
        }


def safe_ratio(numerator: float, denominator: float) -> float | None:
    """``numerator / denominator``, or None when there is nothing to divide by."""
    return numerator / denominator if denominator else None


# ── classification ──────────────────────────────────────────────────────────
def confusion_matrix(
    y_true: Sequence[str], y_pred: Sequence[str], labels: Sequence[str] | None = None
) -> tuple[list[str], list[list[int]]]:
    """Rows = expected label, columns = predicted label, in ``labels`` order (default: sorted union)."""
    if len(y_true) != len(y_pred):
        raise ValueError(f"{len(y_true)} expected labels but {len(y_pred)} predictions")
    order = list(labels) if labels is not None else sorted(set(y_true) | set(y_pred))
    index = {label: i for i, label in enumerate(order)}
    matrix = [[0] * len(order) for _ in order]
    for truth, pred in zip(y_true, y_pred, strict=True):
        if truth in index and pred in index:
            matrix[index[truth]][index[pred]] += 1
    return order, matrix


def classification_metrics(
    y_true: Sequence[str], y_pred: Sequence[str], labels: Sequence[str] | None = None
) -> dict[str, Any]:
    """Accuracy, macro-F1 over the labels, per-class P/R/F1 and the confusion matrix.

    Macro-F1 averages over every label that occurs in either list (a class that
    is predicted but never expected scores F1 = 0 and pulls the mean down, as in
    scikit-learn's default).
    """
    order, matrix = confusion_matrix(y_true, y_pred, labels)
    per_class: dict[str, dict[str, float | int]] = {}
    for i, label in enumerate(order):
        tp = matrix[i][i]
        counts = Counts(tp=tp, fp=sum(row[i] for row in matrix) - tp, fn=sum(matrix[i]) - tp)
        per_class[label] = counts.as_dict()
    n = len(y_true)
    correct = sum(1 for t, p in zip(y_true, y_pred, strict=True) if t == p)
    macro = float(np.mean([c["f1"] for c in per_class.values()])) if per_class else 0.0
    return {
        "n": n,
        "correct": correct,
        "accuracy": correct / n if n else 0.0,
        "macro_f1": macro,
        "per_class": per_class,
        "confusion": {"labels": order, "matrix": matrix},
    }


# ── header fields ───────────────────────────────────────────────────────────
@dataclass
class FieldComparison:
    """One field of one document: what was expected, what came out, and the verdict."""

    name: str
    expected: Any
    got: Any
    outcome: str  # "correct" | "wrong_value" | "missing" | "spurious"

    @property
    def counts(self) -> Counts:
        return {
            "correct": Counts(tp=1),
            "wrong_value": Counts(fp=1, fn=1),
            "missing": Counts(fn=1),
            "spurious": Counts(fp=1),
        }[self.outcome]


def compare_fields(
    expected: Mapping[str, Any],
    got: Mapping[str, Any],
    scope: Iterable[str] | None = None,
    equal: Callable[[str, Any, Any], bool] = values_equal,
) -> list[FieldComparison]:
    """Field-by-field verdicts; only fields in ``scope`` are judged (None = every field seen)."""
    exp = {k: v for k, v in expected.items() if not is_empty(v)}
    out = {k: v for k, v in got.items() if not is_empty(v)}
    names = set(exp) | set(out) if scope is None else set(scope)
    result: list[FieldComparison] = []
    for name in sorted(names):
        e, g = exp.get(name), out.get(name)
        if e is None and g is None:
            continue
        if e is None:
            outcome = "spurious"
        elif g is None:
            outcome = "missing"
        else:
            outcome = "correct" if equal(name, e, g) else "wrong_value"
        result.append(FieldComparison(name, e, g, outcome))
    return result


def field_scores(comparisons: Iterable[Iterable[FieldComparison]]) -> dict[str, Any]:
    """Per-field P/R/F1 over many documents, plus micro (pooled counts) and macro (mean of fields' F1)."""
    per_field: dict[str, Counts] = defaultdict(Counts)
    for document in comparisons:
        for comparison in document:
            per_field[comparison.name].add(comparison.counts)
    micro = Counts()
    for counts in per_field.values():
        micro.add(counts)
    # Macro over the fields that were expected at least once: a field only ever
    # hallucinated has no recall to speak of but still costs micro precision.
    expected_fields = [c for c in per_field.values() if c.support > 0]
    return {
        "micro": micro.as_dict(),
        "macro_f1": float(np.mean([c.f1 for c in expected_fields])) if expected_fields else 0.0,
        "per_field": {name: per_field[name].as_dict() for name in sorted(per_field)},
    }


# ── line items ──────────────────────────────────────────────────────────────
def _row_cells(row: Mapping[str, Any], columns: Iterable[str] | None) -> dict[str, Any]:
    keep = None if columns is None else set(columns)
    return {k: v for k, v in row.items() if not is_empty(v) and (keep is None or k in keep)}


def _matching_cells(expected: Mapping[str, Any], got: Mapping[str, Any]) -> int:
    return sum(1 for k, v in expected.items() if k in got and values_equal(k, v, got[k], "line_item"))


def align_rows(
    expected_rows: Sequence[Mapping[str, Any]],
    got_rows: Sequence[Mapping[str, Any]],
    columns: Iterable[str] | None = None,
) -> list[tuple[int, int, int]]:
    """Best one-to-one alignment of rows (Hungarian method maximising equal cells).

    Returns ``(expected_index, got_index, equal_cells)`` for aligned pairs with at
    least one equal cell; rows left out are unmatched.
    """
    if not expected_rows or not got_rows:
        return []
    cols = None if columns is None else list(columns)
    exp = [_row_cells(r, cols) for r in expected_rows]
    out = [_row_cells(r, cols) for r in got_rows]
    gain = np.array([[_matching_cells(e, g) for g in out] for e in exp], dtype=float)
    rows, cols_idx = linear_sum_assignment(gain, maximize=True)
    return [(int(r), int(c), int(gain[r, c])) for r, c in zip(rows, cols_idx, strict=True) if gain[r, c] > 0]


def line_item_counts(
    expected_rows: Sequence[Mapping[str, Any]],
    got_rows: Sequence[Mapping[str, Any]],
    columns: Iterable[str] | None = None,
) -> Counts:
    """Cell-level counts after row alignment: a cell is a TP when equal in its aligned row.

    Every non-empty expected cell not matched is a FN, every non-empty predicted
    cell not matched a FP (so an extra row costs precision and a missing row recall).
    """
    cols = None if columns is None else list(columns)
    expected_cells = sum(len(_row_cells(r, cols)) for r in expected_rows)
    got_cells = sum(len(_row_cells(r, cols)) for r in got_rows)
    tp = sum(equal for _, _, equal in align_rows(expected_rows, got_rows, cols))
    return Counts(tp=tp, fp=got_cells - tp, fn=expected_cells - tp)


def line_item_scores(
    documents: Iterable[tuple[Sequence[Mapping[str, Any]], Sequence[Mapping[str, Any]], Iterable[str] | None]],
) -> dict[str, Any]:
    """Pooled cell-level P/R/F1 over documents that have expected or predicted rows."""
    total = Counts()
    n_docs = 0
    row_count_exact = 0
    for expected_rows, got_rows, columns in documents:
        if not expected_rows and not got_rows:
            continue
        n_docs += 1
        row_count_exact += int(len(expected_rows) == len(got_rows))
        total.add(line_item_counts(expected_rows, got_rows, columns))
    return {**total.as_dict(), "documents": n_docs, "row_count_accuracy": safe_ratio(row_count_exact, n_docs)}


# ── calibration ─────────────────────────────────────────────────────────────
@dataclass
class CalibrationBin:
    lower: float
    upper: float
    count: int
    mean_confidence: float | None
    accuracy: float | None


@dataclass
class Calibration:
    ece: float
    n: int
    bins: list[CalibrationBin] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"ece": self.ece, "n": self.n, "bins": [b.__dict__ for b in self.bins]}


def expected_calibration_error(
    confidences: Sequence[float], correct: Sequence[bool], n_bins: int = 10
) -> Calibration:
    """ECE = Σ_b (|b| / n) · |accuracy(b) − mean confidence(b)| over ``n_bins`` equal-width bins.

    Bin ``i`` holds confidences in ``[i/n_bins, (i+1)/n_bins)``; a confidence of
    exactly 1.0 goes into the last bin. Confidences are clipped to [0, 1].
    """
    if len(confidences) != len(correct):
        raise ValueError("confidences and correct differ in length")
    conf = np.clip(np.asarray(confidences, dtype=float), 0.0, 1.0)
    hit = np.asarray(correct, dtype=float)
    n = len(conf)
    index = np.minimum((conf * n_bins).astype(int), n_bins - 1) if n else np.array([], dtype=int)
    bins: list[CalibrationBin] = []
    ece = 0.0
    for b in range(n_bins):
        mask = index == b
        count = int(mask.sum())
        if count:
            mean_conf, acc = float(conf[mask].mean()), float(hit[mask].mean())
            ece += count / n * abs(acc - mean_conf)
        else:
            mean_conf = acc = None
        bins.append(CalibrationBin(b / n_bins, (b + 1) / n_bins, count, mean_conf, acc))
    return Calibration(ece=float(ece), n=n, bins=bins)


# ── latency, cost, rates ────────────────────────────────────────────────────
def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q``-th percentile with linear interpolation (numpy's default), None for no values."""
    return float(np.percentile(np.asarray(values, dtype=float), q)) if len(values) else None


def latency_summary(values_ms: Sequence[float]) -> dict[str, float | int | None]:
    return {
        "n": len(values_ms),
        "p50_ms": percentile(values_ms, 50),
        "p95_ms": percentile(values_ms, 95),
        "mean_ms": float(np.mean(values_ms)) if len(values_ms) else None,
        "max_ms": float(np.max(values_ms)) if len(values_ms) else None,
    }


TOTAL_TIMING = "total"  # the pipeline's own wall time for the whole input, not a stage


def stage_latencies(timings: Iterable[Mapping[str, float]]) -> dict[str, dict[str, float | int | None]]:
    """P50 / P95 per stage name over the documents that ran that stage (the ``total`` entry excluded)."""
    per_stage: dict[str, list[float]] = defaultdict(list)
    for timing in timings:
        for stage, ms in timing.items():
            if stage != TOTAL_TIMING and isinstance(ms, int | float):
                per_stage[stage].append(float(ms))
    return {stage: latency_summary(values) for stage, values in per_stage.items()}


def cost_per_document(cpu_seconds: float, price_per_core_hour: float) -> float:
    """Price of ``cpu_seconds`` of one core at ``price_per_core_hour`` (currency units)."""
    return cpu_seconds / 3600.0 * price_per_core_hour


def status_rates(statuses: Iterable[str]) -> dict[str, Any]:
    counts = Counter(statuses)
    n = sum(counts.values())
    return {
        "n": n,
        "counts": dict(sorted(counts.items())),
        "touchless_rate": counts.get("touchless", 0) / n if n else 0.0,
        "rejected_rate": counts.get("rejected", 0) / n if n else 0.0,
    }


def rule_pass_rates(
    issue_rule_ids: Iterable[Iterable[str]], known_rules: Iterable[str] = ()
) -> dict[str, dict[str, float | int]]:
    """Per rule id: share of validated documents on which the rule raised no issue.

    ``issue_rule_ids`` holds, per validated document, the rule ids of its issues
    (a rule counts once per document however often it fired). Rules in
    ``known_rules`` that never fired are reported with a pass rate of 1.0.
    """
    fired: Counter[str] = Counter()
    n_docs = 0
    for rule_ids in issue_rule_ids:
        n_docs += 1
        fired.update(set(rule_ids))
    rules = set(fired) | set(known_rules)
    return {
        rule: {"documents": n_docs, "failed": fired[rule], "pass_rate": 1 - fired[rule] / n_docs if n_docs else 0.0}
        for rule in sorted(rules)
    }


# ── routing ─────────────────────────────────────────────────────────────────
def routing_accuracy(pairs: Iterable[tuple[str | None, str | None]]) -> dict[str, Any]:
    """Share of documents routed to the expected API; pairs are (expected API, predicted API).

    A pair whose expected API is None (the type has no fixed API) is not scored.
    """
    scored = [(e, p) for e, p in pairs if e is not None]
    correct = sum(1 for e, p in scored if e == p)
    return {"n": len(scored), "correct": correct, "accuracy": safe_ratio(correct, len(scored))}


def api_validity(routes: Iterable[tuple[str | None, str | None]], exists: Callable[[str, str | None], bool]) -> dict:
    """Share of routed documents whose (API, entity set) exists in the knowledge base."""
    routed = [(api, entity) for api, entity in routes if api]
    valid = sum(1 for api, entity in routed if exists(api, entity))
    return {"n": len(routed), "valid": valid, "rate": safe_ratio(valid, len(routed))}


# ── SROIE ───────────────────────────────────────────────────────────────────
SROIE_KEYS = ("company", "date", "address", "total")


def sroie_strict_equal(expected: Any, got: Any) -> bool:
    """SROIE task 3's comparison: the strings equal after whitespace normalisation (case kept)."""
    return " ".join(str(expected).split()) == " ".join(str(got).split())


def sroie_normalised_equal(key: str, expected: Any, got: Any) -> bool:
    """Dates as ISO, totals as numbers (within 0.01), company whitespace- and case-normalised, address by its
    words (``evaluation.normalize.norm_address``: the commas SROIE's annotators type at line breaks ignored)."""
    if key == "date":
        e, g = norm_date(expected), norm_date(got)
        return e is not None and e == g
    if key == "total":
        e, g = norm_amount(expected), norm_amount(got)
        return e is not None and g is not None and abs(e - g) <= 0.01 + 1e-9
    if key == "address":
        return norm_address(expected) == norm_address(got)
    return " ".join(str(expected).split()).casefold() == " ".join(str(got).split()).casefold()


def sroie_scores(
    documents: Iterable[tuple[Mapping[str, Any], Mapping[str, Any]]], equal: Callable[[str, Any, Any], bool]
) -> dict[str, Any]:
    """Entity-level P/R/F1 over the four SROIE keys; pairs are (expected, predicted) per receipt.

    Each non-empty predicted key is one submitted entity, each non-empty expected
    key one ground-truth entity; a TP is a submitted entity equal to its ground truth.
    """
    per_key: dict[str, Counts] = {key: Counts() for key in SROIE_KEYS}
    for expected, got in documents:
        for key in SROIE_KEYS:
            e, g = expected.get(key), got.get(key)
            e = None if is_empty(e) else e
            g = None if is_empty(g) else g
            if e is not None and g is not None and equal(key, e, g):
                per_key[key].add(Counts(tp=1))
            else:
                per_key[key].add(Counts(fp=int(g is not None), fn=int(e is not None)))
    total = Counts()
    for counts in per_key.values():
        total.add(counts)
    return {**total.as_dict(), "per_key": {k: c.as_dict() for k, c in per_key.items()}}
