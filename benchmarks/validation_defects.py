"""Benchmark: do stages 6-7 flag the corpus's deliberate defects with the right rule, and leave clean documents alone?

Reads generated corpus records (``<id>.json`` with ``ground_truth`` and
``metadata.defects``), runs the quality gate and validation on each ground-truth
ADC in corpus order with one fresh document history (so chains and earlier
invoices are known when later documents arrive), records each result, and
reports:

* recall per defect kind: the share of defective documents where the expected
  rule raised an ERROR (wrong_total → BR_001 / QC_TOTAL, duplicate_invoice_number
  → BR_204 / BR_205, unknown_bank_account → BR_167, price_above_tolerance →
  BR_189);
  A defect whose field the layout did not print (e.g. an unknown bank
  account on an invoice that shows no IBAN) cannot be seen by any reader: it
  is counted under ``not_printed`` and left out of recall;
* false alarms: the share of documents without defects that got any ERROR
  issue (they would go to needs_review), with the rules responsible.

    python benchmarks/validation_defects.py --corpus var/corpus_sample
    python benchmarks/validation_defects.py --generate 600 --seed 7 --defect-ratio 0.2
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from sap_llm.contract import TYPE_INFO
from sap_llm.history import GremlinHistory, HistoryStore, SqliteHistory
from sap_llm.kb import load_kb
from sap_llm.profile import load_profile
from sap_llm.quality import check
from sap_llm.records import Classification, Extraction, ProcessResult
from sap_llm.route import decide_status, route
from sap_llm.route.enrich import extraction_for_payload
from sap_llm.validate import ValidationContext, validate

EXPECTED_RULES: dict[str, set[str]] = {
    "wrong_total": {"BR_001", "QC_TOTAL"},
    "duplicate_invoice_number": {"BR_204", "BR_205"},
    "unknown_bank_account": {"BR_167"},
    "unknown_vendor_bank_account": {"BR_167"},
    "price_above_tolerance": {"BR_189"},
    "price_over_tolerance": {"BR_189"},
}
NOT_RECORDS = {"splits.json", "statistics.json", "label_distribution.json", "manifest.json"}


def load_records(corpus: Path) -> list[dict[str, Any]]:
    records = []
    for path in sorted(corpus.rglob("*.json")):
        if path.name in NOT_RECORDS:
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        if isinstance(data, dict) and "ground_truth" in data and data.get("document_type"):
            records.append(data)
    records.sort(key=lambda r: (r.get("metadata", {}).get("index", 0), str(r.get("id"))))
    return records


#: The ground-truth value a defect lives in: without it printed, no reader can see the defect.
DEFECT_FIELD = {"wrong_total": "total_amount", "duplicate_invoice_number": "invoice_number",
                "unknown_bank_account": "supplier_iban", "unknown_vendor_bank_account": "supplier_iban",
                "price_above_tolerance": "li.unit_price", "price_over_tolerance": "li.unit_price"}


def defect_printed(record: dict[str, Any], kind: str) -> bool:
    truth = record.get("ground_truth") or {}
    field = DEFECT_FIELD.get(kind)
    if field is None:
        return True
    if field.startswith("li."):
        return any(line.get(field[3:]) is not None for line in truth.get("line_items") or [])
    return (truth.get("fields") or {}).get(field) not in (None, "")


def defect_kinds(record: dict[str, Any]) -> list[str]:
    kinds = []
    for defect in (record.get("metadata") or {}).get("defects") or []:
        kinds.append(defect.get("kind") if isinstance(defect, dict) else str(defect))
    return [k for k in kinds if k]


def run(records: list[dict[str, Any]], history: HistoryStore, today: str | None, kb: Any = None) -> dict[str, Any]:
    profile = load_profile()
    routing = Counter()
    routing_review_rules: Counter = Counter()
    missing_required: Counter = Counter()
    per_kind: dict[str, Counter] = defaultdict(Counter)
    missed: dict[str, list[dict[str, Any]]] = defaultdict(list)
    clean = Counter()
    false_alarm_rules: Counter = Counter()
    false_alarm_examples: list[dict[str, Any]] = []
    seconds = 0.0
    for record in records:
        doc_type = record["document_type"]
        truth = record.get("ground_truth") or {}
        extraction = Extraction(fields=truth.get("fields") or {}, line_items=truth.get("line_items") or [])
        classification = Classification(document_type=doc_type, subtype=record.get("subtype"))
        start = time.perf_counter()
        quality = check(extraction, classification)
        doc_today = (record.get("metadata") or {}).get("created_date") if today == "created" else today
        report = validate(extraction, classification,
                          context=ValidationContext(profile, history, today=doc_today, document_id=str(record["id"])))
        decision = None
        if kb is not None:
            # as the pipeline's route stage does: PO items from the history for the payload
            for_payload, notes = extraction_for_payload(extraction, doc_type, history.find_purchase_order)
            decision = route(for_payload, classification, quality, report, kb=kb, profile=profile, notes=notes)
        seconds += time.perf_counter() - start
        errors = [i for i in quality.issues + report.issues if i.severity == "ERROR"]
        if decision is not None:
            expected_api = TYPE_INFO[doc_type].sap_api if TYPE_INFO[doc_type].sap_api in kb.apis else None
            routing["n"] += 1
            routing["right_api"] += decision.api == expected_api
            routing["metadata_valid"] += not any(i.rule_id in {"RT_METADATA", "RT_VALUE"} for i in decision.issues)
            status, _ = decide_status(quality, report, decision, classification)
            if not defect_kinds(record):
                routing["clean"] += 1
                routing["clean_touchless"] += status == "touchless"
                if status != "touchless" and not errors:  # only stage 8 sent it to a person
                    routing["clean_review_by_routing"] += 1
                    routing_review_rules.update({i.rule_id for i in decision.issues if i.severity == "ERROR"})
                    missing_required.update(f"{doc_type} {(i.field or '').split(' (')[0]}"
                                            for i in decision.issues if i.rule_id == "RT_REQUIRED")
        error_ids = {i.rule_id for i in errors}
        kinds = defect_kinds(record)
        if kinds:
            for kind in kinds:
                if not defect_printed(record, kind):
                    per_kind[kind]["not_printed"] += 1
                    continue
                per_kind[kind]["n"] += 1
                if error_ids & EXPECTED_RULES.get(kind, set()):
                    per_kind[kind]["detected"] += 1
                else:
                    missed[kind].append({"id": record["id"], "errors": sorted(error_ids)})
        else:
            clean["n"] += 1
            if errors:
                clean["false_alarms"] += 1
                false_alarm_rules.update(error_ids)
                if len(false_alarm_examples) < 15:
                    false_alarm_examples.append({"id": record["id"], "type": doc_type,
                                                 "issues": [f"{i.rule_id}: {i.message}" for i in errors]})
        history.record(ProcessResult(
            document_id=str(record["id"]), source=str(record.get("source") or record["id"]),
            document_type=doc_type, subtype=record.get("subtype"), fields=extraction.fields,
            line_items=extraction.line_items, status="needs_review" if errors else "touchless",
            validation={"passed": report.passed, "issues": [i.model_dump() for i in report.issues]},
        ))
    defective = sum(c["n"] for c in per_kind.values())
    detected = sum(c["detected"] for c in per_kind.values())
    return {
        "documents": len(records),
        "defective": defective,
        "recall": detected / defective if defective else None,
        "per_kind": {k: {"n": c["n"], "detected": c["detected"], "recall": c["detected"] / c["n"] if c["n"] else None,
                         "not_printed": c["not_printed"]}
                     for k, c in sorted(per_kind.items())},
        "clean": clean["n"],
        "false_alarms": clean["false_alarms"],
        "false_alarm_rate": clean["false_alarms"] / clean["n"] if clean["n"] else None,
        "false_alarm_rules": dict(false_alarm_rules.most_common()),
        "false_alarm_examples": false_alarm_examples,
        "missed": {k: v[:10] for k, v in missed.items()},
        "ms_per_document": 1000.0 * seconds / max(1, len(records)),
        **({"routing": {
            "documents": routing["n"],
            "routing_accuracy": routing["right_api"] / routing["n"] if routing["n"] else None,
            "payloads_valid_against_metadata": routing["metadata_valid"] / routing["n"] if routing["n"] else None,
            "clean_touchless_rate": routing["clean_touchless"] / routing["clean"] if routing["clean"] else None,
            "clean_sent_to_review_by_routing_only": routing["clean_review_by_routing"],
            "routing_review_rules": dict(routing_review_rules.most_common()),
            "required_missing": dict(missing_required.most_common(25)),
        }} if kb is not None else {}),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--corpus", type=Path, help="folder of generated corpus records")
    source.add_argument("--generate", type=int, metavar="N", help="generate N digital documents first")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--defect-ratio", type=float, default=0.2)
    parser.add_argument("--today", help="ISO date validation treats as today, or 'created' for each record's "
                        "metadata.created_date (as the evaluation does); default: the real date")
    parser.add_argument("--backend", choices=["sqlite", "gremlin"], default="sqlite")
    parser.add_argument("--json", type=Path, help="write the full report here")
    parser.add_argument("--kb", type=Path, help="also route every document with this knowledge base (stage 8) "
                        "and report routing accuracy, payload validity and the touchless rate")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sap_llm_valbench_") as tmp:
        corpus = args.corpus
        if args.generate:
            from sap_llm.corpus.synth import generate_corpus

            corpus = Path(tmp) / "corpus"
            generate_corpus(corpus, args.generate, args.seed, scan_ratio=0.0, defect_ratio=args.defect_ratio)
        records = load_records(corpus)
        if not records:
            print(f"no corpus records with ground_truth under {corpus}", file=sys.stderr)
            return 2
        db = Path(tmp) / "history.sqlite3"
        history = SqliteHistory(db) if args.backend == "sqlite" else GremlinHistory.local(db)
        with history:
            result = run(records, history, args.today, load_kb(args.kb) if args.kb else None)
    text = json.dumps(result, indent=2, ensure_ascii=False)
    if args.json:
        args.json.write_text(text, encoding="utf-8")
    summary = {k: v for k, v in result.items() if k not in ("false_alarm_examples", "missed")}
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
