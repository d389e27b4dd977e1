"""CORD v2 (consolidated receipt dataset) → corpus records.

The public format (clovaai/cord ``json/receipt_NNNNN.json``, or a Hugging Face
row whose ``ground_truth`` string holds the same object): ``valid_line`` is a
list of lines, each with a ``category`` (``menu.nm``, ``menu.cnt``,
``menu.price``, ``sub_total.tax_price``, ``total.total_price``...), a
``group_id`` (one per menu item) and ``words`` with ``text``, ``quad``
(x1..x4, y1..y4 in pixels) and ``is_key`` (1 for printed keys such as
"TOTAL"). ``meta`` carries ``image_size`` and the data set's ``split``.

A receipt is SUPPLIER_INVOICE / RECEIPT; categories map to contract fields
(``CATEGORY_MAP``), menu groups become line items. Labels come from the
categories themselves (no alignment needed): value words are tagged, key words
are ``O``. CORD has no store name or date, so the ground truth is partial.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sap_llm.corpus.converters.base import Converted
from sap_llm.corpus.converters.common import clamp_box, normalise_fields
from sap_llm.corpus.record import CorpusRecord, GroundTruth, RecordMetadata

SOURCE = "cord"
CATEGORY_MAP: dict[str, str] = {
    "menu.nm": "li.description",
    "menu.num": "li.material",
    "menu.cnt": "li.quantity",
    "menu.unitprice": "li.unit_price",
    "menu.price": "li.net_amount",
    "menu.discountprice": "li.discount_amount",
    "sub_total.subtotal_price": "net_amount",
    "sub_total.discount_price": "discount_amount",
    "sub_total.service_price": "surcharge_amount",
    "sub_total.tax_price": "tax_amount",
    "total.total_price": "total_amount",
    "total.cashprice": "cash_paid",
    "total.changeprice": "change_amount",
}
SPLITS = {"train": "train", "dev": "val", "validation": "val", "valid": "val", "test": "test"}


def _load(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data.get("ground_truth"), str):  # Hugging Face row
        data = json.loads(data["ground_truth"])
    if not isinstance(data.get("valid_line"), list):
        raise ValueError("no 'valid_line' list")
    return data


def _image_for(path: Path) -> Path | None:
    for folder in (path.parent.parent / "image", path.parent.parent / "images", path.parent):
        for ext in (".png", ".jpg", ".jpeg"):
            candidate = folder / f"{path.stem}{ext}"
            if candidate.is_file():
                return candidate
    return None


def _clean_raw(key: str, text: str) -> str:
    if key == "li.quantity":  # '2x', 'x 2', '2 PCS'
        match = re.search(r"\d+(?:[.,]\d+)?", text)
        return match.group(0) if match else text
    return text.lstrip("@").strip()


def convert_one(path: Path) -> Converted:
    origin = path.name
    try:
        data = _load(path)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, ValueError) as exc:
        return Converted(SOURCE, origin, error=f"not a CORD annotation: {exc}")
    meta = data.get("meta", {})
    size = meta.get("image_size", {})
    all_quads = [w["quad"] for line in data["valid_line"] for w in line.get("words", []) if "quad" in w]
    width = float(size.get("width") or max([q["x2"] for q in all_quads] or [1000]))
    height = float(size.get("height") or max([q["y3"] for q in all_quads] or [1000]))

    tokens = []  # (y, x, text, box, key-or-None, line index, is first value word of its line)
    for n, line in enumerate(data["valid_line"]):
        target = CATEGORY_MAP.get(line.get("category", ""))
        first = True
        for word in line.get("words", []):
            text = str(word.get("text", "")).strip()
            q = word.get("quad")
            if not text or not q:
                continue
            x0, x1 = min(q["x1"], q["x4"]), max(q["x2"], q["x3"])
            y0, y1 = min(q["y1"], q["y2"]), max(q["y3"], q["y4"])
            is_value = target is not None and not word.get("is_key", 0)
            tokens.append(((y0 + y1) / 2, x0, text, clamp_box(x0, y0, x1, y1, width, height),
                           target if is_value else None, n, is_value and first))
            first = first and not is_value
    heights = sorted(t[3][3] - t[3][1] for t in tokens) or [10]
    band = max(1, heights[len(heights) // 2] * 0.6)
    tokens.sort(key=lambda t: (round(t[0] / band), t[1]))

    # values per line, then normalised per field / per item group
    raw_header: dict[str, str] = {}
    groups: dict[Any, dict[str, str]] = {}
    line_text: dict[int, list[str]] = {}
    for t in tokens:
        if t[4]:
            line_text.setdefault(t[5], []).append(t[2])
    for n, parts in line_text.items():
        line = data["valid_line"][n]
        key = CATEGORY_MAP[line["category"]]
        raw = _clean_raw(key, " ".join(parts))
        if key.startswith("li."):
            groups.setdefault(line.get("group_id", n), {}).setdefault(key[3:], raw)
        else:
            raw_header.setdefault(key, raw)
    fields, notes = normalise_fields(raw_header)
    items = []
    for group in groups.values():
        normal, dropped = normalise_fields(group, level="line_item")
        notes += dropped
        if normal:
            items.append(normal)
    kept = {k for k in fields} | {f"li.{k}" for item in items for k in item}
    words, boxes, labels = [], [], []
    for t in tokens:
        words.append(t[2])
        boxes.append(t[3])
        if t[4] and t[4] in kept:
            labels.append(f"{'B' if t[6] else 'I'}-{t[4]}")
        else:
            labels.append("O")
    split = SPLITS.get(str(meta.get("split", "")).lower())
    image = _image_for(path)
    record = CorpusRecord(
        id=f"cord_{path.stem}",
        source=SOURCE,
        document_type="SUPPLIER_INVOICE",
        subtype="RECEIPT",
        image_path=str(image.resolve()) if image else None,
        ocr_text=" ".join(words),
        words=words,
        boxes=boxes,
        labels=labels,
        ground_truth=GroundTruth(fields=fields, line_items=items),
        metadata=RecordMetadata(language="ID", layout="cord_receipt", created_date=dt.date.today().isoformat(),
                                split=split, allowed_splits=[split] if split else None, scanned=True,
                                annotation="partial"),
    )
    values = len(fields) + sum(len(i) for i in items)
    return Converted(SOURCE, origin, record, image or path, 1.0 if values else None, [], notes)


def convert(root: Path, *, limit: int | None = None) -> Iterator[Converted]:
    files = sorted(p for p in root.rglob("*.json") if p.name != "metadata.json")
    if not files:
        raise FileNotFoundError(f"no CORD annotations (*.json) under {root}")
    for n, path in enumerate(files):
        if limit is not None and n >= limit:
            break
        yield convert_one(path)
