"""Tagger and classifier latency on one core (ONNX int8, onnxruntime), per page.

    nice -n 10 python training/benchmark_latency.py --corpus var/corpus_train --pages 50

Each page of a corpus record (its words and boxes) is run through the shipped
models with ``intra_op_num_threads=1``; reported: mean, p50, p95 ms per page,
the mean number of word pieces per page, and the model sizes.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from sap_llm import paths
from sap_llm.models import CLASSIFIER_DIR, TAGGER_DIR
from sap_llm.models.runtime import ClassifierRuntime, TaggerRuntime
from sap_llm.training.common import pages_of
from sap_llm.training.data import load_records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, action="append", required=True)
    parser.add_argument("--model-repository", type=Path, default=paths.model_repository())
    parser.add_argument("--pages", type=int, default=50)
    args = parser.parse_args()
    tagger = TaggerRuntime.load(args.model_repository / TAGGER_DIR, threads=1)
    tagger.batch_size = 1
    classifier = ClassifierRuntime.load(args.model_repository / CLASSIFIER_DIR, threads=1)
    pages = []
    for record in load_records(args.corpus):
        per_page = pages_of(record)
        for p in sorted(set(per_page)):
            idx = [i for i, q in enumerate(per_page) if q == p]
            pages.append(([record.words[i] for i in idx], [record.boxes[i] for i in idx]))
            if len(pages) >= args.pages:
                break
        if len(pages) >= args.pages:
            break
    tagger.word_logits(*pages[0])  # warm-up
    tag_ms, cls_ms, pieces = [], [], []
    for words, boxes in pages:
        t = time.perf_counter()
        tagger.word_logits(words, boxes)
        tag_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        classifier.logits(words, boxes)
        cls_ms.append((time.perf_counter() - t) * 1000)
        pieces.append(sum(len(x) for x in tagger.tokenizer(list(words), add_special_tokens=False)["input_ids"]))
    result = {
        "pages": len(pages), "mean_word_pieces_per_page": float(np.mean(pieces)),
        "tagger_ms_per_page": {"mean": float(np.mean(tag_ms)), "p50": float(np.percentile(tag_ms, 50)),
                               "p95": float(np.percentile(tag_ms, 95))},
        "classifier_ms_per_page": {"mean": float(np.mean(cls_ms)), "p95": float(np.percentile(cls_ms, 95))},
        "tagger_model_mb": (args.model_repository / TAGGER_DIR / "model.onnx").stat().st_size / 1e6,
        "classifier_model_mb": (args.model_repository / CLASSIFIER_DIR / "model.onnx").stat().st_size / 1e6,
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
