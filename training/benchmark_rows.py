"""Markdown rows for BENCHMARKS.md (Models) from an evaluation's metrics.json and a latency run.

    python training/benchmark_rows.py --metrics var/eval/models/metrics.json --latency var/eval/latency.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

DATE = "2026-11-22"
CLF_CMD = ("sap-llm evaluate-model --model model_repository/doc_classifier/1 --corpus var/corpus_train "
           "--split test --out var/eval/classifier")
EVAL_CMD = ("sap-llm evaluate-model --model model_repository/field_tagger/1 --corpus var/corpus_train "
            "--corpus var/sroie_records --corpus var/i2d_records --split test --out var/eval/tagger --scans 10")
LAT_CMD = "python training/benchmark_latency.py --corpus var/corpus_train --pages 30"


def pct(x) -> str:
    return "n/a" if x is None else f"{100 * x:.1f} %"


def row(figure: str, value: str, goal: str, cmd: str = EVAL_CMD) -> str:
    return f"| {figure} | {value} | {goal} | `{cmd}` | {DATE} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--metrics", type=Path, action="append", required=True, help="metrics.json; repeatable")
    parser.add_argument("--latency", type=Path, required=True)
    args = parser.parse_args()
    m: dict = {"documents": {}}
    for path in args.metrics:
        part = json.loads(path.read_text())
        for key, value in part.items():
            if isinstance(value, dict) and isinstance(m.get(key), dict):
                m[key].update(value)
            else:
                m[key] = value
    lat = json.loads(args.latency.read_text())
    rows = ["| figure | value | goal | command | date |", "|---|---|---|---|---|"]
    c = m.get("classifier", {})
    n = m["documents"].get("synthetic", 0)
    for key, label in (("model", "classifier (ONNX int8)"), ("baseline_tfidf_logreg", "baseline TF-IDF + LR")):
        if key in c:
            rows.append(row(f"doc type accuracy, synthetic test (unseen layouts, n={n}), {label}",
                            pct(c[key]["type_accuracy"]), "≥ 98 %" if key == "model" else "—", CLF_CMD))
            rows.append(row(f"subtype accuracy, synthetic test, {label}", pct(c[key]["subtype_accuracy"]),
                            "≥ 95 %" if key == "model" else "—", CLF_CMD))
    if "model" in c:
        rows.append(row("doc type confidence ECE (temperature-scaled), synthetic test",
                        f"{c['model']['calibration']['ece']:.3f}", "—", CLF_CMD))
    t = m.get("tagger", {})
    names = {"synthetic": "synthetic test, born-digital", "synthetic_scans": "synthetic test, scans OCR'd by preprocess",
             "sroie": "SROIE test 300–625, normalised 4 fields", "invoice2data": "invoice2data compare"}
    goals = {"synthetic": "≥ 95 %", "synthetic_scans": "≥ 90 %", "sroie": "≥ 85 %", "invoice2data": "report"}
    for group, block in t.items():
        for key, res in block.items():
            label = "tagger (ONNX int8) + constrained decoding" if key == "model" else "baseline per-word LR + same decoding"
            rows.append(row(f"header-field micro-F1, {names.get(group, group)} (n={res['documents']}), {label}",
                            pct(res["header"]["micro"]["f1"]), goals.get(group, "—") if key == "model" else "—"))
            if res["line_items"].get("documents"):
                rows.append(row(f"line-item cell F1, {names.get(group, group)}, {label}",
                                pct(res["line_items"].get("f1")), "≥ 90 %" if key == "model" else "—"))
            if key == "model":
                rows.append(row(f"decoded outputs valid against their schema, {names.get(group, group)}",
                                pct(res["schema_valid_rate"]), "100 %"))
                rows.append(row(f"field confidence ECE, {names.get(group, group)}",
                                f"{res['calibration']['ece']:.3f}", "—"))
    tl = lat.get("tagger_ms_per_page", {})
    rows.append(row("tagger ONNX int8 latency per page, one core (mean / p95)",
                    f"{tl.get('mean', 0):.1f} / {tl.get('p95', 0):.1f} ms", "≤ 50 ms", LAT_CMD))
    rows.append(row("classifier latency per page, one core (mean)",
                    f"{lat.get('classifier_ms_per_page', {}).get('mean', 0):.1f} ms", "—", LAT_CMD))
    rows.append(row("model sizes (int8 ONNX): tagger / classifier",
                    f"{lat.get('tagger_model_mb', 0):.1f} / {lat.get('classifier_model_mb', 0):.1f} MB",
                    "tens of MB in all", LAT_CMD))
    print("\n".join(rows))


if __name__ == "__main__":
    main()
