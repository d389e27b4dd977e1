"""ICDAR 2019 SROIE (task 3) receipts → corpus records.

``img/NNN.jpg`` + ``key/NNN.json`` with ``company``, ``date``, ``address``,
``total`` as printed. SROIE has no word boxes in this copy, so the receipt is
read by the pipeline's own stages 1-2 and the key values are aligned to its words to make
BIO labels. Mapping (datasets/README.md): a receipt is SUPPLIER_INVOICE /
RECEIPT; company → supplier_name, address → supplier_address, date →
invoice_date (ISO), total → total_amount.

The split is fixed by the data set's owners here: ``000``-``299`` are dev
(the builder may put them in train or val), ``300``-``625`` are test only.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sap_llm.corpus.converters.align import align
from sap_llm.corpus.converters.base import Converted
from sap_llm.corpus.converters.common import layout_words, normalise_fields
from sap_llm.corpus.record import CorpusRecord, GroundTruth, RecordMetadata

SOURCE = "sroie"
DEV_LAST = 299
MAPPING = {"company": "supplier_name", "address": "supplier_address", "date": "invoice_date", "total": "total_amount"}


def clean_key_value(field: str, value: str) -> str:
    """SROIE's printed quirks the generic normalisers do not cover: ``RM 3.90`` (ringgit prefix)
    and compact dates ``20180304`` / ``25032018``."""
    if field == "total_amount":
        return re.sub(r"^(RM|MYR)\s*", "", value, flags=re.IGNORECASE)
    if field == "invoice_date" and re.fullmatch(r"\d{8}", value):
        year_first = value[:2] in ("19", "20") and 1 <= int(value[4:6]) <= 12
        return f"{value[:4]}-{value[4:6]}-{value[6:]}" if year_first else f"{value[:2]}/{value[2:4]}/{value[4:]}"
    return value


def sroie_split(stem: str) -> tuple[str | None, list[str]]:
    """(fixed split, allowed splits) for receipt ``NNN``: test for 300+, train/val for 000-299."""
    number = int(stem) if stem.isdigit() else 0
    return ("test", ["test"]) if number > DEV_LAST else (None, ["train", "val"])


def convert_one(image: Path, key: Path, *, cache_dir: Path | None = None) -> Converted:
    origin = image.name
    try:
        keys = json.loads(key.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return Converted(SOURCE, origin, error=f"cannot read {key.name}: {exc}")
    raw = {MAPPING[k]: " ".join(str(v).split()) for k, v in keys.items() if k in MAPPING and str(v).strip()}
    fields, notes = normalise_fields({k: clean_key_value(k, v) for k, v in raw.items()})
    try:
        page = layout_words(image, cache_dir=cache_dir)
    except Exception as exc:  # a broken image must not stop the other 625
        return Converted(SOURCE, origin, content_path=image, error=f"OCR failed: {type(exc).__name__}: {exc}")
    alignment = align(page.words, page.boxes, fields, [], raw_fields={k: v for k, v in raw.items() if k in fields})
    split, allowed = sroie_split(image.stem)
    record = CorpusRecord(
        id=f"sroie_{image.stem}",
        source=SOURCE,
        document_type="SUPPLIER_INVOICE",
        subtype="RECEIPT",
        image_path=str(image.resolve()),
        ocr_text=page.text,
        words=page.words,
        boxes=page.boxes,
        word_pages=page.pages,
        labels=alignment.labels,
        ground_truth=GroundTruth(fields=fields),
        metadata=RecordMetadata(language="EN", layout="sroie_receipt", created_date=dt.date.today().isoformat(),
                                split=split, allowed_splits=allowed, scanned=True, page_count=1,
                                ocr_confidence=round(sum(page.confidences) / max(1, len(page.confidences)), 3),
                                annotation="partial"),
    )
    return Converted(SOURCE, origin, record, image, alignment.coverage, alignment.missing, notes)


def convert(root: Path, *, limit: int | None = None, cache_dir: Path | None = None,
            workers: int = 1) -> Iterator[Converted]:
    """Convert receipts in ``root`` (``img/`` + ``key/``) in file-name order, at most ``limit``.

    ``workers`` > 1 reads that many receipts at once (tesseract runs as a subprocess, the line reader in
    onnxruntime: both release the GIL).
    """
    images = sorted((root / "img").glob("*.jpg"))
    if not images:
        raise FileNotFoundError(f"no SROIE images under {root / 'img'}")
    images = images[:limit] if limit is not None else images

    def one(image: Path) -> Converted:
        key = root / "key" / f"{image.stem}.json"
        if not key.is_file():
            return Converted(SOURCE, image.name, error=f"no key file {key.name}")
        return convert_one(image, key, cache_dir=cache_dir)

    if workers <= 1:
        yield from map(one, images)
        return
    with ThreadPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(one, images)
