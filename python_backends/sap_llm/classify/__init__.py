"""Stages 3–4: document type and subtype, and incoming vs outgoing from the organisation profile.

``classify(layout, profile=..., models=...)`` runs the ONNX classifier over the
layout's hashed text + layout features, applies the calibrated temperature,
resolves direction pairs with the profile (see ``direction``) and picks the
subtype hierarchically: only the chosen type's subtypes compete.
"""

from __future__ import annotations

import numpy as np

from sap_llm.classify.direction import detect_direction, resolve_family
from sap_llm.errors import StageError
from sap_llm.models import ModelBundle, load_models
from sap_llm.models.tagging import softmax
from sap_llm.profile import OrgProfile
from sap_llm.records import Classification, Layout


def subtype_distribution(doc_type: str, subtype_names: list[str], subtype_logits: np.ndarray,
                         temperature: float) -> dict[str, float]:
    """Softmax over the chosen type's (type, subtype) pairs only."""
    members = [i for i, name in enumerate(subtype_names) if name.split("/", 1)[0] == doc_type]
    if not members:
        return {}
    probs = softmax(subtype_logits[members], temperature)
    return {subtype_names[i].split("/", 1)[1]: float(p) for i, p in zip(members, probs, strict=True)}


def classify(layout: Layout, *, profile: OrgProfile | None = None, models: ModelBundle | None = None) -> Classification:
    """Type, subtype, probabilities and direction of one document's layout."""
    bundle = models or load_models()
    runtime = bundle.classifier
    if runtime is None:
        raise StageError("model_missing", "; ".join(bundle.problems) or "document classifier not loaded", "classify")
    words = [w.text for w in layout.words]
    if not words:
        return Classification(document_type="UNKNOWN", document_type_probabilities={"UNKNOWN": 1.0},
                              reasons=["the document has no readable words"])
    type_logits, sub_logits = runtime.logits(words, [w.box for w in layout.words], [w.page for w in layout.words])
    type_probs = softmax(type_logits, runtime.temperature)
    probabilities = {t: float(p) for t, p in zip(runtime.document_types, type_probs, strict=True)}
    evidence = detect_direction(layout, profile)
    probabilities, reasons = resolve_family(probabilities, evidence)
    doc_type = max(probabilities, key=probabilities.get)
    subtypes = subtype_distribution(doc_type, runtime.subtypes, sub_logits, runtime.temperature)
    subtype = max(subtypes, key=subtypes.get) if subtypes else None
    return Classification(
        document_type=doc_type,
        document_type_probabilities={k: round(v, 6) for k, v in sorted(probabilities.items(), key=lambda kv: -kv[1])},
        subtype=subtype,
        subtype_probabilities={k: round(v, 6) for k, v in sorted(subtypes.items(), key=lambda kv: -kv[1])},
        direction=evidence.direction,
        reasons=[*evidence.reasons, *reasons],
    )


__all__ = ["classify", "detect_direction", "resolve_family", "subtype_distribution"]
