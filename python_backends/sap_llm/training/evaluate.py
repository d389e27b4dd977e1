"""Evaluation of the shipped (ONNX) models on a corpus split, beside the baselines.

Classifier: type accuracy, subtype accuracy (type and subtype both right),
confusion matrix, ECE of the type confidence. Tagger: header-field micro-F1 and
per-field F1, line-item cell F1 (rows aligned by the Hungarian method), the
share of decoded outputs that validate against their schema, ECE of the field
confidences; on born-digital words (the record's text layer) and, for records
with a scan image, on the words ``sap_llm.preprocess`` OCRs from that image.

Scope of the field scores: the header fields annotated on the page (the
record's BIO labels) plus anything predicted; a ground-truth value that is not
printed (derived from master data) cannot be read and is not counted. Field
comparisons use ``sap_llm.evaluation`` (independent normalisers).
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from sap_llm.contract import validate_adc
from sap_llm.corpus.record import CorpusRecord
from sap_llm.evaluation.metrics import (
    compare_fields,
    expected_calibration_error,
    field_scores,
    line_item_scores,
)
from sap_llm.extract.decode import WordView
from sap_llm.extract.roles import decode_with_roles
from sap_llm.profile import OrgProfile
from sap_llm.training.common import pages_of

log = logging.getLogger(__name__)

WordProbs = Callable[[Sequence[str], Sequence[Sequence[int]]], np.ndarray]


def header_scope(record: CorpusRecord) -> set[str]:
    return {lab[2:] for lab in record.labels if lab.startswith("B-") and not lab.startswith("B-li.")}


def line_columns(record: CorpusRecord) -> set[str]:
    return {lab[5:] for lab in record.labels if lab.startswith("B-li.")}


def views_of(record: CorpusRecord) -> list[WordView]:
    pages = pages_of(record)
    return [WordView(w, tuple(b), p, -1) for w, b, p in zip(record.words, record.boxes, pages, strict=True)]


def evaluate_fields(records: Sequence[CorpusRecord], word_probs: WordProbs, labels: Sequence[str],
                    words_of: Callable[[CorpusRecord], list[WordView] | None] = views_of,
                    progress: str | None = None,
                    scope_of: Callable[[CorpusRecord], set[str]] | None = None,
                    profile: OrgProfile | None = None) -> dict[str, Any]:
    """Decode every record with its true type and score the fields against the ground truth (with a profile,
    party sides are resolved as the extract stage does)."""
    from tqdm import tqdm

    comparisons, items, confidences, hits, worst, schema_errors = [], [], [], [], [], []
    times: list[float] = []
    valid = 0
    for record in tqdm(records, desc=progress or "fields", unit="doc", leave=False, disable=progress is None):
        words = words_of(record)
        if words is None:  # could not be read (e.g. a scan the OCR failed on): all its fields are missed
            words = []
        started = time.perf_counter()
        probs = word_probs([w.text for w in words], [w.box for w in words])
        ext = decode_with_roles(probs, labels, words, record.document_type, record.subtype, profile)
        times.append((time.perf_counter() - started) * 1000)
        adc = {"document_type": record.document_type, "subtype": record.subtype, "fields": ext.fields,
               "line_items": ext.line_items}
        errors = validate_adc(adc)
        valid += not errors
        if errors:
            schema_errors.append({"id": record.id, "errors": errors[:3]})
        # A fixed scope (SROIE's four fields) judges only those; otherwise predictions outside the
        # annotated fields count as spurious.
        scope = scope_of(record) if scope_of else header_scope(record) | set(ext.fields)
        result = compare_fields(record.ground_truth.fields, ext.fields, scope)
        comparisons.append(result)
        for c in result:
            if c.name in ext.field_confidence and c.outcome in ("correct", "wrong_value", "spurious"):
                confidences.append(ext.field_confidence[c.name])
                hits.append(c.outcome == "correct")
        cols = line_columns(record)
        if cols or ext.line_items:
            items.append((record.ground_truth.line_items, ext.line_items, cols or None))
        wrong = [c for c in result if c.outcome != "correct"]
        if wrong:
            worst.append({"id": record.id, "type": record.document_type, "layout": record.metadata.layout,
                          "errors": [{"field": c.name, "expected": c.expected, "got": c.got, "outcome": c.outcome}
                                     for c in wrong[:6]]})
    calibration = expected_calibration_error(confidences, hits)
    scores = field_scores(comparisons)
    worst.sort(key=lambda w: -len(w["errors"]))
    return {
        "documents": len(records),
        "header": scores,
        "line_items": line_item_scores(items),
        "schema_valid_rate": valid / max(1, len(records)),
        "schema_errors": schema_errors[:10],
        "calibration": calibration.as_dict(),
        "ms_per_document": {"mean": float(np.mean(times)) if times else None,
                            "p95": float(np.percentile(times, 95)) if times else None},
        "worst": worst[:15],
    }


def evaluate_classifier(records: Sequence[CorpusRecord], predict: Callable[[CorpusRecord], tuple[str, str | None, float]]
                        ) -> dict[str, Any]:
    """Type / subtype accuracy, confusion counts and ECE of the type confidence."""
    truth, pred, conf, sub_ok, mistakes = [], [], [], [], []
    for r in records:
        t, s, p = predict(r)
        truth.append(r.document_type)
        pred.append(t)
        conf.append(p)
        sub_ok.append(t == r.document_type and s == r.subtype)
        if t != r.document_type or s != r.subtype:
            mistakes.append({"id": r.id, "layout": r.metadata.layout, "language": r.metadata.language,
                             "expected": f"{r.document_type}/{r.subtype}", "got": f"{t}/{s}"})
    correct = [a == b for a, b in zip(truth, pred, strict=True)]
    per_type = Counter(truth)
    per_type_ok = Counter(t for t, ok in zip(truth, correct, strict=True) if ok)
    return {
        "documents": len(records),
        "type_accuracy": float(np.mean(correct)) if correct else None,
        "subtype_accuracy": float(np.mean(sub_ok)) if sub_ok else None,
        "per_type_accuracy": {t: per_type_ok[t] / n for t, n in sorted(per_type.items())},
        "confusion": [[a, b] for a, b in zip(truth, pred, strict=True)],
        "calibration": expected_calibration_error(conf, correct).as_dict(),
        "mistakes": mistakes[:20],
    }


def plot_confusion(pairs: Sequence[Sequence[str]], out: Path, title: str) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = sorted({p for pair in pairs for p in pair})
    index = {n: i for i, n in enumerate(names)}
    matrix = np.zeros((len(names), len(names)), dtype=int)
    for t, p in pairs:
        matrix[index[t], index[p]] += 1
    fig, ax = plt.subplots(figsize=(1.0 + 0.55 * len(names), 1.0 + 0.5 * len(names)))
    ax.imshow(matrix, cmap="Blues")
    ax.set_xticks(range(len(names)), names, rotation=60, ha="right", fontsize=7)
    ax.set_yticks(range(len(names)), names, fontsize=7)
    for i in range(len(names)):
        for j in range(len(names)):
            if matrix[i, j]:
                ax.text(j, i, str(matrix[i, j]), ha="center", va="center", fontsize=7,
                        color="white" if matrix[i, j] > matrix.max() / 2 else "black")
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title(title, fontsize=9)
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out


def plot_reliability(calibration: dict[str, Any], out: Path, title: str) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    bins = [b for b in calibration["bins"] if b["count"]]
    fig, ax = plt.subplots(figsize=(4.5, 4.5))
    ax.plot([0, 1], [0, 1], "--", color="grey", label="perfect calibration")
    if bins:
        centers = [(b["lower"] + b["upper"]) / 2 for b in bins]
        ax.bar(centers, [b["accuracy"] for b in bins], width=0.09, alpha=0.7, label="accuracy per bin")
        ax.plot([b["mean_confidence"] for b in bins], [b["accuracy"] for b in bins], "o-", color="C3",
                label="mean confidence → accuracy")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("confidence")
    ax.set_ylabel("accuracy")
    ax.set_title(f"{title}\nECE {calibration['ece']:.3f} (n={calibration['n']})", fontsize=9)
    ax.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out


def plot_per_field(per_field: dict[str, dict[str, Any]], out: Path, title: str) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    items = sorted(((k, v.get("f1") or 0.0) for k, v in per_field.items() if v.get("support")), key=lambda kv: kv[1])
    fig, ax = plt.subplots(figsize=(6, 0.25 * len(items) + 1.2))
    ax.barh([k for k, _ in items], [v for _, v in items], color="C0")
    ax.set_xlim(0, 1)
    ax.set_xlabel("F1")
    ax.set_title(title, fontsize=9)
    ax.tick_params(axis="y", labelsize=7)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out
