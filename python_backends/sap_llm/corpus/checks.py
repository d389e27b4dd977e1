"""Quality checks of one corpus record: readable page, enough text, contract-valid ground truth,
annotation coverage. Each result lands in ``Entry.checks``; a failed check excludes the record."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from statistics import mean

from sap_llm.corpus.buildspec import BuildConfig, Entry
from sap_llm.corpus.record import CorpusRecord, field_of


def annotation_coverage(record: CorpusRecord) -> tuple[float, list[str]]:
    """Share of ground-truth values that have a labelled span (header: a ``B-field``;
    line items: as many ``B-li.field`` spans as items carrying the field)."""
    begins = Counter(field_of(label) for label in record.labels if label.startswith("B-"))
    expected: Counter[str] = Counter(record.ground_truth.fields.keys())
    for item in record.ground_truth.line_items:
        expected.update(f"li.{name}" for name in item)
    total = sum(expected.values())
    if total == 0:
        return 1.0, []
    found = sum(min(n, begins.get(key, 0)) for key, n in expected.items())
    missing = sorted(key for key, n in expected.items() if begins.get(key, 0) < n)
    return found / total, missing


def readable(record: CorpusRecord, base: Path) -> bool:
    """The page image opens and decodes, or the PDF opens with at least one page."""
    image = record.resolve(base, "image")
    pdf = record.resolve(base, "pdf")
    if image is not None and image.is_file():
        try:
            from PIL import Image

            with Image.open(image) as img:
                img.load()
                return img.width > 0 and img.height > 0
        except Exception:  # any decoder error means: not readable
            return False
    if pdf is not None and pdf.is_file():
        try:
            import pypdfium2

            doc = pypdfium2.PdfDocument(str(pdf))
            try:
                return len(doc) > 0
            finally:
                doc.close()
        except Exception:  # damaged / encrypted PDF
            return False
    return False


def is_required_missing(message: str) -> bool:
    return "required field(s) missing" in message


def check(entry: Entry, base: Path, config: BuildConfig) -> None:
    record = entry.record
    entry.coverage, entry.missing = annotation_coverage(record)
    entry.contract_errors = record.ground_truth_errors()
    partial = record.metadata.annotation == "partial"
    structural = [e for e in entry.contract_errors if not (partial and is_required_missing(e))]
    entry.checks = {
        "readable": readable(record, base),
        "text_length": len(record.ocr_text.strip()) >= config.min_text_chars and len(record.words) >= 3,
        "coverage": entry.coverage >= config.min_coverage,
        "contract": not structural,
    }
    record.metadata.quality_score = round(mean([
        float(entry.checks["readable"]), float(entry.checks["text_length"]),
        entry.coverage, float(entry.checks["contract"])]), 3)
    failed = [name for name, ok in entry.checks.items() if not ok]
    if failed:
        reasons = {
            "readable": "page image / PDF missing or unreadable",
            "text_length": f"text shorter than {config.min_text_chars} characters",
            "coverage": f"annotation coverage {entry.coverage:.0%} < {config.min_coverage:.0%} "
                        f"(missing {', '.join(entry.missing)})",
            "contract": "ground truth violates the contract: " + "; ".join(structural[:3]),
        }
        entry.excluded = "; ".join(reasons[name] for name in failed)
