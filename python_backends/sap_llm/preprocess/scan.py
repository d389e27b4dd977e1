"""One scanned page from image to words: deskew, orientation, OCR with the document's language.

Orientation costs a tesseract OSD run (about a second), so it is only asked
for when a pass reads badly: an upright page reads with high confidence, an
upside-down or sideways one does not.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from PIL import Image

from sap_llm.errors import StageError
from sap_llm.preprocess import line_reader
from sap_llm.preprocess import ocr as ocr_options
from sap_llm.preprocess.binarise import binarise
from sap_llm.preprocess.fuse import fuse
from sap_llm.preprocess.language import TESSERACT_CODES, detect_language
from sap_llm.preprocess.ocr import OcrResult, run_ocr
from sap_llm.preprocess.orient import deskew, detect_orientation, rotate_image
from sap_llm.preprocess.words import PageResult, RawWord

POOR_MEAN_CONFIDENCE = 0.65
MIN_WORDS = 3
PROBE_DPI = 150.0


@dataclass
class Budget:
    """Seconds left for one page; every tesseract call gets what remains."""

    limit: float
    started: float

    @classmethod
    def start(cls, limit: float) -> Budget:
        return cls(limit, time.perf_counter())

    def remaining(self) -> float:
        left = self.limit - (time.perf_counter() - self.started)
        if left <= 0:
            raise StageError("timeout", f"the page took longer than {self.limit:g} s", "preprocess")
        return left


RECEIPT_ASPECT = 1.6  # height / width; A4 is 1.41, till receipts are long strips


@dataclass(frozen=True)
class OcrPlan:
    """How to present a page to tesseract (chosen by its shape; see the SROIE benchmark)."""

    binarise: str  # binarise.METHOD value
    config: str  # tesseract command-line options
    receipt: bool = False  # a receipt strip: an English one is also read by the line reader (line_reader.py)


def plan_for(image: Image.Image) -> OcrPlan:
    """Document pages: blur + Otsu and automatic segmentation (measured: 0.11 % vs 0.65 % CER on noisy
    generated A4 scans, and 40 % less CPU). Receipt strips: the grey image as one block of text
    (psm 6), which read more SROIE key values than Otsu or psm 3/4 on the dev receipts tried."""
    if image.height >= RECEIPT_ASPECT * image.width:
        return OcrPlan("none", ocr_options.RECEIPT_CONFIG, receipt=True)
    return OcrPlan("otsu", ocr_options.DEFAULT_CONFIG)


def _overlap_share(a: RawWord, b: RawWord) -> float:
    """Share of ``a``'s area that ``b`` covers."""
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.y1, b.y1) - max(a.y0, b.y0)
    if width <= 0 or height <= 0:
        return 0.0
    return width * height / max((a.x1 - a.x0) * (a.y1 - a.y0), 1e-6)


def merge_text_layer(text_words: list[RawWord], ocr_words: list[RawWord]) -> list[RawWord]:
    """Text-layer words plus the OCR words that no text-layer word covers (by half their area or more)."""
    kept = [RawWord(w.text, w.x0, w.y0, w.x1, w.y1, 1.0, None, "text_layer") for w in text_words]
    extra = [o for o in ocr_words if all(_overlap_share(o, t) < 0.5 for t in kept)]
    return kept + extra


def reads_badly(result: OcrResult) -> bool:
    return len(result.words) < MIN_WORDS or result.mean_confidence < POOR_MEAN_CONFIDENCE


def _probe_crop(image: Image.Image, dpi: float) -> Image.Image:
    """The inkiest eighth of the page at about 150 DPI: enough words to tell languages apart, cheaply."""
    gray = np.asarray(image.convert("L"))
    step = max(int(dpi / 75), 1)
    rows = (gray[::step, ::step] < 128).sum(axis=1).astype(np.float64)
    window = max(len(rows) // 8, 1)
    if len(rows) > window:
        sums = np.convolve(rows, np.ones(window), mode="valid")
        start = int(np.argmax(sums)) * step
    else:
        start = 0
    band = image.crop((0, start, image.width, min(start + window * step, image.height)))
    if dpi > PROBE_DPI * 1.2:
        factor = PROBE_DPI / dpi
        band = band.resize((max(int(band.width * factor), 1), max(int(band.height * factor), 1)), Image.Resampling.BILINEAR)
    return band


@dataclass(frozen=True)
class Probe:
    language: str | None  # upper-case ISO code, None when there was too little text
    orientation: int  # counter-clockwise degrees that make the page upright


def probe_page(image: Image.Image, dpi: float, allowed: tuple[str, ...], budget: Budget) -> Probe:
    """Quick English pass on a band of the page → language (and orientation, if the pass reads badly)."""
    # no deskew here: a few degrees do not change which language the words are in
    result = run_ocr(binarise(_probe_crop(image, dpi)), "eng", budget.remaining())
    orientation = 0
    if reads_badly(result):
        orientation = detect_orientation(image, budget.remaining())
        if orientation:
            upright, _ = deskew(rotate_image(image, orientation), dpi)
            result = run_ocr(binarise(_probe_crop(upright, dpi)), "eng", budget.remaining())
    language, _ = detect_language(result.text, allowed)
    return Probe(language, orientation)


def ocr_page(
    index: int,
    image: Image.Image,
    dpi: float,
    language: str,
    max_seconds: float,
    *,
    orientation: int | None = None,
    reason: str = "scanned page",
    page_dpi: float | None = None,
    allowed: tuple[str, ...] = tuple(TESSERACT_CODES),
    keep_words: list[RawWord] | None = None,
    receipt_line_reader: bool = False,
) -> PageResult:
    """Deskew, fix orientation, OCR. Boxes are in the corrected image's pixels.

    ``keep_words`` (text-layer words of an incomplete text layer, boxes in this
    image's pixels) are merged in when the page needed no turning: they replace
    the OCR words they overlap, so the exact text survives and OCR adds the rest.
    ``receipt_line_reader``: an English receipt strip is also read by the PP-OCR
    line reader, whose characters replace tesseract's (``fuse.py``).
    """
    budget = Budget.start(max_seconds)
    lang = ocr_options.usable_language(TESSERACT_CODES.get(language, "eng"))
    turned = rotate_image(image, orientation) if orientation else image
    straight, skew = deskew(turned, dpi)
    plan = plan_for(straight)
    result = run_ocr(binarise(straight, plan.binarise), lang, budget.remaining(), plan.config)
    rotation = float(orientation or 0) + skew
    if orientation is None and reads_badly(result):
        found = detect_orientation(image, budget.remaining())
        if found:
            candidate, skew2 = deskew(rotate_image(image, found), dpi)
            plan = plan_for(candidate)
            second = run_ocr(binarise(candidate, plan.binarise), lang, budget.remaining(), plan.config)
            if second.quality > result.quality:
                straight, result, rotation = candidate, second, float(found) + skew2
    words = result.words
    if receipt_line_reader and plan.receipt and lang == "eng" and line_reader.available():
        budget.remaining()
        words = fuse(words, line_reader.read_lines(straight))
    if keep_words and rotation == 0:
        words = merge_text_layer(keep_words, result.words)
    page_language, _ = detect_language(" ".join(w.text for w in words), allowed)
    return PageResult(
        index=index,
        width=float(straight.width),
        height=float(straight.height),
        source="ocr",
        words=words,
        dpi=page_dpi,
        rotation=round(rotation, 2),
        language=page_language,
        reason=reason,
        elapsed_ms=(time.perf_counter() - budget.started) * 1000,
    )
