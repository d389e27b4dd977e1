"""Benchmark: seconds per scanned A4 page at 300 DPI on one core, and OCR character error rate.

Pages are generated (``preprocess_samples``: invoice-like A4 pages in English
and German, rendered at 300 DPI with rotation up to ±1.5°, blur, noise and JPEG
artefacts), each a one-page JPEG document run through ``intake`` +
``preprocess`` with one worker and ``OMP_THREAD_LIMIT=1``. The first page of
every document pays the language probe, so the time per page includes it.

CER = Levenshtein distance between the page text (reading order, whitespace
collapsed) and the drawn truth, divided by the truth's length, summed over pages.
Reports wall time and CPU time (this process + tesseract children): on a busy
shared machine the CPU time is the honest "one core" figure.

    nice -n 10 python benchmarks/preprocess_scans.py --pages 8 [--psm 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time

os.environ["OMP_THREAD_LIMIT"] = "1"

from preprocess_samples import edit_distance, make_page, normalise_ws, scan_of  # noqa: E402

from sap_llm.config import Settings  # noqa: E402
from sap_llm.evaluation.cpu import own_cpu_seconds  # noqa: E402
from sap_llm.inbox import intake  # noqa: E402
from sap_llm.preprocess import ocr as ocr_module  # noqa: E402
from sap_llm.preprocess import preprocess  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=8)
    parser.add_argument("--psm", type=int, default=None, help="override tesseract's page segmentation mode")
    parser.add_argument("--seed", type=int, default=100)
    args = parser.parse_args()
    if args.psm is not None:
        ocr_module.DEFAULT_CONFIG = ocr_module.RECEIPT_CONFIG = f"--oem 1 --psm {args.psm}"
    settings = Settings.model_validate({"ocr": {"max_workers": 1}})
    times, cpu_times, errors, lengths, langs_ok = [], [], 0, 0, 0
    for i in range(args.pages):
        language = "EN" if i % 2 == 0 else "DE"
        page = make_page(args.seed + i, language)
        scan = scan_of(page, args.seed + i)
        (doc,) = intake(scan, f"scan_{i}.jpg")
        cpu_before = own_cpu_seconds()
        started = time.perf_counter()
        layout = preprocess(doc, settings=settings)
        times.append(time.perf_counter() - started)
        cpu_times.append(own_cpu_seconds() - cpu_before)
        truth, read = normalise_ws(page.truth), normalise_ws(layout.text)
        errors += edit_distance(read, truth)
        lengths += len(truth)
        langs_ok += layout.language == language
        print(f"page {i} {language}: {times[-1]:.2f} s wall, {cpu_times[-1]:.2f} s CPU, CER {edit_distance(read, truth) / len(truth):.4f}, "
              f"language {layout.language}, rotation {layout.pages[0].rotation}", flush=True)
    print(json.dumps({
        "pages": args.pages,
        "config": {"pages": ocr_module.DEFAULT_CONFIG, "receipt_strips": ocr_module.RECEIPT_CONFIG},
        "wall_seconds_per_page_mean": round(statistics.mean(times), 3),
        "cpu_seconds_per_page_mean": round(statistics.mean(cpu_times), 3),
        "cpu_seconds_per_page_max": round(max(cpu_times), 3),
        "cer": round(errors / lengths, 4),
        "language_correct": f"{langs_ok}/{args.pages}",
        "load_average_at_end": os.getloadavg()[0],
    }, indent=2))


if __name__ == "__main__":
    main()
