"""``sap-llm evaluate-model``: score the ONNX models (and the baselines) on a split, write JSON + PNGs."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sap_llm.corpus.record import CorpusRecord
from sap_llm.extract.decode import WordView
from sap_llm.models import CLASSIFIER_DIR, TAGGER_DIR
from sap_llm.models.labels import load_json
from sap_llm.training.common import layout_of
from sap_llm.training.data import assign_splits, by_split, load_records
from sap_llm.training.evaluate import (
    evaluate_classifier,
    evaluate_fields,
    plot_confusion,
    plot_per_field,
    plot_reliability,
)

log = logging.getLogger(__name__)

SROIE_FIELDS = {"supplier_name", "supplier_address", "invoice_date", "total_amount"}


def locate_models(model: Path) -> tuple[Path | None, Path | None]:
    """(classifier dir, tagger dir) under a repository root or a single model directory."""
    classifier = model / CLASSIFIER_DIR if (model / CLASSIFIER_DIR / "model.onnx").is_file() else None
    tagger = model / TAGGER_DIR if (model / TAGGER_DIR / "model.onnx").is_file() else None
    if classifier is None and tagger is None and (model / "labels.json").is_file():
        meta = load_json(model / "labels.json")
        if isinstance(meta, dict) and "document_types" in meta:
            classifier = model
        elif isinstance(meta, dict) and "labels" in meta:
            tagger = model
    if classifier is None and tagger is None:
        raise FileNotFoundError(f"no doc_classifier / field_tagger model (model.onnx + labels.json) under {model}")
    return classifier, tagger


def scan_words(record: CorpusRecord) -> list[WordView] | None:
    """Words of the record's scan (all its pages) as the product reads them: intake + preprocess (tesseract)."""
    from sap_llm.extract import word_views
    from sap_llm.inbox import intake
    from sap_llm.preprocess import preprocess
    from sap_llm.records import Document
    from sap_llm.training.scans import scan_document

    scan = scan_document(record)
    if scan is None:
        return None
    try:
        items = intake(*scan)
        document = next((d for d in items if isinstance(d, Document)), None)
        if document is None:
            return None
        return word_views(preprocess(document))
    except Exception as exc:  # one unreadable scan is a miss, not the end of the evaluation
        log.warning("scan %s failed: %s", scan[1], exc)
        return None


def _classifier_block(records: Sequence[CorpusRecord], train: Sequence[CorpusRecord], classifier_dir: Path,
                      out: Path, baselines: bool) -> dict[str, Any]:
    from sap_llm.classify import classify
    from sap_llm.models import ModelBundle
    from sap_llm.models.runtime import ClassifierRuntime
    from sap_llm.profile import load_profile

    runtime = ClassifierRuntime.load(classifier_dir)
    bundle = ModelBundle(model_dir=classifier_dir, classifier=runtime)
    profile = load_profile()

    def predict(r: CorpusRecord) -> tuple[str, str | None, float]:
        c = classify(layout_of(r), profile=profile, models=bundle)
        return c.document_type, c.subtype, c.document_type_probabilities[c.document_type]

    block: dict[str, Any] = {"model": evaluate_classifier(records, predict)}
    plot_confusion(block["model"]["confusion"], out / "confusion_matrix.png", "document type (hashed-bag classifier, ONNX int8)")
    plot_reliability(block["model"]["calibration"], out / "reliability_classifier.png", "document type confidence")
    if baselines and train:
        from sap_llm.training.baselines import TfidfBaseline

        base = TfidfBaseline.fit(list(train))
        types, subs = base.predict(records)
        lookup = {r.id: (t, s) for r, t, s in zip(records, types, subs, strict=True)}
        block["baseline_tfidf_logreg"] = evaluate_classifier(records, lambda r: (*lookup[r.id], 1.0))
    for key in ("model", "baseline_tfidf_logreg"):
        if key in block:
            block[key]["confusion_png"] = str(out / "confusion_matrix.png") if key == "model" else None
            block[key].pop("confusion")
    return block


def _tagger_block(groups: dict[str, list[CorpusRecord]], train: Sequence[CorpusRecord], tagger_dir: Path, out: Path,
                  baselines: bool, scans: int) -> dict[str, Any]:
    from sap_llm.models.runtime import TaggerRuntime
    from sap_llm.profile import load_profile

    runtime = TaggerRuntime.load(tagger_dir)
    profile = load_profile()  # the profile the synthetic corpus was generated for; no real document names it
    block: dict[str, Any] = {}
    base = None
    if baselines and train:
        from sap_llm.training.baselines import WordLogRegBaseline

        base = WordLogRegBaseline.fit(list(train), runtime.labels)
    for name, records in groups.items():
        if not records:
            continue
        scope = (lambda r: set(SROIE_FIELDS)) if name == "sroie" else \
            ((lambda r: set(r.ground_truth.fields)) if name == "invoice2data" else None)
        result = {"model": evaluate_fields(records, runtime.word_probs, runtime.labels, progress=f"tagger {name}",
                                           scope_of=scope, profile=profile)}
        if base is not None:
            result["baseline_word_logreg"] = evaluate_fields(records, base.word_probs, runtime.labels, scope_of=scope,
                                                             profile=profile)
        block[name] = result
        plot_per_field(result["model"]["header"]["per_field"], out / f"per_field_f1_{name}.png",
                       f"header field F1 — {name}")
        plot_reliability(result["model"]["calibration"], out / f"reliability_fields_{name}.png",
                         f"field confidence — {name}")
    if scans:
        scanned = [r for r in groups.get("synthetic", []) if r.metadata.scanned and r.image_path][:scans]
        if scanned:
            block["synthetic_scans"] = {"model": evaluate_fields(scanned, runtime.word_probs, runtime.labels,
                                                                 words_of=scan_words, progress="tagger scans",
                                                                 profile=profile)}
    return block


def run_evaluation(model: Path, corpus: list[Path], split: str, out: Path, *, baselines: bool = True,
                   scans: int = 0, max_docs: int | None = None) -> dict[str, Any]:
    classifier_dir, tagger_dir = locate_models(model)
    records = load_records(corpus, max_docs=max_docs)
    if not records:
        raise FileNotFoundError(f"no corpus records under {', '.join(map(str, corpus))}")
    splits = assign_splits(records)
    chosen = by_split(records, split, splits)
    train = by_split(records, "train", splits)
    out.mkdir(parents=True, exist_ok=True)
    groups: dict[str, list[CorpusRecord]] = {}
    for r in chosen:
        groups.setdefault(r.source if r.source in ("sroie", "invoice2data") else "synthetic", []).append(r)
    metrics: dict[str, Any] = {"split": split, "documents": {k: len(v) for k, v in groups.items()},
                               "train_documents": len(train)}
    if classifier_dir is not None and groups.get("synthetic"):
        metrics["classifier"] = _classifier_block(groups["synthetic"], [r for r in train if r.source != "sroie"]
                                                  or train, classifier_dir, out, baselines)
    if tagger_dir is not None:
        metrics["tagger"] = _tagger_block(groups, train, tagger_dir, out, baselines, scans)
    (out / "metrics.json").write_text(json.dumps(metrics, indent=1, default=str), encoding="utf-8")
    return summarise(metrics)


def summarise(metrics: dict[str, Any]) -> dict[str, Any]:
    """The headline numbers of a metrics.json (what BENCHMARKS.md reports)."""
    s: dict[str, Any] = {"split": metrics["split"], "documents": metrics["documents"]}
    for key, block in metrics.get("classifier", {}).items():
        s[f"classifier.{key}"] = {"type_accuracy": block["type_accuracy"], "subtype_accuracy": block["subtype_accuracy"],
                                  "ece": block["calibration"]["ece"]}
    for group, block in metrics.get("tagger", {}).items():
        for key, res in block.items():
            s[f"tagger.{group}.{key}"] = {
                "header_micro_f1": res["header"]["micro"]["f1"], "line_item_f1": res["line_items"].get("f1"),
                "schema_valid_rate": res["schema_valid_rate"], "ece": res["calibration"]["ece"],
                "ms_per_document": res["ms_per_document"]["mean"], "documents": res["documents"]}
    return s
