"""One scanned page from image to words: deskew, orientation, OCR with the document's language.

Orientation costs a tesseract OSD run (about a second), so it is only asked
for when a pass reads badly: an upright page reads with high confidence, an
upside-down or sideways one does not.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

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
from sap_llm.preprocess.receipt import is_strip, receipt_region
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


@dataclass(frozen=True)
class OcrPlan:
    """How to present a page to tesseract (chosen by its shape; see the SROIE benchmark)."""

    binarise: str  # binarise.METHOD value
    config: str  # tesseract command-line options
    receipt: bool = False  # a receipt strip: also read by the line reader (line_reader.py)


def plan_for(image: Image.Image) -> OcrPlan:
    """Document pages: blur + Otsu and automatic segmentation (measured: 0.11 % vs 0.65 % CER on noisy
    generated A4 scans, and 40 % less CPU). Receipt strips: the grey image as one block of text
    (psm 6), which read more SROIE key values than Otsu or psm 3/4 on the dev receipts tried."""
    if is_strip(image):
        return RECEIPT_PLAN
    return OcrPlan("otsu", ocr_options.DEFAULT_CONFIG)


RECEIPT_PLAN = OcrPlan("none", ocr_options.RECEIPT_CONFIG, receipt=True)


@dataclass(frozen=True)
class Reading:
    """Tesseract's words of one page: of the whole page, or of the receipt cut from it."""

    result: OcrResult  # boxes in ``image``'s pixels
    image: Image.Image  # what tesseract read
    offset: tuple[int, int]  # where ``image`` lies on the page
    receipt: bool


def read_page(image: Image.Image, lang: str, budget: Budget) -> Reading:
    """OCR ``image`` by its plan; a receipt lying on a larger page is cut out and read as a strip."""
    plan = plan_for(image)
    region = None if plan.receipt else receipt_region(image)
    target, offset = image, (0, 0)
    if region is not None:
        plan, target, offset = RECEIPT_PLAN, image.crop(region), (region[0], region[1])
    result = run_ocr(binarise(target, plan.binarise), lang, budget.remaining(), plan.config)
    return Reading(result, target, offset, plan.receipt)


def _shifted(words: list[RawWord], offset: tuple[int, int]) -> list[RawWord]:
    dx, dy = offset
    if not dx and not dy:
        return words
    return [replace(w, x0=w.x0 + dx, y0=w.y0 + dy, x1=w.x1 + dx, y1=w.y1 + dy) for w in words]


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
    ``receipt_line_reader``: a receipt strip is also read by the PP-OCR line
    reader, whose characters replace tesseract's on ASCII lines (``fuse.py``).
    """
    budget = Budget.start(max_seconds)
    lang = ocr_options.usable_language(TESSERACT_CODES.get(language, "eng"))
    turned = rotate_image(image, orientation) if orientation else image
    straight, skew = deskew(turned, dpi)
    reading = read_page(straight, lang, budget)
    rotation = float(orientation or 0) + skew
    if orientation != 0 and reads_badly(reading.result):
        # unprobed: ask OSD; turned by the probe: OSD can be wrong on noisy receipts, so try it as it came
        other = detect_orientation(image, budget.remaining()) if orientation is None else 0
        if other != (orientation or 0):
            candidate, skew2 = deskew(rotate_image(image, other) if other else image, dpi)
            second = read_page(candidate, lang, budget)
            if second.result.quality > reading.result.quality:
                straight, reading, rotation = candidate, second, float(other) + skew2
    words = reading.result.words
    if receipt_line_reader and reading.receipt and line_reader.available():
        budget.remaining()
        words = fuse(words, line_reader.read_lines(reading.image))
    words = _shifted(words, reading.offset)
    if keep_words and rotation == 0:
        words = merge_text_layer(keep_words, words)
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
