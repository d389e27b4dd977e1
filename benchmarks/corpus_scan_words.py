"""Benchmark: how much of a generated scan stages 1-2 read back, on the corpus's own degraded scans.

The corpus's scans (150-300 DPI, mostly 150, rotated up to ±5°, blurred, noised,
JPEG'd, PNG without a DPI) of train layout families, single pages, each read by
``intake`` + ``preprocess`` the way the product reads an uploaded PNG. Per page:
the share of the clean words read back exactly (multiset), and the share of
labelled words (field values) whose label reaches an OCR word
(``sap_llm.training.scans.transfer_labels``). Reports means, by DPI, and CPU
seconds per page (this process + tesseract children, one worker).

    nice -n 5 python benchmarks/corpus_scan_words.py --corpus var/corpus_train --pages 16
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
from collections import Counter, defaultdict

os.environ["OMP_THREAD_LIMIT"] = "1"

from sap_llm.config import Settings  # noqa: E402
from sap_llm.corpus.converters.common import PageWords  # noqa: E402
from sap_llm.evaluation.cpu import own_cpu_seconds  # noqa: E402
from sap_llm.inbox import intake  # noqa: E402
from sap_llm.preprocess import preprocess  # noqa: E402
from sap_llm.training.data import assign_splits, load_records  # noqa: E402
from sap_llm.training.scans import clean_words, scan_image_paths, transfer_labels  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", default="var/corpus_train")
    parser.add_argument("--pages", type=int, default=16)
    args = parser.parse_args()
    records = load_records([args.corpus])
    splits = assign_splits(records)
    scans = [r for r in records if r.metadata.scanned and splits[r.id] == "train"
             and len(scan_image_paths(r)) == 1][:args.pages]
    settings = Settings()
    settings.ocr.max_workers = 1
    rows = []
    for record in scans:
        path = scan_image_paths(record)[0]
        (document,) = intake(path.read_bytes(), path.name)
        started = own_cpu_seconds()
        layout = preprocess(document, settings=settings)
        cpu = own_cpu_seconds() - started
        ocr = PageWords(words=[w.text for w in layout.words], boxes=[tuple(w.box) for w in layout.words],
                        pages=[w.page for w in layout.words])
        _, coverage = transfer_labels(clean_words(record), record.labels, ocr)
        read = sum((Counter(record.words) & Counter(ocr.words)).values()) / max(1, len(record.words))
        rows.append({"id": record.id, "dpi": record.metadata.dpi, "words_read": read, "labels_reached": coverage,
                     "cpu_s": cpu})
        print(f"{record.id} {record.metadata.dpi} DPI: words read {read:.3f}, labels reached {coverage:.3f}, "
              f"CPU {cpu:.2f} s", flush=True)
    by_dpi: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        by_dpi[row["dpi"]].append(row)
    print(json.dumps({
        "pages": len(rows),
        "words_read_mean": round(statistics.mean(r["words_read"] for r in rows), 3),
        "labels_reached_mean": round(statistics.mean(r["labels_reached"] for r in rows), 3),
        "cpu_seconds_per_page_mean": round(statistics.mean(r["cpu_s"] for r in rows), 2),
        "by_dpi": {dpi: {"pages": len(rs), "words_read": round(statistics.mean(r["words_read"] for r in rs), 3)}
                   for dpi, rs in sorted(by_dpi.items())},
        "load_average_at_end": os.getloadavg()[0],
    }, indent=2))


if __name__ == "__main__":
    main()
