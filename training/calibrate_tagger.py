"""Fit (or refit) the field tagger's temperature on the validation split, with the ONNX model that ships.

    nice -n 10 python training/calibrate_tagger.py --model var/models/field_tagger --corpus var/corpus_train

Temperature scaling (Guo et al. 2017): one scalar T minimising the NLL of the
validation words' labels; written into the model directory's ``labels.json``.
Prints word-level ECE before and after.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from sap_llm.evaluation.metrics import expected_calibration_error
from sap_llm.models.runtime import TaggerRuntime
from sap_llm.models.tagging import softmax
from sap_llm.training.data import assign_splits, by_split, load_records
from sap_llm.training.tagger import fit_temperature


def word_ece(logits: np.ndarray, gold: np.ndarray, temperature: float) -> float:
    probs = softmax(logits, temperature)
    pred = probs.argmax(1)
    return expected_calibration_error(probs.max(1).tolist(), (pred == gold).tolist()).ece


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, required=True, help="directory with model.onnx + labels.json")
    parser.add_argument("--corpus", type=Path, action="append", required=True)
    parser.add_argument("--max-docs", type=int, default=120)
    args = parser.parse_args()
    runtime = TaggerRuntime.load(args.model)
    records = load_records(args.corpus)
    val = by_split(records, "val", assign_splits(records))[: args.max_docs]
    index = {name: i for i, name in enumerate(runtime.labels)}
    logits, gold = [], []
    for r in val:
        logits.append(runtime.word_logits(r.words, r.boxes))
        gold.append(np.asarray([index.get(lab, 0) for lab in r.labels], dtype=np.int64))
    flat, y = np.concatenate(logits), np.concatenate(gold)
    temperature = fit_temperature(flat, y)
    meta_path = args.model / "labels.json"
    meta = json.loads(meta_path.read_text())
    before, after = word_ece(flat, y, 1.0), word_ece(flat, y, temperature)
    meta.update({"temperature": temperature, "temperature_fitted_on": f"{len(val)} validation records (ONNX int8)",
                 "val_word_ece_before": before, "val_word_ece_after": after})
    meta_path.write_text(json.dumps(meta, indent=1), encoding="utf-8")
    print(json.dumps({"temperature": temperature, "val_records": len(val), "val_words": int(len(y)),
                      "word_ece_T1": before, "word_ece_fitted": after}))


if __name__ == "__main__":
    main()
