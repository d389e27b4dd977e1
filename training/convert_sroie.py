"""Convert the shared SROIE receipts into corpus records (the pipeline's own OCR, cached) for training / evaluation.

    nice -n 10 python training/convert_sroie.py --out var/sroie_records --workers 2

Prints how well the key values align to the words read (mean coverage, share
of receipts at >= 80 %: the corpus builder keeps only those for training).

Dev receipts (000-299) may be trained on; test receipts (300-625) are only
evaluated (their records carry ``metadata.split = "test"``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sap_llm import paths
from sap_llm.corpus.converters import sroie


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", type=Path, default=paths.shared_dir() / "datasets" / "sroie")
    parser.add_argument("--out", type=Path, default=paths.var_dir() / "sroie_records")
    parser.add_argument("--cache", type=Path, default=paths.var_dir() / "layout_cache_sroie")
    parser.add_argument("--workers", type=int, default=1, help="receipts read at once (one core each)")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    done = failed = 0
    coverage = {"dev": [], "test": []}
    for converted in sroie.convert(args.root, limit=args.limit, cache_dir=args.cache, workers=args.workers):
        if converted.record is None:
            failed += 1
            print(f"skip {converted.origin}: {converted.error}")
            continue
        converted.record.save(args.out / f"{converted.record.id}.json")
        coverage["test" if converted.record.metadata.split == "test" else "dev"].append(converted.coverage or 0.0)
        done += 1
        if done % 50 == 0:
            print(f"{done} converted", flush=True)
    print(f"{done} records written to {args.out}, {failed} failed")
    for part, values in coverage.items():
        if values:
            print(f"{part}: {len(values)} receipts, key-value coverage mean {sum(values) / len(values):.3f}, "
                  f"{sum(v >= 0.8 for v in values) / len(values):.3f} at >= 0.8")


if __name__ == "__main__":
    main()
