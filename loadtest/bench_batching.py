"""How much batching helps the trained models on this CPU: onnxruntime time per item at batch 1..N and
1..2 intra-op threads, on the shipped model.onnx files (the numbers behind max_batch_size,
max_queue_delay and intra_op_threads in build_engines/model_configs.yaml).

    nice -n 10 python loadtest/bench_batching.py [--model-repository DIR] [--seq 512] [--repeats 5]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np


def session(path: Path, threads: int):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def tagger_feed(batch: int, seq: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(0)
    y = np.clip(np.arange(seq) * 2, 0, 990)
    box = np.stack([y, y, y + 8, y + 8], axis=-1)
    return {
        "input_ids": rng.integers(1000, 20000, size=(batch, seq), dtype=np.int64),
        "bbox": np.broadcast_to(box, (batch, seq, 4)).astype(np.int64).copy(),
        "attention_mask": np.ones((batch, seq), dtype=np.int64),
    }


def classifier_feed(batch: int, features: int) -> dict[str, np.ndarray]:
    from sap_llm.models.features import HASH_BUCKETS

    rng = np.random.default_rng(0)
    return {
        "indices": rng.integers(1, HASH_BUCKETS, size=(batch, features), dtype=np.int64),
        "weights": np.full((batch, features), 0.1, dtype=np.float32),
    }


def time_per_item(sess, feed: dict[str, np.ndarray], batch: int, repeats: int) -> float:
    sess.run(None, feed)  # warm-up
    started = time.perf_counter()
    for _ in range(repeats):
        sess.run(None, feed)
    return (time.perf_counter() - started) / repeats / batch * 1000.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model-repository", type=Path, default=Path(__file__).resolve().parents[1] / "model_repository")
    parser.add_argument("--seq", type=int, default=512)
    parser.add_argument("--features", type=int, default=400)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--batches", type=int, nargs="+", default=[1, 2, 4, 8])
    args = parser.parse_args(argv)
    rows = []
    for name, make in (("field_tagger", lambda b: tagger_feed(b, args.seq)),
                       ("doc_classifier", lambda b: classifier_feed(b, args.features))):
        path = args.model_repository / name / "1" / "model.onnx"
        if not path.is_file():
            print(f"skip {name}: {path} not found", file=sys.stderr)
            continue
        for threads in (1, 2):
            sess = session(path, threads)
            for batch in args.batches:
                ms = time_per_item(sess, make(batch), batch, args.repeats)
                rows.append({"model": name, "threads": threads, "batch": batch, "ms_per_item": round(ms, 2)})
                print(json.dumps(rows[-1]), flush=True)
    return 0 if rows else 1


if __name__ == "__main__":
    sys.exit(main())
