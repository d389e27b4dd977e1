"""FUNSD (form understanding in noisy scanned documents) → corpus records.

The public format: ``<split>/annotations/NNN.json`` holding ``{"form": [entity...]}``
where each entity has ``id``, ``text``, ``box`` [x0, y0, x1, y1] (pixels),
``label`` (``question`` / ``answer`` / ``header`` / ``other``), ``words``
[{``text``, ``box``}] and ``linking`` [[question_id, answer_id]], with the page
image at ``<split>/images/NNN.png``.

FUNSD's forms are not business documents the system posts, so a record is
UNKNOWN / FORM with all contract labels ``O`` (a negative for the classifier
and the tagger); the form's own entity tags (``B-question``, ``I-answer``...)
and links are kept in ``metadata.entities`` / ``metadata.entity_labels`` /
``metadata.links`` for key-value pre-training. ``training_data`` may go to
train/val, ``testing_data`` is test only.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

from sap_llm.corpus.converters.base import Converted
from sap_llm.corpus.converters.common import clamp_box
from sap_llm.corpus.record import CorpusRecord, GroundTruth, RecordMetadata

SOURCE = "funsd"
ENTITY_LABELS = ("question", "answer", "header", "other")


def _image_for(annotation: Path) -> Path | None:
    folder = annotation.parent.parent / "images"
    for ext in (".png", ".jpg", ".jpeg", ".tif", ".tiff"):
        candidate = folder / f"{annotation.stem}{ext}"
        if candidate.is_file():
            return candidate
    return None


def _page_size(image: Path | None, entities: list[dict]) -> tuple[float, float]:
    if image is not None:
        from PIL import Image

        with Image.open(image) as img:
            return float(img.width), float(img.height)
    xs = [w["box"][2] for e in entities for w in e.get("words", [])] or [1000]
    ys = [w["box"][3] for e in entities for w in e.get("words", [])] or [1000]
    return float(max(xs)), float(max(ys))


def convert_one(annotation: Path) -> Converted:
    origin = annotation.name
    try:
        data = json.loads(annotation.read_text(encoding="utf-8"))
        entities = data["form"]
        if not isinstance(entities, list):
            raise TypeError("'form' is not a list")
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as exc:
        return Converted(SOURCE, origin, error=f"not a FUNSD annotation: {type(exc).__name__}: {exc}")
    image = _image_for(annotation)
    width, height = _page_size(image, entities)
    words: list[str] = []
    boxes = []
    entity_labels: list[str] = []
    kept_entities = []
    links: set[tuple[int, int]] = set()
    for entity in sorted(entities, key=lambda e: (e.get("box", [0, 0])[1], e.get("box", [0])[0])):
        label = str(entity.get("label", "other")).lower()
        label = label if label in ENTITY_LABELS else "other"
        indices = []
        for n, word in enumerate(w for w in entity.get("words", []) if str(w.get("text", "")).strip()):
            x0, y0, x1, y1 = word["box"]
            indices.append(len(words))
            words.append(str(word["text"]).strip())
            boxes.append(clamp_box(x0, y0, x1, y1, width, height))
            entity_labels.append("O" if label == "other" else f"{'B' if n == 0 else 'I'}-{label}")
        kept_entities.append({"id": entity.get("id"), "label": label, "text": entity.get("text", ""),
                              "word_indices": indices})
        for pair in entity.get("linking", []):
            if len(pair) == 2:
                links.add((int(pair[0]), int(pair[1])))
    split_folder = annotation.parent.parent.name.lower()
    fixed = "test" if "test" in split_folder else None
    record = CorpusRecord(
        id=f"funsd_{annotation.stem}",
        source=SOURCE,
        document_type="UNKNOWN",
        subtype="FORM",
        image_path=str(image.resolve()) if image else None,
        ocr_text=" ".join(words),
        words=words,
        boxes=boxes,
        labels=["O"] * len(words),
        ground_truth=GroundTruth(),
        metadata=RecordMetadata(language="EN", layout="funsd_form", created_date=dt.date.today().isoformat(),
                                split=fixed, allowed_splits=["test"] if fixed else ["train", "val"],
                                scanned=True, entities=kept_entities, entity_labels=entity_labels,
                                links=sorted(links)),
    )
    return Converted(SOURCE, origin, record, image or annotation, 1.0, [], [] if image else ["no page image found"])


def convert(root: Path, *, limit: int | None = None) -> Iterator[Converted]:
    """Every ``annotations/*.json`` under ``root`` (FUNSD's training_data / testing_data folders)."""
    files = sorted(root.rglob("annotations/*.json"))
    if not files:
        raise FileNotFoundError(f"no FUNSD annotations (annotations/*.json) under {root}")
    for n, path in enumerate(files):
        if limit is not None and n >= limit:
            break
        yield convert_one(path)
