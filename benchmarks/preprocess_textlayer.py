"""Benchmark: milliseconds per born-digital page, pdfium char boxes (what preprocess uses) vs pdfplumber.

Generated invoice-like A4 pages (``preprocess_samples``) are joined into one
PDF; ``preprocess`` runs over it (after a warm-up document, so the language
model load is not counted), and pdfplumber's ``extract_words`` over the same
file for comparison. Both produce words with boxes; only preprocess also
judges the text layer, builds lines and detects the language.

    nice -n 10 python benchmarks/preprocess_textlayer.py --pages 50
"""

from __future__ import annotations

import argparse
import io
import json
import os
import time

import pdfplumber
import pypdfium2 as pdfium
from preprocess_samples import make_page

from sap_llm.inbox import intake
from sap_llm.preprocess import preprocess


def joined_pdf(pages: int, seed: int) -> bytes:
    out = pdfium.PdfDocument.new()
    for i in range(pages):
        src = pdfium.PdfDocument(make_page(seed + i, "EN" if i % 2 == 0 else "DE").pdf)
        out.import_pages(src)
        src.close()
    buf = io.BytesIO()
    out.save(buf)
    out.close()
    return buf.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--seed", type=int, default=500)
    args = parser.parse_args()
    data = joined_pdf(args.pages, args.seed)
    (warm,) = intake(joined_pdf(1, 1), "warm.pdf")
    preprocess(warm)

    (doc,) = intake(data, "bench.pdf")
    started, cpu_started = time.perf_counter(), time.process_time()
    layout = preprocess(doc)
    ours = (time.perf_counter() - started) / args.pages * 1000
    ours_cpu = (time.process_time() - cpu_started) / args.pages * 1000
    assert all(p.source == "text_layer" for p in layout.pages)

    started = time.perf_counter()
    plumber_words = 0
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            plumber_words += len(page.extract_words())
    plumber = (time.perf_counter() - started) / args.pages * 1000
    print(json.dumps({
        "pages": args.pages,
        "preprocess_ms_per_page": round(ours, 2),
        "preprocess_cpu_ms_per_page": round(ours_cpu, 2),
        "preprocess_words": len(layout.words),
        "pdfplumber_extract_words_ms_per_page": round(plumber, 2),
        "pdfplumber_words": plumber_words,
        "load_average_at_end": os.getloadavg()[0],
    }, indent=2))


if __name__ == "__main__":
    main()
