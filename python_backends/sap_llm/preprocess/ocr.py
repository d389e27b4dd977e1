"""Tesseract 5 through pytesseract: words with confidences, grouped by tesseract's own lines.

Tesseract runs as a subprocess, so threads parallelise it; ``OMP_THREAD_LIMIT=1``
(set by ``preprocess``) stops each process from spreading over every core, so
two pages really use two cores.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

import pytesseract
from PIL import Image

from sap_llm.errors import StageError
from sap_llm.preprocess.words import RawWord

# psm 3 = fully automatic page segmentation (no OSD); psm 6 = one uniform block of text.
DEFAULT_CONFIG = "--oem 1 --psm 3"
RECEIPT_CONFIG = "--oem 1 --psm 6"


@lru_cache(maxsize=1)
def installed_languages() -> frozenset[str]:
    """Traineddata names tesseract has (``eng``, ``deu``, ...); empty when tesseract is missing."""
    try:
        return frozenset(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractNotFoundError, pytesseract.TesseractError, OSError):
        return frozenset()


def usable_language(lang: str) -> str:
    """``lang`` if its model is installed, else ``eng`` (a missing model must not fail the page)."""
    installed = installed_languages()
    return lang if not installed or lang in installed else "eng"


def limit_tesseract_threads() -> None:
    """One OpenMP thread per tesseract process (inherited by the subprocesses pytesseract starts)."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@dataclass(frozen=True)
class OcrResult:
    words: list[RawWord]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def mean_confidence(self) -> float:
        if not self.words:
            return 0.0
        return sum(w.confidence for w in self.words) / len(self.words)

    @property
    def quality(self) -> float:
        """Characters read with confidence ≥ 0.6: how much real text this pass found."""
        return float(sum(len(w.text) for w in self.words if w.confidence >= 0.6))


def run_ocr(image: Image.Image, lang: str, timeout: float, config: str | None = None) -> OcrResult:
    """OCR one page image; boxes in the image's pixels. A page over ``timeout`` seconds is a StageError."""
    try:
        data = pytesseract.image_to_data(
            image, lang=lang, config=config or DEFAULT_CONFIG, output_type=pytesseract.Output.DICT, timeout=timeout
        )
    except pytesseract.TesseractNotFoundError as exc:
        raise StageError("ocr_unavailable", "tesseract is not installed or not on PATH", "preprocess") from exc
    except pytesseract.TesseractError as exc:
        raise StageError("corrupt", f"tesseract failed on the page: {exc.message}", "preprocess") from exc
    except RuntimeError as exc:  # pytesseract signals its timeout as a plain RuntimeError
        if "timeout" in str(exc).lower():
            raise StageError(
                "timeout", f"OCR of the page took longer than {timeout:g} s", "preprocess"
            ) from exc
        raise
    words: list[RawWord] = []
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        if not text or int(data["level"][i]) != 5:
            continue
        try:
            conf = float(data["conf"][i])
        except (TypeError, ValueError):
            conf = -1.0
        if conf < 0:
            continue
        left, top = float(data["left"][i]), float(data["top"][i])
        width, height = float(data["width"][i]), float(data["height"][i])
        group = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        words.append(RawWord(text, left, top, left + width, top + height, min(conf / 100.0, 1.0), group))
    return OcrResult(words)
