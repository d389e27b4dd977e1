"""Benchmark: deliberate defects flagged end to end — PDF → OCR/text layer → classify → extract → quality → validate.

The same question as ``validation_defects.py`` but on what the trained models
read from each document's PDF instead of its ground truth, so extraction
errors count. Documents run in corpus order against one fresh history; every
document's own creation date is "today" (as the evaluation does).

    python benchmarks/validation_end_to_end.py --corpus DIR [--limit N] [--json OUT]

Reports recall per defect kind (expected rule among the ERROR issues),
the share of clean documents with any ERROR issue, and stage times.
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

from sap_llm.history import SqliteHistory
from sap_llm.profile import load_profile
from sap_llm.quality import check
from sap_llm.records import Document, ProcessResult
from sap_llm.validate import ValidationContext, validate

sys.path.insert(0, str(Path(__file__).resolve().parent))
from validation_defects import EXPECTED_RULES, defect_kinds, defect_printed, load_records  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--model-dir", type=Path, default=None, help="model repository (default: the settings')")
    args = parser.parse_args(argv)

    from sap_llm.classify import classify
    from sap_llm.extract import extract
    from sap_llm.inbox import intake
    from sap_llm.models import load_models
    from sap_llm.preprocess import preprocess

    models = load_models(args.model_dir)
    profile = load_profile()
    records = [r for r in load_records(args.corpus) if r.get("pdf_path") or (args.corpus / f"{r['id']}.pdf").exists()]
    records = records[: args.limit] if args.limit else records
    per_kind: dict[str, Counter] = defaultdict(Counter)
    clean = Counter()
    rules_on_clean: Counter = Counter()
    failures = Counter()
    failure_examples: list[str] = []
    seconds: Counter = Counter()
    with tempfile.TemporaryDirectory(prefix="sap_llm_e2e_") as tmp, SqliteHistory(Path(tmp) / "h.sqlite3") as history:
        for record in records:
            pdf = args.corpus / f"{record['id']}.pdf"
            today = (record.get("metadata") or {}).get("created_date")
            try:
                t0 = time.perf_counter()
                (item,) = intake(pdf.read_bytes(), pdf.name)
                if not isinstance(item, Document):
                    raise ValueError(f"rejected at intake: {item.code}")
                layout = preprocess(item)
                t1 = time.perf_counter()
                classification = classify(layout, profile=profile, models=models)
                extraction = extract(layout, classification, models=models)
                t2 = time.perf_counter()
                quality = check(extraction, classification)
                report = validate(extraction, classification,
                                  context=ValidationContext(profile, history, today=today, document_id=item.document_id))
                t3 = time.perf_counter()
            except Exception as exc:  # a failing document is counted, never stops the benchmark
                failures[type(exc).__name__] += 1
                if len(failure_examples) < 5:
                    failure_examples.append(f"{record['id']}: {type(exc).__name__}: {exc}")
                continue
            seconds["preprocess"] += t1 - t0
            seconds["classify+extract"] += t2 - t1
            seconds["quality+validate"] += t3 - t2
            errors = {i.rule_id for i in quality.issues + report.issues if i.severity == "ERROR"}
            kinds = [k for k in defect_kinds(record) if defect_printed(record, k)]
            for kind in kinds:
                per_kind[kind]["n"] += 1
                per_kind[kind]["detected"] += bool(errors & EXPECTED_RULES.get(kind, set()))
            if not defect_kinds(record):
                clean["n"] += 1
                clean["with_error"] += bool(errors)
                rules_on_clean.update(errors)
            history.record(ProcessResult(
                document_id=item.document_id, source=pdf.name, document_type=classification.document_type,
                subtype=classification.subtype, fields=extraction.fields, line_items=extraction.line_items,
                status="needs_review" if errors else "touchless",
                validation={"passed": report.passed, "issues": [i.model_dump() for i in report.issues]}))
    processed = sum(1 for _ in records) - sum(failures.values())
    defective = sum(c["n"] for c in per_kind.values())
    result: dict[str, Any] = {
        "documents": len(records), "processed": processed, "failures": dict(failures), "failure_examples": failure_examples,
        "defective": defective,
        "recall": sum(c["detected"] for c in per_kind.values()) / defective if defective else None,
        "per_kind": {k: dict(c) for k, c in sorted(per_kind.items())},
        "clean": clean["n"], "clean_with_error": clean["with_error"],
        "clean_error_rate": clean["with_error"] / clean["n"] if clean["n"] else None,
        "error_rules_on_clean": dict(rules_on_clean.most_common(15)),
        "seconds_per_document": {k: v / max(1, processed) for k, v in seconds.items()},
    }
    text = json.dumps(result, indent=2)
    if args.json:
        args.json.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
