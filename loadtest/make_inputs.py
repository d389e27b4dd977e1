"""Build load-test inputs from real documents: perf_analyzer's --input-data JSON and a file list for Locust.

    python loadtest/make_inputs.py --docs DIR [--docs DIR2 ...] --out var/loadtest/inputs.json

Each file becomes one request of the ``sap_llm_pipeline`` model: DOCUMENT (the file's bytes, base64 in
the JSON as perf_analyzer expects for BYTES) and FILENAME. ``--generate N`` first writes N documents
with the synthetic generator (``--scan-ratio`` of them scanned PNGs) into ``--docs``'s first folder.
"""

from __future__ import annotations

import argparse
import base64
import json
import struct
import sys
from pathlib import Path

SUFFIXES = {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".eml"}


def collect(folders: list[Path], kind: str) -> list[Path]:
    files = sorted(p for folder in folders for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES)
    if kind == "digital":
        files = [p for p in files if p.suffix.lower() == ".pdf"]
    elif kind == "scanned":
        files = [p for p in files if p.suffix.lower() != ".pdf"]
    return files


def serialized_bytes_element(value: bytes) -> bytes:
    """perf_analyzer's b64 data for a BYTES tensor is the serialized tensor: each element as a 4-byte
    little-endian length, then its bytes (raw bytes alone are read as a length and fail)."""
    return struct.pack("<I", len(value)) + value


def perf_analyzer_json(files: list[Path]) -> dict:
    return {
        "data": [
            {"DOCUMENT": {"b64": base64.b64encode(serialized_bytes_element(p.read_bytes())).decode("ascii")},
             "FILENAME": {"content": [p.name], "shape": [1]}}
            for p in files
        ]
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=Path, action="append", required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--kind", choices=("all", "digital", "scanned"), default="all")
    parser.add_argument("--generate", type=int, default=0, help="generate this many documents first")
    parser.add_argument("--scan-ratio", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    if args.generate:
        from sap_llm.corpus.synth import generate_corpus

        generate_corpus(args.docs[0], n=args.generate, seed=args.seed, scan_ratio=args.scan_ratio, defect_ratio=0.0)
    files = collect(args.docs, args.kind)
    if not files:
        print(f"no documents of kind {args.kind} under {args.docs}", file=sys.stderr)
        return 2
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(perf_analyzer_json(files)), encoding="utf-8")
    args.out.with_suffix(".files.txt").write_text("\n".join(str(p.resolve()) for p in files) + "\n", encoding="utf-8")
    print(f"{len(files)} documents -> {args.out} (+ {args.out.with_suffix('.files.txt').name})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
