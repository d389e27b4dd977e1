"""Error analysis: failure modes and the hardest documents.

Every error of every document gets one failure mode:

* ``rejected`` — the pipeline rejected the document (or it failed to run);
* ``wrong_type`` / ``wrong_subtype`` — classification errors;
* ``ocr_error`` — an expected field value that does not occur in the document's
  words at all (the OCR / text layer lost it; extraction never had a chance);
  decided only where the run recorded the words' text;
* ``missing_field`` — expected, not extracted (and readable in the text, or text unknown);
* ``wrong_value`` — extracted, but not equal to the truth;
* ``spurious_field`` — extracted, but the truth says the document has no such field;
* ``line_items`` — the line-item table differs (missing / extra / wrong cells).

The hardest documents are the wrong ones the pipeline was most sure of: sorted
by the highest confidence it gave to any wrong answer, then by error count.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sap_llm.evaluation.judge import REJECTED_LABEL, Judgement
from sap_llm.evaluation.normalize import field_kind, norm_amount, norm_code, norm_date, norm_text

FAILURE_MODES = (
    "rejected",
    "wrong_type",
    "wrong_subtype",
    "ocr_error",
    "missing_field",
    "wrong_value",
    "spurious_field",
    "line_items",
)

_NUMBER = re.compile(r"[-(]?\d[\d.,' ]*\d|\d")
_NUMERIC_DATE = re.compile(r"\d{1,4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{2,4}")
_WORD_DATE = re.compile(r"(?:\d{1,2}\.?\s+)?[A-Za-zÀ-ÿ]{3,10}\.?\s+\d{1,2}(?:,|\s)\s*\d{2,4}|\d{1,2}\.?\s+[A-Za-zÀ-ÿ]{3,10}\.?\s+\d{2,4}")


def value_in_text(name: str, value: Any, text: str) -> bool:
    """Whether ``value`` (field ``name``) can be read anywhere in ``text``, in the field's normal form."""
    kind = field_kind(name)
    if kind == "date":
        target = norm_date(value)
        if target is None:
            return norm_text(value) in norm_text(text)
        found = {norm_date(m) for m in _NUMERIC_DATE.findall(text)} | {norm_date(m) for m in _WORD_DATE.findall(text)}
        return target in found
    if kind == "amount":
        target = norm_amount(value)
        if target is None:
            return norm_text(value) in norm_text(text)
        for token in _NUMBER.findall(text):
            for candidate in (token, token.replace(" ", "")):
                number = norm_amount(candidate)
                if number is not None and abs(abs(number) - abs(target)) <= 0.01 + 1e-9:
                    return True
        return False
    if kind == "code":
        return norm_code(value) in norm_code(text)
    # text: letters and digits only, so line breaks and punctuation the labels add or drop
    # ("..., CHERAS, 55100" labelled for "CHERAS\n55100") do not count as OCR errors
    return letters_and_digits(value) in letters_and_digits(text)


def letters_and_digits(value: Any) -> str:
    """The text's letters and digits only (NFKC, case folded): how a value is looked for in OCR text."""
    return "".join(ch for ch in norm_text(value) if ch.isalnum())


def document_failures(judgement: Judgement) -> list[dict[str, Any]]:
    """The failure modes of one document, each with the field, expected and got where they apply."""
    failures: list[dict[str, Any]] = []
    item = judgement.item
    if judgement.status == "rejected":
        failures.append({"mode": "rejected", "field": None, "expected": item.expected.document_type,
                         "got": judgement.error or "rejected"})  # fmt: skip
        if judgement.predicted_type == REJECTED_LABEL:
            return failures  # nothing was classified or extracted: no further verdicts to explain
    if not judgement.type_correct:
        failures.append({"mode": "wrong_type", "field": None, "expected": judgement.expected_type,
                         "got": judgement.predicted_type, "confidence": judgement.type_confidence})  # fmt: skip
    elif judgement.subtype_scored and not judgement.subtype_correct:
        failures.append({"mode": "wrong_subtype", "field": None, "expected": item.expected.subtype,
                         "got": judgement.predicted_subtype, "confidence": judgement.subtype_confidence})  # fmt: skip
    for comparison in judgement.field_errors:
        mode = {"missing": "missing_field", "wrong_value": "wrong_value", "spurious": "spurious_field"}[
            comparison.outcome
        ]
        if (
            comparison.outcome in ("missing", "wrong_value")
            and judgement.text is not None
            and not value_in_text(comparison.name, comparison.expected, judgement.text)
        ):
            mode = "ocr_error"
        failures.append({
            "mode": mode,
            "field": comparison.name,
            "expected": comparison.expected,
            "got": comparison.got,
            "confidence": judgement.field_confidence.get(comparison.name),
        })
    counts = judgement.line_items
    if counts is not None and (counts.fp or counts.fn):
        failures.append({
            "mode": "line_items",
            "field": "line_items",
            "expected": f"{len(item.expected.line_items)} rows, {counts.tp + counts.fn} cells",
            "got": f"{len(judgement.got_line_items)} rows, {counts.tp + counts.fp} cells, {counts.tp} right",
        })
    return failures


def _wrong_confidence(judgement: Judgement, failures: Sequence[dict[str, Any]]) -> float:
    values = [f["confidence"] for f in failures if isinstance(f.get("confidence"), int | float)]
    return max(values) if values else 0.0


def hardest_documents(judgements: Iterable[Judgement], n: int = 20) -> list[dict[str, Any]]:
    """The ``n`` worst documents: wrong and confident first, then by number of errors."""
    scored = []
    for judgement in judgements:
        failures = document_failures(judgement)
        if not failures:
            continue
        type_weight = 1 if any(f["mode"] in ("wrong_type", "rejected") for f in failures) else 0
        key = (type_weight, _wrong_confidence(judgement, failures), len(failures))
        scored.append((key, judgement, failures))
    scored.sort(key=lambda entry: entry[0], reverse=True)
    return [
        {
            "item_id": judgement.item.item_id,
            "source": str(judgement.item.path.name),
            "variant": judgement.item.variant,
            "expected_type": judgement.expected_type,
            "predicted_type": judgement.predicted_type,
            "status": judgement.status,
            "max_wrong_confidence": key[1],
            "failures": failures,
        }
        for key, judgement, failures in scored[:n]
    ]


def failure_modes(judgements: Iterable[Judgement], examples_per_mode: int = 5) -> dict[str, Any]:
    """Counts of each failure mode (overall and by field) with a few examples each."""
    counts: Counter[str] = Counter()
    by_field: dict[str, Counter[str]] = defaultdict(Counter)
    examples: dict[str, list[dict[str, Any]]] = defaultdict(list)
    documents_with: Counter[str] = Counter()
    text_known = 0
    for judgement in judgements:
        text_known += int(judgement.text is not None)
        failures = document_failures(judgement)
        for mode in {f["mode"] for f in failures}:
            documents_with[mode] += 1
        for failure in failures:
            mode = failure["mode"]
            counts[mode] += 1
            if failure["field"]:
                by_field[mode][failure["field"]] += 1
            if len(examples[mode]) < examples_per_mode:
                examples[mode].append({"item_id": judgement.item.item_id, **failure})
    return {
        "counts": {mode: counts[mode] for mode in FAILURE_MODES if counts[mode]},
        "documents": {mode: documents_with[mode] for mode in FAILURE_MODES if documents_with[mode]},
        "by_field": {mode: dict(by_field[mode].most_common()) for mode in FAILURE_MODES if by_field[mode]},
        "examples": {mode: examples[mode] for mode in FAILURE_MODES if examples[mode]},
        "documents_with_text": text_known,
    }
