"""The trained models (document classifier, field tagger): definitions, features and ONNX runtimes.

``load_models()`` opens the shipped ONNX models of the model repository once:
``doc_classifier/1/{model.onnx,labels.json}`` and
``field_tagger/1/{model.onnx,labels.json,tokenizer files}``.
"""

from __future__ import annotations

import os
from pathlib import Path

from sap_llm.models.runtime import ClassifierRuntime, ModelBundle, TaggerRuntime

CLASSIFIER_DIR = Path("doc_classifier") / "1"
TAGGER_DIR = Path("field_tagger") / "1"

_CACHE: dict[tuple[str, int], ModelBundle] = {}


class ModelsMissing(RuntimeError):
    """The model repository lacks a model a stage needs."""


def load_models(model_dir: str | Path | None = None, *, threads: int | None = None) -> ModelBundle:
    """Open both ONNX models under ``model_dir`` (default: the settings' model repository), cached.

    ``threads``: onnxruntime intra-op threads per session (default ``SAP_LLM_ORT_THREADS`` or all cores).
    """
    from sap_llm.config import settings

    root = Path(model_dir) if model_dir else Path(settings().models.model_dir)
    n_threads = threads if threads is not None else int(os.environ.get("SAP_LLM_ORT_THREADS", "0"))
    key = (str(root.resolve()), n_threads)
    if key in _CACHE:
        return _CACHE[key]
    bundle = ModelBundle(model_dir=root)
    if (root / CLASSIFIER_DIR / "model.onnx").is_file():
        bundle.classifier = ClassifierRuntime.load(root / CLASSIFIER_DIR, n_threads)
    else:
        bundle.problems.append(f"no document classifier at {root / CLASSIFIER_DIR / 'model.onnx'}")
    if (root / TAGGER_DIR / "model.onnx").is_file():
        bundle.tagger = TaggerRuntime.load(root / TAGGER_DIR, n_threads)
    else:
        bundle.problems.append(f"no field tagger at {root / TAGGER_DIR / 'model.onnx'}")
    _CACHE[key] = bundle
    return bundle


__all__ = ["CLASSIFIER_DIR", "TAGGER_DIR", "ClassifierRuntime", "ModelBundle", "ModelsMissing", "TaggerRuntime",
           "load_models"]
