"""ONNX runtimes of the two models: what serving runs (no torch needed)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from sap_llm.models.features import MAX_FEATURES, hashed_features
from sap_llm.models.labels import load_json
from sap_llm.models.tagging import batch_arrays, encode_windows, merge_word_logits, softmax


def open_session(path: Path, threads: int = 0):
    import onnxruntime as ort

    options = ort.SessionOptions()
    if threads:
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


@dataclass
class ClassifierRuntime:
    session: object
    document_types: list[str]
    subtypes: list[str]  # "TYPE/SUBTYPE"
    temperature: float = 1.0
    max_features: int = MAX_FEATURES

    @classmethod
    def load(cls, model_dir: Path, threads: int = 0) -> ClassifierRuntime:
        meta = load_json(model_dir / "labels.json")
        return cls(open_session(model_dir / "model.onnx", threads), meta["document_types"], meta["subtypes"],
                   float(meta.get("temperature", 1.0)), int(meta.get("max_features", MAX_FEATURES)))

    def logits(self, words: Sequence[str], boxes: Sequence[Sequence[int]], pages: Sequence[int] | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
        indices, weights = hashed_features(words, boxes, pages, max_features=self.max_features)
        type_logits, sub_logits = self.session.run(None, {
            "indices": np.asarray([indices], dtype=np.int64),
            "weights": np.asarray([weights], dtype=np.float32),
        })
        return type_logits[0], sub_logits[0]


@dataclass
class TaggerRuntime:
    session: object
    tokenizer: object
    labels: list[str]
    temperature: float = 1.0
    max_tokens: int = 512
    overlap: int = 128
    batch_size: int = 4

    @classmethod
    def load(cls, model_dir: Path, threads: int = 0) -> TaggerRuntime:
        from transformers import AutoTokenizer

        meta = load_json(model_dir / "labels.json")
        tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
        return cls(open_session(model_dir / "model.onnx", threads), tokenizer, meta["labels"],
                   float(meta.get("temperature", 1.0)), int(meta.get("max_tokens", 512)),
                   int(meta.get("overlap", 128)))

    def word_logits(self, words: Sequence[str], boxes: Sequence[Sequence[int]]) -> np.ndarray:
        """Per-word logits [n_words, n_labels] over the whole document (sliding windows merged)."""
        if not words:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        windows = encode_windows(self.tokenizer, words, boxes, max_tokens=self.max_tokens, overlap=self.overlap)
        outputs: list[np.ndarray] = []
        for i in range(0, len(windows), self.batch_size):
            chunk = windows[i:i + self.batch_size]
            arrays = batch_arrays(chunk)
            logits = self.session.run(None, {k: arrays[k] for k in ("input_ids", "bbox", "attention_mask")})[0]
            outputs.extend(logits[j] for j in range(len(chunk)))
        return merge_word_logits(windows, outputs, len(words))

    def word_probs(self, words: Sequence[str], boxes: Sequence[Sequence[int]]) -> np.ndarray:
        return softmax(self.word_logits(words, boxes), self.temperature)


@dataclass
class ModelBundle:
    """Both models, loaded once; ``None`` for a model whose files are absent."""

    model_dir: Path
    classifier: ClassifierRuntime | None = None
    tagger: TaggerRuntime | None = None
    problems: list[str] = field(default_factory=list)
