"""Stage 5: header fields and line items, from the layout-aware tagger and constrained decoding.

``extract(layout, classification, models=...)`` runs the ONNX field tagger over
the layout's words and boxes (sliding windows for long documents), applies the
calibrated temperature and decodes the per-word distributions into the type's
ADC (``decode``): schema-valid by construction, every value from the page.
"""

from __future__ import annotations

from sap_llm.errors import StageError
from sap_llm.extract.decode import WordView, decode
from sap_llm.extract.roles import decode_with_roles
from sap_llm.models import ModelBundle, load_models
from sap_llm.profile import OrgProfile
from sap_llm.records import Classification, Extraction, Layout


def word_views(layout: Layout) -> list[WordView]:
    return [WordView(w.text, tuple(w.box), w.page, w.line) for w in layout.words]


def extract(layout: Layout, classification: Classification, *, models: ModelBundle | None = None,
            profile: OrgProfile | None = None) -> Extraction:
    """The ADC body (fields, line items, confidences, evidence) of one classified layout; with a profile,
    supplier / customer sides are checked against our own company (``roles``)."""
    bundle = models or load_models()
    tagger = bundle.tagger
    if tagger is None:
        raise StageError("model_missing", "; ".join(bundle.problems) or "field tagger not loaded", "extract")
    if not layout.words:
        return Extraction()
    probs = tagger.word_probs([w.text for w in layout.words], [w.box for w in layout.words])
    return decode_with_roles(probs, tagger.labels, word_views(layout), classification.document_type,
                             classification.subtype, profile)


__all__ = ["WordView", "decode", "decode_with_roles", "extract", "word_views"]
