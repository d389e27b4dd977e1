"""Write the evaluation's outputs: ``metrics.json``, the PNG figures and ``report.md``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sap_llm.evaluation.plots import confusion_matrix_png, latency_png, reliability_png
from sap_llm.evaluation.targets import check_targets

ANCHORS = {
    "sroie": [
        ("LayoutLMv2-large, SROIE official test set (entity F1, strict)", "96.6 %"),
        ("character BiLSTM baseline (entity F1, strict)", "75.6 %"),
    ],
    "invoice2data": [
        ("invoice2data with a hand-written template for the issuer", "100 % of the template's fields"),
        ("invoice2data without a template", "nothing extracted"),
    ],
}


def _pct(value: Any) -> str:
    return "–" if value is None else f"{100 * float(value):.1f} %"


def _num(value: Any, digits: int = 1) -> str:
    return "–" if value is None else f"{float(value):.{digits}f}"


def _cell(value: Any, limit: int = 60) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str) if not isinstance(value, str) else value
    text = text.replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _target_value(row: dict[str, Any]) -> str:
    if row["value"] is None:
        return "–"
    return f"{row['value']:.0f} ms" if row["unit"] == "ms" else _pct(row["value"])


def _target_goal(row: dict[str, Any]) -> str:
    goal = f"{row['goal']:.0f} ms" if row["unit"] == "ms" else _pct(row["goal"])
    return f"{row['comparison']} {goal}"


def write_figures(metrics: dict[str, Any], wall_ms: list[float], out_dir: Path, set_name: str) -> dict[str, str]:
    out_dir.mkdir(parents=True, exist_ok=True)
    figures = {
        "confusion_matrix": confusion_matrix_png(
            metrics["document_type"]["confusion"], out_dir / "confusion_matrix.png",
            f"Document type confusion — {set_name} (n = {metrics['documents']['n']})",
        ),
        "reliability": reliability_png(
            metrics["calibration"], out_dir / "reliability.png", f"Confidence calibration — {set_name}"
        ),
        "latency": latency_png(
            wall_ms, metrics["latency"]["stages"], out_dir / "latency.png", f"Latency — {set_name}"
        ),
    }  # fmt: skip
    return {name: path.name for name, path in figures.items()}


def _summary_lines(metrics: dict[str, Any], fmt: str) -> list[str]:
    docs = metrics["documents"]
    fields = metrics["fields"]
    lines = [
        f"- Documents: **{docs['n']}** ({', '.join(f'{v} {k}' for k, v in docs['by_variant'].items())}); "
        f"rejected {metrics['status']['counts'].get('rejected', 0)}, run errors {docs['run_errors']}.",
        f"- Document type accuracy **{_pct(metrics['document_type']['accuracy'])}**, macro-F1 "
        f"{_pct(metrics['document_type']['macro_f1'])}; subtype accuracy {_pct(metrics['subtype']['accuracy'])}.",
        f"- Header fields: micro-F1 **{_pct(fields['micro']['f1'])}** (P {_pct(fields['micro']['precision'])}, "
        f"R {_pct(fields['micro']['recall'])}), macro-F1 {_pct(fields['macro_f1'])}.",
    ]
    for variant, scores in metrics["fields_by_variant"].items():
        lines.append(f"  - {variant}: micro-F1 {_pct(scores['micro']['f1'])} over {scores['micro']['support']} expected values")
    if metrics["line_items"]["documents"]:
        lines.append(f"- Line items (cell F1 after row alignment): **{_pct(metrics['line_items']['f1'])}** "
                     f"on {metrics['line_items']['documents']} documents.")  # fmt: skip
    if "sroie" in metrics:
        s = metrics["sroie"]
        lines.append(f"- SROIE entity F1: strict (official) **{_pct(s['strict']['f1'])}**, normalised "
                     f"**{_pct(s['normalised']['f1'])}**.")  # fmt: skip
    if "routing" in metrics:
        lines.append(f"- Routing accuracy {_pct(metrics['routing']['accuracy'])} (n = {metrics['routing']['n']}); "
                     f"API validity {_pct((metrics.get('api_validity') or {}).get('rate'))}.")  # fmt: skip
    lines.append(f"- Touchless rate {_pct(metrics['status']['touchless_rate'])}; end-to-end P50 "
                 f"{_num(metrics['latency']['end_to_end']['p50_ms'], 0)} ms, P95 "
                 f"{_num(metrics['latency']['end_to_end']['p95_ms'], 0)} ms; CPU "
                 f"{_num(metrics['cost']['cpu_seconds_mean'], 2)} s per document ≈ "
                 f"{_num(metrics['cost']['cost_per_1000_documents'], 3)} per 1,000 documents at "
                 f"{metrics['cost']['price_per_core_hour']} per core-hour.")  # fmt: skip
    return lines


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def render_report(metrics: dict[str, Any], meta: dict[str, Any], figures: dict[str, str]) -> str:
    """The Markdown report (see the module docstring for the files beside it)."""
    fmt = meta["format"]
    targets = check_targets(metrics, fmt)
    md: list[str] = [f"# Evaluation report — {meta['set_name']}", ""]
    md += [f"Command: `{meta['command']}`  ", f"Run: {meta['date']}, mode `{meta['mode']}`, "
           f"data `{meta['data']}` (format `{fmt}`, split `{meta.get('split') or 'all'}`).  ",
           f"Code {meta.get('git_commit') or '?'}; models "
           f"{', '.join(f'`{k}` {v}' for k, v in (meta.get('models') or {}).items()) or 'none found'}.", ""]  # fmt: skip
    md += ["## Executive summary", ""] + _summary_lines(metrics, fmt) + [""]
    infra = metrics["documents"].get("infrastructure_rejections") or {}
    if infra:
        md += [f"**This build lacks a resource**: {', '.join(f'{n} documents rejected with `{c}`' for c, n in infra.items())}"
               " — their type and fields are still scored from what the result carries; routing accuracy "
               "leaves them out; status figures include them.", ""]  # fmt: skip
    if meta.get("subset"):
        md += [f"**Subset**: {meta['subset']}.", ""]
    if meta.get("layout_cache"):
        md += [f"Note: {meta['layout_cache']}.", ""]
    if meta.get("machine_note"):
        md += [f"Note: {meta['machine_note']}", ""]
    if meta.get("notes"):
        md += ["Not measured / caveats:", ""] + [f"- {note}" for note in meta["notes"]] + [""]
    if meta.get("items_evaluated") is not None and meta.get("items_total") != meta.get("items_evaluated"):
        md += [f"**Partial run**: {meta['items_evaluated']} of {meta['items_total']} documents evaluated.", ""]
    if targets:
        md += _table(
            ["target", "value", "goal", "verdict", "from", "note"],
            [[t["name"], _target_value(t), _target_goal(t), "✅ pass" if t["verdict"] == "pass"
              else ("❌ FAIL" if t["verdict"] == "FAIL" else "n/a"), t["source"], t["note"]] for t in targets],
        ) + [""]  # fmt: skip
    if fmt in ANCHORS:
        md += ["Published anchors for comparison:", ""]
        md += [f"- {label}: {value}" for label, value in ANCHORS[fmt]] + [""]

    dt = metrics["document_type"]
    md += ["## Document type", "", f"Accuracy {_pct(dt['accuracy'])} ({dt['correct']}/{dt['n']}), "
           f"macro-F1 {_pct(dt['macro_f1'])}.", "", f"![confusion matrix]({figures['confusion_matrix']})", ""]  # fmt: skip
    md += _table(["type", "precision", "recall", "F1", "support"],
                 [[k, _pct(v["precision"]), _pct(v["recall"]), _pct(v["f1"]), str(v["support"])]
                  for k, v in dt["per_class"].items()]) + [""]  # fmt: skip

    md += ["## Per document type", ""]
    md += _table(
        ["expected type", "n", "type acc.", "subtype acc.", "field micro-F1", "field macro-F1", "line-item F1",
         "touchless", "rejected", "P95 ms"],
        [[t, str(r["n"]), _pct(r["type_accuracy"]), _pct(r["subtype_accuracy"]), _pct(r["field_micro_f1"]),
          _pct(r["field_macro_f1"]), _pct(r["line_item_f1"]), _pct(r["touchless_rate"]), _pct(r["rejected_rate"]),
          _num(r["latency_p95_ms"], 0)] for t, r in metrics["per_type"].items()],
    ) + [""]  # fmt: skip

    for title, key in (("Per variant", "per_variant"), ("Per language", "per_language")):
        groups = metrics.get(key) or {}
        if len(groups) > 1:
            md += [f"## {title}", ""]
            md += _table(
                ["group", "n", "type acc.", "subtype acc.", "field micro-F1", "line-item F1", "touchless", "P95 ms"],
                [[g, str(r["n"]), _pct(r["type_accuracy"]), _pct(r["subtype_accuracy"]), _pct(r["field_micro_f1"]),
                  _pct(r["line_item_f1"]), _pct(r["touchless_rate"]), _num(r["latency_p95_ms"], 0)]
                 for g, r in groups.items()],
            ) + [""]  # fmt: skip
    md += ["## Per field", "", "Values compared in normal form: dates ISO, amounts numeric within 0.01, "
           "identifiers compact upper case, text whitespace- and case-normalised.", ""]  # fmt: skip
    per_field = sorted(metrics["fields"]["per_field"].items(), key=lambda kv: (-kv[1]["support"], kv[0]))
    md += _table(["field", "precision", "recall", "F1", "TP", "FP", "FN", "support"],
                 [[k, _pct(v["precision"]), _pct(v["recall"]), _pct(v["f1"]), str(v["tp"]), str(v["fp"]),
                   str(v["fn"]), str(v["support"])] for k, v in per_field]) + [""]  # fmt: skip

    li = metrics["line_items"]
    if li["documents"]:
        md += ["## Line items", "", "Rows aligned one-to-one to maximise equal cells (Hungarian method); a cell "
               "is right when equal in its aligned row.", "",
               f"Cell precision {_pct(li['precision'])}, recall {_pct(li['recall'])}, F1 {_pct(li['f1'])} "
               f"(TP {li['tp']}, FP {li['fp']}, FN {li['fn']}) on {li['documents']} documents.", ""]  # fmt: skip

    if "sroie" in metrics:
        s = metrics["sroie"]
        md += ["## SROIE task 3 scoring", "", "Strict = the benchmark's definition (each of company, date, "
               "address, total is one entity; right when the strings are equal after whitespace normalisation; "
               "our printed text from `evidence.raw` where the pipeline gives it, else the normalised value). "
               "Normalised = dates as ISO, totals as numbers, text case-insensitive.", ""]  # fmt: skip
        md += _table(["key", "strict P", "strict R", "strict F1", "normalised P", "normalised R", "normalised F1"],
                     [[k, _pct(s["strict"]["per_key"][k]["precision"]), _pct(s["strict"]["per_key"][k]["recall"]),
                       _pct(s["strict"]["per_key"][k]["f1"]), _pct(s["normalised"]["per_key"][k]["precision"]),
                       _pct(s["normalised"]["per_key"][k]["recall"]), _pct(s["normalised"]["per_key"][k]["f1"])]
                      for k in s["strict"]["per_key"]]
                     + [["**all**", _pct(s["strict"]["precision"]), _pct(s["strict"]["recall"]),
                         _pct(s["strict"]["f1"]), _pct(s["normalised"]["precision"]),
                         _pct(s["normalised"]["recall"]), _pct(s["normalised"]["f1"])]]) + [""]  # fmt: skip

    md += ["## Status, routing, business rules", ""]
    st = metrics["status"]
    md += [f"Status counts: {', '.join(f'{k} {v}' for k, v in st['counts'].items())}; touchless rate "
           f"{_pct(st['touchless_rate'])}.", ""]  # fmt: skip
    if "routing" in metrics:
        r = metrics["routing"]
        md += [f"Routing accuracy (expected API of the expected type, CONTRACT.md table): {_pct(r['accuracy'])} "
               f"({r['correct']}/{r['n']})."]  # fmt: skip
    if "api_validity" in metrics:
        a = metrics["api_validity"]
        md += [f"API validity (API and entity set exist in the knowledge base): {_pct(a['rate'])} "
               f"({a['valid']}/{a['n']} routed documents)."]  # fmt: skip
    if "schema_validity" in metrics:
        sv = metrics["schema_validity"]
        md += [f"ADC schema validity: {_pct(sv['rate'])} ({sv['valid']}/{sv['n']})."]
    if "defects" in metrics:
        d = metrics["defects"]
        md += [f"Deliberate defects stopped (not touchless): {_pct(d['recall'])} ({d['flagged']}/{d['defective']}); "
               f"clean documents with a rule issue: {_pct(d['false_alarm_rate'])} "
               f"({d['clean_with_rule_issue']}/{d['clean']})."]  # fmt: skip
    md += [""]
    if metrics["rules"]:
        md += _table(["rule id", "documents", "raised", "pass rate"],
                     [[k, str(v["documents"]), str(v["failed"]), _pct(v["pass_rate"])]
                      for k, v in sorted(metrics["rules"].items(), key=lambda kv: kv[1]["pass_rate"])]) + [""]  # fmt: skip

    cal = metrics["calibration"]
    md += ["## Confidence calibration", "", f"ECE (10 bins): field values {_num(cal['fields']['ece'], 3)} "
           f"(n = {cal['fields']['n']}), document type {_num(cal['document_type']['ece'], 3)} "
           f"(n = {cal['document_type']['n']}).", "", f"![reliability diagram]({figures['reliability']})", ""]  # fmt: skip

    lat, cost = metrics["latency"], metrics["cost"]
    md += ["## Latency and cost", "", f"![latency]({figures['latency']})", ""]
    md += _table(["measure", "n", "P50 ms", "P95 ms", "mean ms"],
                 [["end to end (harness wall clock)", str(lat["end_to_end"]["n"]), _num(lat["end_to_end"]["p50_ms"], 0),
                   _num(lat["end_to_end"]["p95_ms"], 0), _num(lat["end_to_end"]["mean_ms"], 0)]]
                 + [[f"end to end, {v}", str(s["n"]), _num(s["p50_ms"], 0), _num(s["p95_ms"], 0), _num(s["mean_ms"], 0)]
                    for v, s in lat["by_variant"].items()]
                 + ([["pipeline's own total (`timings_ms.total`)", str(lat["pipeline_total"]["n"]),
                      _num(lat["pipeline_total"]["p50_ms"], 0), _num(lat["pipeline_total"]["p95_ms"], 0),
                      _num(lat["pipeline_total"]["mean_ms"], 0)]] if lat.get("pipeline_total", {}).get("n") else [])
                 + [[f"stage `{k}`", str(s["n"]), _num(s["p50_ms"]), _num(s["p95_ms"]), _num(s["mean_ms"])]
                    for k, s in lat["stages"].items()]) + [""]  # fmt: skip
    md += [f"CPU per document: mean {_num(cost['cpu_seconds_mean'], 2)} s, P95 {_num(cost['cpu_seconds_p95'], 2)} s "
           f"({meta.get('cpu_source', 'process CPU time')}); at {cost['price_per_core_hour']} per core-hour that is "
           f"{_num(cost['cost_per_1000_documents'], 4)} per 1,000 documents.", ""]  # fmt: skip

    fm = metrics["failure_modes"]
    md += ["## Failure modes", "", "ocr_error = the expected value is nowhere in the document's words; decided for "
           f"{fm['documents_with_text']} documents whose words' text the run recorded.", ""]  # fmt: skip
    md += _table(["mode", "errors", "documents", "most affected fields"],
                 [[m, str(c), str(fm["documents"].get(m, 0)),
                   _cell(", ".join(f"{f} ({n})" for f, n in list(fm["by_field"].get(m, {}).items())[:6]), 90)]
                  for m, c in fm["counts"].items()]) + [""]  # fmt: skip
    for mode, examples in fm["examples"].items():
        md += [f"**{mode}** — examples:", ""]
        md += [f"- `{e['item_id']}` {e['field'] or ''}: expected {_cell(e['expected'])}, got {_cell(e['got'])}"
               for e in examples] + [""]  # fmt: skip

    if metrics.get("documents_detail"):
        md += ["## Every document", "", "✓ right, ✗ wrong value (expected → got), ∅ missing, + spurious.", ""]
        md += _table(["document", "type", "status", "fields"],
                     [[f"`{d['item_id']}`", d["predicted_type"], d["status"], _cell(d["fields"], 400)]
                      for d in metrics["documents_detail"]]) + [""]  # fmt: skip
    md += ["## Hardest documents", "", "Wrong and confident first (highest confidence given to a wrong answer).", ""]
    for doc in metrics["hardest"]:
        md += [f"- `{doc['item_id']}` ({doc['source']}, {doc['variant']}): expected {doc['expected_type']}, got "
               f"{doc['predicted_type']}, status {doc['status']}, max wrong confidence "
               f"{_num(doc['max_wrong_confidence'], 2)}"]  # fmt: skip
        md += [f"  - {f['mode']} {f['field'] or ''}: expected {_cell(f['expected'])}, got {_cell(f['got'])}"
               for f in doc["failures"][:8]]  # fmt: skip
    md += [""]
    return "\n".join(md)


def write_report(
    metrics: dict[str, Any], meta: dict[str, Any], wall_ms: list[float], out_dir: Path
) -> dict[str, Path]:
    """Write metrics.json (with the target verdicts), the figures and report.md into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    figures = write_figures(metrics, wall_ms, out_dir, meta["set_name"])
    full = {"meta": meta, "targets": check_targets(metrics, meta["format"]), **metrics}
    metrics_path = out_dir / "metrics.json"
    metrics_path.write_text(json.dumps(full, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    report_path = out_dir / "report.md"
    report_path.write_text(render_report(metrics, meta, figures), encoding="utf-8")
    return {"metrics": metrics_path, "report": report_path, **{k: out_dir / v for k, v in figures.items()}}
