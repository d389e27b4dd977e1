"""Train → export ONNX → int8 → parity → (optionally) install into the model repository.

What ``sap-llm train classifier|tagger`` runs; ``training/train_all.sh`` calls it
for both shipped models.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict
from pathlib import Path

from sap_llm.training.data import assign_splits, by_split, load_records, repeat_sources
from sap_llm.training.lineage import previous_runs, run_entry

TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "vocab.txt", "special_tokens_map.json")


def prepare(corpus: list[Path], max_docs: int | None):
    records = load_records(corpus, max_docs=max_docs)
    if not records:
        raise FileNotFoundError(f"no corpus records under {', '.join(map(str, corpus))}")
    splits = assign_splits(records)
    return records, splits


def build_classifier(corpus: list[Path], out: Path, *, epochs: int, seed: int, max_docs: int | None,
                     title_dropout: float = 0.3, members: int = 1) -> dict:
    from sap_llm.training.classifier import ClassifierTrainConfig, load_trained_classifier, train_classifier
    from sap_llm.training.export import classifier_parity, export_classifier_module, quantize

    records, splits = prepare(corpus, max_docs)
    # Real receipts are all one type; they teach the classifier what a receipt looks like too.
    train, val = by_split(records, "train", splits), by_split(records, "val", splits)
    meta = train_classifier(train, val, out, ClassifierTrainConfig(epochs=epochs, seed=seed, title_dropout=title_dropout,
                                                                   members=members))
    meta["lineage"] = [run_entry(corpus, [*train, *val], meta, None)]
    model, _ = load_trained_classifier(out)
    export_classifier_module(model, out / "model.fp32.onnx")
    quantize(out / "model.fp32.onnx", out / "model.onnx")
    meta["parity_fp32"] = asdict(classifier_parity(model, out / "model.fp32.onnx"))
    meta["parity_int8"] = asdict(classifier_parity(model, out / "model.onnx", min_agreement=0.95))
    meta["splits"] = {s: sum(1 for v in splits.values() if v == s) for s in ("train", "val", "test")}
    (out / "labels.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    return meta


def build_tagger(corpus: list[Path], out: Path, *, epochs: int, seed: int, max_docs: int | None,
                 max_minutes: float, layers: int, init_from: Path | None = None, lr: float = 1e-4,
                 repeats: dict[str, int] | None = None) -> dict:
    from sap_llm.training.export import export_tagger_module, quantize, tagger_parity
    from sap_llm.training.tagger import (
        TaggerTrainConfig,
        load_trained_tagger,
        tagger_parity_inputs,
        train_tagger,
    )

    records, splits = prepare(corpus, max_docs)
    seen, val = by_split(records, "train", splits), by_split(records, "val", splits)
    train = repeat_sources(seen, repeats or {})
    cfg = TaggerTrainConfig(epochs=epochs, seed=seed, max_minutes=max_minutes, num_layers=layers,
                            init_from=str(init_from) if init_from else None, lr=lr, head_lr=10 * lr)
    meta = train_tagger(train, val, out, cfg)
    meta["lineage"] = [*previous_runs(init_from), run_entry(corpus, [*seen, *val], meta, init_from, repeats)]
    model, tokenizer, _ = load_trained_tagger(out)
    export_tagger_module(model, out / "model.fp32.onnx")
    quantize(out / "model.fp32.onnx", out / "model.onnx")
    # Parity on real validation windows: random token ids say little about what int8 does to real pages.
    feed = tagger_parity_inputs(val, tokenizer, cfg)
    meta["parity_fp32"] = asdict(tagger_parity(model, out / "model.fp32.onnx", inputs=feed))
    meta["parity_int8"] = asdict(tagger_parity(model, out / "model.onnx", inputs=feed))
    meta["parity_inputs"] = f"{len(feed['input_ids'])} validation windows of up to {cfg.max_tokens} tokens"
    meta["splits"] = {s: sum(1 for v in splits.values() if v == s) for s in ("train", "val", "test")}
    (out / "labels.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    return meta


def install(out: Path, target: Path) -> list[Path]:
    """Copy the int8 ONNX model, its labels and tokenizer files into a model repository version dir."""
    target.mkdir(parents=True, exist_ok=True)
    copied = []
    for name in ("model.onnx", "labels.json", *TOKENIZER_FILES):
        if (out / name).is_file():
            shutil.copy2(out / name, target / name)
            copied.append(target / name)
    return copied
