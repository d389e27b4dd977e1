"""Shared pieces of the converters: OCR of a page image, normalising mapped values, hashing."""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sap_llm.contract import FIELDS
from sap_llm.normalize import normalize_value

Box = tuple[int, int, int, int]
#: languages business documents here come in (the five of the corpus plus neighbours seen in real data)
LANGUAGE_CANDIDATES = ("en", "de", "fr", "es", "it", "nl", "pt", "pl", "sv", "da", "cs")


@dataclass
class PageWords:
    """Words of one or more pages in reading order with 0..1000 boxes."""

    words: list[str] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    confidences: list[float] = field(default_factory=list)
    page_count: int = 1

    @property
    def text(self) -> str:
        return " ".join(self.words)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def clamp_box(x0: float, y0: float, x1: float, y1: float, width: float, height: float) -> Box:
    def n(v: float, size: float) -> int:
        return max(0, min(1000, round(1000 * v / size))) if size else 0
    a, b, c, d = n(x0, width), n(y0, height), n(x1, width), n(y1, height)
    return (min(a, c), min(b, d), max(a, c), max(b, d))


def layout_words(path: Path, *, cache_dir: Path | None = None) -> PageWords:
    """Words of a scanned document file as the product reads it (``layout_words_of`` its bytes)."""
    return layout_words_of(path.read_bytes(), path.name, cache_dir=cache_dir)


def layout_words_of(data: bytes, name: str, *, cache_dir: Path | None = None) -> PageWords:
    """Words of a scanned document as the product reads it: stages 1-2 (``intake`` + ``preprocess``).

    Training and evaluation records then carry exactly the words the pipeline
    will see in production (receipt plan, line reader, deskew). Layouts are
    cached by document id under ``cache_dir`` and recomputed when the
    preprocess package's source changed since (SROIE's 626 receipts take minutes).
    """
    from sap_llm.evaluation.layout_cache import LayoutCache, preprocess_source_hash
    from sap_llm.inbox import intake
    from sap_llm.preprocess import preprocess
    from sap_llm.records import Document

    (document,) = intake(data, name)
    if not isinstance(document, Document):
        raise ValueError(f"{name} rejected ({document.code}): {document.message}")
    cache = LayoutCache(cache_dir) if cache_dir is not None else None
    entry = cache.get(document.document_id) if cache is not None else None
    if entry is not None and entry.source_hash == preprocess_source_hash():
        layout = entry.layout
    else:
        started = time.perf_counter()
        layout = preprocess(document)
        if cache is not None:  # wall time measured; CPU not (other receipts are read on parallel threads)
            cache.put(document.document_id, layout, round((time.perf_counter() - started) * 1000, 3), None)
    return PageWords(
        words=[w.text for w in layout.words],
        boxes=[tuple(w.box) for w in layout.words],
        pages=[w.page for w in layout.words],
        confidences=[round(w.confidence, 3) for w in layout.words],
        page_count=len(layout.pages),
    )


def pdf_words(path: Path) -> PageWords:
    """Words of a born-digital PDF's text layer (pdfplumber), per page, boxes normalised per page."""
    import pdfplumber

    out = PageWords()
    with pdfplumber.open(path) as pdf:
        out.page_count = len(pdf.pages)
        for index, page in enumerate(pdf.pages):
            for w in page.extract_words(keep_blank_chars=False):
                text = w["text"].strip()
                if not text:
                    continue
                out.words.append(text)
                out.boxes.append(clamp_box(w["x0"], w["top"], w["x1"], w["bottom"], page.width, page.height))
                out.pages.append(index)
                out.confidences.append(1.0)
    return out


def normalise_fields(raw: dict[str, Any], level: str = "header") -> tuple[dict[str, Any], list[str]]:
    """Normal forms of mapped values by the registry's value type; values that do not parse are dropped
    (with a note) rather than kept in a form the contract rejects."""
    out: dict[str, Any] = {}
    dropped: list[str] = []
    for name, value in raw.items():
        if value is None or value == "":
            continue
        key = name if level == "header" else f"li.{name}"
        spec = FIELDS.get(key)
        if spec is None:
            dropped.append(f"{key}: not a contract field")
            continue
        if isinstance(value, bool) or (isinstance(value, int | float) and spec.type in
                                       {"amount", "price", "number", "percent", "integer"}):
            normal = _number(value, spec.type)
        else:
            normal = normalize_value(spec.type, str(value), max_length=spec.max_length)
            if normal is None and spec.type == "unit" and re.fullmatch(r"[A-Z0-9]{1,6}", str(value).strip()):
                normal = str(value).strip()  # already a code (UN/ECE Rec 20: KGM, H87, C62)
        if normal is None or normal == "":
            dropped.append(f"{key}: {value!r} is not a valid {spec.type}")
        else:
            out[name] = normal
    return out, dropped


def _number(value: Any, vtype: str) -> Any:
    if isinstance(value, bool):
        return None
    if vtype == "integer":
        return int(value) if float(value).is_integer() else None
    if vtype == "amount":
        return round(float(value), 2)
    if vtype == "percent" and not 0 <= float(value) <= 100:
        return None
    return float(value) if not float(value).is_integer() or vtype != "percent" else int(value)


def detect_language(text: str, default: str = "EN") -> str:
    """ISO 639-1 code (upper case) of the text by py3langid; ``default`` for too little text."""
    if len(text.strip()) < 40:
        return default
    import py3langid

    ranked = [code for code, _ in py3langid.rank(text) if code in LANGUAGE_CANDIDATES]
    return ranked[0].upper() if ranked else default


def join_address(*parts: Iterable[str] | str | None) -> str | None:
    flat = [p.strip(" ,") for p in parts if isinstance(p, str) and p and p.strip(" ,")]
    return ", ".join(flat) or None
