"""Time per document: invoice2data (template regexes over pdftotext) vs SAP_LLM on invoice2data's own
compare invoices (../shared/datasets/invoice2data_compare, PDFs only).

invoice2data is not a dependency of this project: run its half from a throwaway venv outside the repo.

    python3 -m venv /tmp/i2d && /tmp/i2d/bin/pip install invoice2data==1.0.1
    /tmp/i2d/bin/python loadtest/bench_invoice2data.py --tool invoice2data --out var/bench/i2d.json
    .venv/bin/python    loadtest/bench_invoice2data.py --tool sap_llm      --out var/bench/sap_llm_i2d.json

Each tool processes every PDF once as warm-up, then ``--rounds`` more times; the figure is the median
per-document wall time over the measured rounds (and the mean). invoice2data uses its bundled templates
and its default reader (pdftotext); SAP_LLM runs the whole in-process pipeline (all 8 stages).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path


def dataset_dir() -> Path:
    shared = Path(os.environ.get("SAP_LLM_SHARED", Path(__file__).resolve().parents[2] / "shared"))
    return shared / "datasets" / "invoice2data_compare"


def invoice2data_runner():
    from invoice2data import extract_data
    from invoice2data.extract.loader import read_templates

    templates = read_templates()

    def run(path: Path) -> bool:
        return bool(extract_data(str(path), templates=templates))

    return run


def sap_llm_runner():
    from sap_llm.pipeline import Pipeline

    pipeline = Pipeline()

    def run(path: Path) -> bool:
        [result, *_] = pipeline.process_bytes(path.read_bytes(), path.name, {"record_history": False})
        return result.status != "rejected"

    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tool", choices=("invoice2data", "sap_llm"), required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    pdfs = sorted(dataset_dir().glob("*.pdf"))
    if not pdfs:
        print(f"no PDFs in {dataset_dir()}", file=sys.stderr)
        return 2
    run = invoice2data_runner() if args.tool == "invoice2data" else sap_llm_runner()
    per_doc: dict[str, list[float]] = {p.name: [] for p in pdfs}
    extracted = {p.name: run(p) for p in pdfs}  # warm-up + whether the tool got anything
    for _ in range(args.rounds):
        for path in pdfs:
            started = time.perf_counter()
            run(path)
            per_doc[path.name].append((time.perf_counter() - started) * 1000.0)
    medians = [statistics.median(v) for v in per_doc.values()]
    summary = {
        "tool": args.tool,
        "documents": len(pdfs),
        "rounds": args.rounds,
        "median_ms_per_document": round(statistics.median(medians), 1),
        "mean_ms_per_document": round(statistics.fmean(medians), 1),
        "documents_with_output": sum(extracted.values()),
        "per_document_ms": {k: round(statistics.median(v), 1) for k, v in per_doc.items()},
    }
    print(json.dumps(summary, indent=1))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(summary, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
