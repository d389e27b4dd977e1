"""Generated scans as the product reads them: every page image through stages 1-2, labels carried over.

A generated scan's record holds the generator's clean words (from the PDF) with
their BIO labels; the product sees tesseract's words on the deskewed image
instead: split or merged differently, misread, in a canvas that deskewing
widened. ``ocr_scan_record`` reads all of a scan's pages (one PNG as it is,
several as one multi-page TIFF, the way a scanner delivers them) and moves each
clean word's label onto the OCR words that cover it, after mapping the clean
boxes into the OCR page by an affine fit on words that occur once on both.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sap_llm.corpus.converters.common import PageWords, layout_words_of
from sap_llm.corpus.record import CorpusRecord, field_of

#: source name of the OCR'd scan records (``--repeat synthetic_scan=N`` weighs them in training)
SCAN_SOURCE = "synthetic_scan"
#: a record whose labelled clean words land on OCR words less often than this is not kept
MIN_LABEL_COVERAGE = 0.8
_ANCHOR_TEXT = re.compile(r"\w{3,}")
_MAX_ANCHOR_RESIDUAL = 25.0  # 0..1000 units: anchors farther off than this after the first fit are dropped


@dataclass
class ScanRecord:
    """An OCR'd scan record, or why there is none (``record`` is None)."""

    origin: str
    record: CorpusRecord | None = None
    coverage: float | None = None  # share of the clean record's labelled words that reached an OCR word
    error: str | None = None


def scan_image_paths(record: CorpusRecord) -> list[Path]:
    """The scan's page images in page order: ``<id>.png``, then ``<id>_p2.png``, ``<id>_p3.png``..."""
    first = record.resolve(getattr(record, "record_dir", "."), "image")
    if first is None or not first.is_file():
        return []
    pages = [first]
    while (nxt := first.with_name(f"{first.stem}_p{len(pages) + 1}{first.suffix}")).is_file():
        pages.append(nxt)
    return pages


def scan_document(record: CorpusRecord) -> tuple[bytes, str] | None:
    """The scan as one file: the PNG itself for one page, a multi-page TIFF for more."""
    return _one_file(scan_image_paths(record), record.id)


def _one_file(paths: list[Path], name: str) -> tuple[bytes, str] | None:
    from PIL import Image

    if not paths:
        return None
    if len(paths) == 1:
        return paths[0].read_bytes(), paths[0].name
    frames = [Image.open(p) for p in paths]
    try:
        buffer = io.BytesIO()
        frames[0].save(buffer, format="TIFF", save_all=True, append_images=frames[1:], compression="tiff_deflate")
    finally:
        for frame in frames:
            frame.close()
    return buffer.getvalue(), f"{name}.tif"


def clean_words(record: CorpusRecord) -> PageWords:
    """The generator's words of a record with their pages (all on page 0 where the record keeps none)."""
    return PageWords(words=record.words, boxes=record.boxes, pages=record.word_pages or [0] * len(record.words))


def _centre(box: tuple[int, int, int, int]) -> tuple[float, float]:
    return (box[0] + box[2]) / 2, (box[1] + box[3]) / 2


def _once(words: list[str], indexes: list[int]) -> dict[str, int]:
    counts = Counter(words[i] for i in indexes)
    return {words[i]: i for i in indexes if counts[words[i]] == 1 and _ANCHOR_TEXT.fullmatch(words[i])}


def page_transform(clean: PageWords, clean_idx: list[int], ocr: PageWords, ocr_idx: list[int]) -> np.ndarray:
    """Affine map (3×2) from clean box coordinates to OCR ones, fitted on words unique to the page in both;
    the identity where fewer than four such words exist."""
    a, b = _once(clean.words, clean_idx), _once(ocr.words, ocr_idx)
    pairs = [(_centre(clean.boxes[a[t]]), _centre(ocr.boxes[b[t]])) for t in a.keys() & b.keys()]
    identity = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
    if len(pairs) < 4:
        return identity
    src = np.array([[x, y, 1.0] for (x, y), _ in pairs])
    dst = np.array([d for _, d in pairs])
    matrix = np.linalg.lstsq(src, dst, rcond=None)[0]
    keep = np.linalg.norm(src @ matrix - dst, axis=1) <= _MAX_ANCHOR_RESIDUAL
    if keep.sum() >= 4 and not keep.all():
        matrix = np.linalg.lstsq(src[keep], dst[keep], rcond=None)[0]
    return matrix if keep.sum() >= 4 else identity


def _mapped(box: tuple[int, int, int, int], matrix: np.ndarray) -> tuple[float, float, float, float]:
    corners = np.array([[box[0], box[1], 1.0], [box[2], box[3], 1.0]]) @ matrix
    (x0, y0), (x1, y1) = corners
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _overlap(a: tuple[float, float, float, float], b: tuple[int, int, int, int]) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def transfer_labels(clean: PageWords, labels: list[str], ocr: PageWords) -> tuple[list[str], float]:
    """BIO labels for the OCR words (each takes the label of the clean word it overlaps most, mapped into the
    OCR page) and the share of labelled clean words that reached at least one OCR word.

    A clean word read as several OCR words labels the first as the clean word did and the rest as its
    continuation; an ``I-`` that no longer follows its field becomes ``B-``.
    """
    pages = sorted(set(ocr.pages) | set(clean.pages))
    source: list[int | None] = [None] * len(ocr.words)
    for page in pages:
        clean_idx = [i for i, p in enumerate(clean.pages) if p == page]
        ocr_idx = [i for i, p in enumerate(ocr.pages) if p == page]
        if not clean_idx or not ocr_idx:
            continue
        matrix = page_transform(clean, clean_idx, ocr, ocr_idx)
        mapped = {i: _mapped(clean.boxes[i], matrix) for i in clean_idx}
        for j in ocr_idx:
            box = ocr.boxes[j]
            area = max(1, (box[2] - box[0]) * (box[3] - box[1]))
            best = max(clean_idx, key=lambda i: _overlap(mapped[i], box))
            if _overlap(mapped[best], box) / area >= 0.3:
                source[j] = best
    out: list[str] = []
    for j, i in enumerate(source):
        label = labels[i] if i is not None else "O"
        key = field_of(label)
        if key is not None and j > 0 and source[j - 1] == i:
            label = f"I-{key}"  # another piece of the same clean word
        if label.startswith("I-") and (not out or field_of(out[-1]) != key):
            label = f"B-{key}"
        out.append(label)
    labelled = {i for i, label in enumerate(labels) if label != "O"}
    reached = labelled & {i for i in source if i is not None}
    return out, (len(reached) / len(labelled) if labelled else 1.0)


def ocr_scan_record(record: CorpusRecord, *, cache_dir: Path | None = None) -> ScanRecord:
    """The record of a generated scan with the words stages 1-2 read from its images, labels carried over."""
    paths = scan_image_paths(record)
    document = _one_file(paths, record.id)
    if document is None:
        return ScanRecord(record.id, error="no scan image")
    try:
        ocr = layout_words_of(*document, cache_dir=cache_dir)
    except (ValueError, RuntimeError, OSError) as exc:
        return ScanRecord(record.id, error=str(exc))
    labels, coverage = transfer_labels(clean_words(record), record.labels, ocr)
    metadata = record.metadata.model_copy(update={"origin": f"{record.id}, its scan read by stages 1-2"})
    scanned = record.model_copy(update={
        "id": f"{record.id}_ocr", "source": SCAN_SOURCE, "ocr_text": ocr.text, "words": ocr.words,
        "boxes": ocr.boxes, "word_pages": ocr.pages, "labels": labels, "pdf_path": None,
        "image_path": str(paths[0].resolve()), "metadata": metadata,
    })
    return ScanRecord(record.id, scanned, round(coverage, 4))
