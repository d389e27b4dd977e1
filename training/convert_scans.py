"""Read the generated scans of training layout families with stages 1-2 and write them as training records.

    nice -n 10 python training/convert_scans.py --corpus var/corpus_train --out var/scan_records --workers 2

Each scanned record of a train / val layout family (never a test family) is read
from its page images as the product reads them (tesseract on the deskewed page),
and the clean record's labels are moved onto the words read
(``sap_llm.training.scans``). Records whose labelled words reach the OCR words
less than 80 % of the time are not written. Prints the label coverage.
"""

from __future__ import annotations

import argparse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sap_llm import paths
from sap_llm.training.data import assign_splits, load_records
from sap_llm.training.scans import MIN_LABEL_COVERAGE, ocr_scan_record


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, action="append", required=True, help="generated corpus (repeatable)")
    parser.add_argument("--out", type=Path, default=paths.var_dir() / "scan_records")
    parser.add_argument("--cache", type=Path, default=paths.var_dir() / "layout_cache_scans")
    parser.add_argument("--workers", type=int, default=1, help="scans read at once (one core each)")
    parser.add_argument("--limit", type=int, default=None, help="at most this many scans per corpus")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    coverage: list[float] = []
    skipped = 0
    for corpus in args.corpus:
        records = load_records([corpus])
        splits = assign_splits(records)
        scans = [r for r in records if r.metadata.scanned and splits[r.id] in ("train", "val")][:args.limit]
        print(f"{corpus}: {len(scans)} scans of training layout families", flush=True)
        with ThreadPoolExecutor(max_workers=max(1, args.workers)) as pool:
            for done, result in enumerate(pool.map(lambda r: ocr_scan_record(r, cache_dir=args.cache), scans), 1):
                if result.record is None or (result.coverage or 0.0) < MIN_LABEL_COVERAGE:
                    skipped += 1
                    print(f"skip {result.origin}: {result.error or f'label coverage {result.coverage}'}")
                else:
                    result.record.save(args.out / f"{result.record.id}.json")
                    coverage.append(result.coverage or 0.0)
                if done % 100 == 0:
                    print(f"{done} read", flush=True)
    mean = sum(coverage) / len(coverage) if coverage else 0.0
    print(f"{len(coverage)} records written to {args.out} (label coverage mean {mean:.3f}), {skipped} skipped")


if __name__ == "__main__":
    main()
