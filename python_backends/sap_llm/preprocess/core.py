"""Stage 2: ``preprocess(document) -> Layout``.

PDF pages with a trustworthy text layer are read from it (no OCR). Pages
without one, and image files, are OCRed: rendered at the OCR resolution,
deskewed, turned upright when they read badly, and read with the document's
language, detected once per document (from the text layer when there is one,
else from a quick first pass on the first scanned page).

OCR pages run in parallel on a thread pool (tesseract is a subprocess, so
threads use all cores). pdfium is not thread-safe, so text layers and renders
happen on the calling thread, under the package's pdfium lock, feeding the
pool as they go; at most two pages per worker wait in memory.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass

from PIL import Image

from sap_llm.config import Settings
from sap_llm.config import settings as default_settings
from sap_llm.errors import StageError
from sap_llm.inbox.codes import IntakeRefused
from sap_llm.inbox.pdf import PDFIUM_LOCK, open_pdf
from sap_llm.inbox.sniff import IMAGE_TYPES, PDF
from sap_llm.preprocess.language import allowed_languages, detect_language
from sap_llm.preprocess.layout import build_layout
from sap_llm.preprocess.ocr import limit_tesseract_threads
from sap_llm.preprocess.render import iter_image_pages, paper_dpi, render_pdf_page, upscale_for_ocr
from sap_llm.preprocess.scan import Budget, ocr_page, probe_page
from sap_llm.preprocess.textlayer import judge_text_layer, page_geometry, read_text_layer
from sap_llm.preprocess.words import PageResult, RawWord
from sap_llm.records import Document, Layout

STAGE = "preprocess"


@dataclass
class ScanJob:
    """A page image waiting for OCR."""

    index: int
    image: Image.Image
    dpi: float  # resolution of ``image`` (after any upscaling)
    page_dpi: float | None  # what Layout.Page.dpi reports
    reason: str
    keep_words: list[RawWord] | None = None  # an incomplete text layer's words, in the image's pixels


def _workers(settings: Settings) -> int:
    return settings.ocr.max_workers or os.cpu_count() or 1


def _pdf_pages(document: Document, settings: Settings, results: list[PageResult]) -> Iterator[ScanJob]:
    """Text-layer pages go straight into ``results``; the others are yielded as render jobs."""
    dpi = settings.ocr.dpi
    limit = settings.limits.max_seconds_per_page
    with PDFIUM_LOCK:
        try:
            pdf = open_pdf(document.data)
        except IntakeRefused as refused:
            raise StageError(refused.code.value, refused.message, STAGE) from refused
        page_count = len(pdf)
    try:
        for index in range(page_count):
            started = time.perf_counter()
            with PDFIUM_LOCK:
                page = pdf[index]
                try:
                    geometry = page_geometry(page)
                    layer = read_text_layer(page, geometry)
                    usable, reason = judge_text_layer(page, geometry, layer, settings.ocr.min_text_layer_chars_per_page)
                    image = None if usable else render_pdf_page(page, dpi)
                finally:
                    page.close()
            elapsed = time.perf_counter() - started
            if elapsed > limit:
                raise StageError("timeout", f"page {index + 1} took {elapsed:.1f} s; the limit is {limit:g} s", STAGE)
            if image is None:
                results.append(
                    PageResult(
                        index=index,
                        width=geometry.width,
                        height=geometry.height,
                        source="text_layer",
                        words=layer.words,
                        reason=reason,
                        elapsed_ms=elapsed * 1000,
                    )
                )
            else:
                keep = None
                if layer.words and reason.startswith(("text layer is incomplete", "text layer has only")):
                    scale = dpi / 72
                    keep = [
                        RawWord(w.text, w.x0 * scale, w.y0 * scale, w.x1 * scale, w.y1 * scale)
                        for w in layer.words
                    ]
                yield ScanJob(index, image, float(dpi), float(dpi), reason, keep)
    finally:
        with PDFIUM_LOCK:
            pdf.close()


def _image_pages(document: Document) -> Iterator[ScanJob]:
    try:
        for index, (frame, declared_dpi) in enumerate(iter_image_pages(document.data)):
            dpi = declared_dpi or paper_dpi(frame)
            image, factor = upscale_for_ocr(frame, dpi)
            reason = "image" if declared_dpi or dpi is None else f"image, {dpi:.0f} DPI by its paper size"
            if factor != 1:
                reason += f", upscaled {factor:.1f}×"
            yield ScanJob(index, image, (dpi or 300.0) * factor, dpi, reason)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise StageError("corrupt", f"the image cannot be decoded: {exc}", STAGE) from exc


def _text_language(results: list[PageResult], allowed: tuple[str, ...]) -> str | None:
    text = " ".join(w.text for page in results for w in page.words)[:4000]
    language, _ = detect_language(text, allowed)
    return language


def _document_language(results: list[PageResult], fallback: str | None) -> tuple[str, list[str]]:
    """The document's language: OCR pages vote with their own detection, text-layer pages with one
    detection over (up to 4000 characters of) their joint text; weights are characters read."""
    weights: Counter[str] = Counter()
    for page in results:
        if page.source != "text_layer" and page.language:
            weights[page.language] += sum(len(w.text) for w in page.words)
    text_pages = [p for p in results if p.source == "text_layer"]
    if text_pages:
        chars = sum(len(w.text) for page in text_pages for w in page.words)
        sample = " ".join(w.text for page in text_pages for w in page.words)[:4000]
        language, _ = detect_language(sample)
        if language:
            weights[language] += chars
            for page in text_pages:
                page.language = language
    if not weights:
        return (fallback or "EN"), ([fallback] if fallback else [])
    ranked = [code for code, _ in weights.most_common()]
    return ranked[0], ranked


def preprocess(document: Document, *, settings: Settings | None = None) -> Layout:
    """Words with boxes, lines, reading order and language for every page of ``document``.

    Raises ``StageError`` (code ``timeout``, ``corrupt``, ``unsupported_type``, ...)
    for a document that cannot be read; the pipeline turns it into a rejection.
    """
    settings = settings or default_settings()
    limit_tesseract_threads()
    allowed = allowed_languages(settings.ocr.languages)
    results: list[PageResult] = []
    if document.media_type == PDF:
        jobs = _pdf_pages(document, settings, results)
    elif document.media_type in IMAGE_TYPES:
        jobs = _image_pages(document)
    else:
        raise StageError("unsupported_type", f"cannot preprocess media type {document.media_type}", STAGE)

    limit = settings.limits.max_seconds_per_page
    workers = _workers(settings)
    language: str | None = None
    language_known = False
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ocr") as pool:
        pending: set[Future[PageResult]] = set()
        try:
            for job in jobs:
                orientation: int | None = None
                if not language_known:
                    language = _text_language(results, allowed)  # text-layer pages read so far
                    if language is None:
                        probe = probe_page(job.image, job.dpi, allowed, Budget.start(limit))
                        language, orientation = probe.language, probe.orientation
                    language_known = True
                pending.add(
                    pool.submit(
                        ocr_page,
                        job.index,
                        job.image,
                        job.dpi,
                        language or "EN",
                        limit,
                        orientation=orientation,
                        reason=job.reason,
                        page_dpi=job.page_dpi,
                        allowed=allowed,
                        keep_words=job.keep_words,
                        receipt_line_reader=settings.ocr.receipt_line_reader,
                    )
                )
                while len(pending) >= 2 * workers:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    results.extend(f.result() for f in done)
            done, _ = wait(pending)
            results.extend(f.result() for f in done)
        except BaseException:
            for future in pending:
                future.cancel()
            raise
    if not results:
        raise StageError("zero_pages", "the document has no pages", STAGE)
    doc_language, languages = _document_language(results, language)
    return build_layout(document.document_id, results, doc_language, languages)
