"""Benchmark: do the four SROIE key values appear in our OCR text? (dev receipts 000-299 only)

For each receipt of the sample, ``intake`` + ``preprocess`` read the JPEG; the
layout text (reading order) is whitespace-normalised and each of the four key
values (company, date, address, total), whitespace-normalised the same way, is
looked for as a substring. Reported: the share found exactly (case-sensitive,
SROIE's own comparison), case-insensitively, ignoring all spaces, and
on letters and digits only (case, spaces and punctuation ignored: SROIE's
addresses carry commas at line joins that the receipts do not print), and
approximately (some substring of the text within 10 % character edits of the
value: what a fuzzy-matching extractor could still recover).

A sample (every sixth dev receipt: 50 of 300 by default) keeps the run short;
the test split 300-625 is never read.

    nice -n 10 python benchmarks/preprocess_sroie.py --limit 50 [--psm 6] [--no-line-reader]
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import numpy as np

os.environ["OMP_THREAD_LIMIT"] = "1"

from sap_llm import paths  # noqa: E402
from sap_llm.config import Settings  # noqa: E402
from sap_llm.evaluation.analysis import letters_and_digits  # noqa: E402
from sap_llm.evaluation.cpu import own_cpu_seconds  # noqa: E402
from sap_llm.inbox import intake  # noqa: E402
from sap_llm.preprocess import ocr as ocr_module  # noqa: E402
from sap_llm.preprocess import preprocess  # noqa: E402

KEYS = ("company", "date", "address", "total")


def _ws(text: str) -> str:
    return " ".join(text.split())


def substring_distance(pattern: str, text: str) -> int:
    """Fewest edits turning ``pattern`` into some substring of ``text`` (semi-global Levenshtein)."""
    if not pattern:
        return 0
    if not text:
        return len(pattern)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    offsets = np.arange(len(text) + 1)
    row = np.zeros(len(text) + 1, dtype=np.int64)  # free start anywhere in the text
    for i, ch in enumerate(pattern, start=1):
        cost = (codes != ord(ch)).astype(np.int64)
        candidate = np.empty_like(row)
        candidate[0] = i
        candidate[1:] = np.minimum(row[1:] + 1, row[:-1] + cost)
        row = np.minimum.accumulate(candidate - offsets) + offsets
    return int(row.min())



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sroie", type=Path, default=paths.shared_dir() / "datasets" / "sroie")
    parser.add_argument("--limit", type=int, default=50)
    parser.add_argument("--psm", type=int, default=None)
    parser.add_argument("--misses", action="store_true", help="print the values that were not found")
    parser.add_argument("--no-line-reader", action="store_true", help="tesseract alone (no PP-OCR line reader)")
    args = parser.parse_args()
    if args.psm is not None:
        ocr_module.DEFAULT_CONFIG = ocr_module.RECEIPT_CONFIG = f"--oem 1 --psm {args.psm}"
    dev = [f"{i:03d}" for i in range(300)]
    step = max(len(dev) // args.limit, 1)
    sample = dev[::step][: args.limit]
    settings = Settings.model_validate({"ocr": {"max_workers": 1, "receipt_line_reader": not args.no_line_reader}})
    found = {k: 0 for k in KEYS}
    found_ci = {k: 0 for k in KEYS}
    found_nospace = {k: 0 for k in KEYS}
    found_alnum = {k: 0 for k in KEYS}
    near = {k: 0 for k in KEYS}  # within 10 % character edits of some substring
    total = 0
    wall = cpu = 0.0
    for number in sample:
        image = args.sroie / "img" / f"{number}.jpg"
        truth = json.loads((args.sroie / "key" / f"{number}.json").read_text(encoding="utf-8"))
        (doc,) = intake(image.read_bytes(), image.name)
        c0, t0 = own_cpu_seconds(), time.perf_counter()
        layout = preprocess(doc, settings=settings)
        wall += time.perf_counter() - t0
        cpu += own_cpu_seconds() - c0
        text = _ws(layout.text)
        total += 1
        for key in KEYS:
            value = _ws(str(truth.get(key, "")))
            hit = bool(value) and value in text
            found[key] += hit
            found_ci[key] += bool(value) and value.lower() in text.lower()
            found_nospace[key] += bool(value) and value.replace(" ", "") in text.replace(" ", "")
            found_alnum[key] += bool(letters_and_digits(value)) and letters_and_digits(value) in letters_and_digits(text)
            near[key] += bool(value) and substring_distance(value, text) <= 0.1 * len(value)
            if args.misses and not hit:
                print(f"{number} {key}: {value!r}")
    share = sum(found.values()) / (4 * total)
    print(json.dumps({
        "receipts": total,
        "sample": f"every {step}th dev receipt (000-299)",
        "config": {
            "pages": ocr_module.DEFAULT_CONFIG,
            "receipt_strips": ocr_module.RECEIPT_CONFIG,
            "receipt_line_reader": settings.ocr.receipt_line_reader,
        },
        "found_exact": round(share, 4),
        "found_exact_per_key": {k: round(v / total, 3) for k, v in found.items()},
        "found_case_insensitive": round(sum(found_ci.values()) / (4 * total), 4),
        "found_ignoring_spaces": round(sum(found_nospace.values()) / (4 * total), 4),
        "found_letters_and_digits": round(sum(found_alnum.values()) / (4 * total), 4),
        "found_letters_and_digits_per_key": {k: round(v / total, 3) for k, v in found_alnum.items()},
        "found_within_10pct_edits": round(sum(near.values()) / (4 * total), 4),
        "found_within_10pct_edits_per_key": {k: round(v / total, 3) for k, v in near.items()},
        "wall_seconds_per_receipt": round(wall / total, 3),
        "cpu_seconds_per_receipt": round(cpu / total, 3),
        "load_average_at_end": os.getloadavg()[0],
    }, indent=2))


if __name__ == "__main__":
    main()
