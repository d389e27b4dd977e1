"""A second recogniser for receipt strips: PP-OCRv4 text lines through onnxruntime.

Tesseract misreads thermal receipt print (``92 80`` for ``92.80``, ``IC`` for
``1C``); the PP-OCRv4 detector and recogniser that the PyPI package
``rapidocr_onnxruntime`` ships read the characters of such lines far better
(BENCHMARKS.md, "Preprocessing"), but they return whole lines and often drop
the spaces between words. ``fuse.py`` therefore keeps tesseract's word
segmentation and boxes and takes the characters from these lines.

Its text is NFKC-normalised: the model was trained on Chinese and English and
prints some punctuation in full width (``（``, ``：``, ``，``). The recogniser's
alphabet lacks letters such as ö, ß and €, so ``fuse`` puts tesseract's back
where tesseract saw them. The package is optional: without it ``available()`` is false and pages are read by
tesseract alone.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from PIL import Image

MIN_LINE_CONFIDENCE = 0.5  # lines the recogniser is less sure of are left to tesseract

_lock = threading.Lock()


@dataclass(frozen=True)
class TextLine:
    """One detected text line: axis-aligned box in the image's pixels, its text, mean character confidence."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    confidence: float


@lru_cache(maxsize=1)
def _engine() -> Any | None:
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:
        return None
    # one thread per session: pages are already read in parallel, one per core
    return RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)


def available() -> bool:
    """True when the PP-OCR models can be loaded (``rapidocr_onnxruntime`` installed)."""
    with _lock:
        return _engine() is not None


def read_lines(image: Image.Image) -> list[TextLine]:
    """Detected and recognised text lines of ``image``, top to bottom; empty without the package."""
    with _lock:
        engine = _engine()
    if engine is None:
        return []
    bgr = np.ascontiguousarray(np.asarray(image.convert("RGB"))[:, :, ::-1])
    boxes, _ = engine.auto_text_det(bgr)
    if boxes is None or len(boxes) == 0:
        return []
    crops = engine.get_crop_img_list(bgr, boxes)
    crops, _, _ = engine.text_cls(crops)
    recognised, _ = engine.text_rec(crops)
    lines: list[TextLine] = []
    for box, (text, confidence) in zip(boxes, recognised, strict=True):
        text = " ".join(unicodedata.normalize("NFKC", str(text)).split())
        if not text or float(confidence) < MIN_LINE_CONFIDENCE:
            continue
        xs, ys = box[:, 0], box[:, 1]
        lines.append(
            TextLine(float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()), text, float(confidence))
        )
    return lines
