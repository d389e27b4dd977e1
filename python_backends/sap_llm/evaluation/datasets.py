"""Ground-truth loaders: each evaluation set becomes a list of :class:`EvalItem`.

Three formats:

* ``corpus`` — the project's record format (``sap_llm.corpus.record``: ``<id>.json``
  with ``ground_truth``, ``metadata``, ``pdf_path`` / ``image_path``); the split
  comes from ``splits.json`` when present, else ``metadata.split`` (or
  ``metadata.layout_split``). A scanned record (``metadata.scanned``) with both a
  PDF and its scan image yields two items, ``digital`` and ``scan``, so both
  headline figures can be measured.
* ``sroie`` — ICDAR 2019 SROIE task 3 (``img/NNN.jpg`` + ``key/NNN.json``);
  ``dev`` = 000–299, ``test`` = 300–625 (fixed, see datasets/README.md).
* ``invoice2data`` — invoice2data's ``tests/compare`` set (``NAME.json`` + the
  document, PDF preferred over an image; the text-only sample is skipped).

Ground truth of SROIE and invoice2data goes through the corpus converters'
mappings (``sap_llm.corpus.converters``), so training and evaluation read the
labels the same way. Only the fields a set annotates are scored
(``scored_fields``); a value we extract that the set does not annotate is
neither right nor wrong.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from sap_llm.evaluation.normalize import is_empty, norm_amount, norm_date

Variant = Literal["digital", "scan"]
FORMATS = ("corpus", "sroie", "invoice2data")

SROIE_SPLITS = {"dev": range(0, 300), "test": range(300, 626)}
# PDF first (the original); a text-only sample (Orlen.txt) is not a document the product accepts.
_I2D_DOCUMENT_SUFFIXES = (".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
_CORPUS_NON_RECORDS = {"splits.json", "statistics.json", "label_distribution.json", "manifest.json"}


class DatasetError(ValueError):
    """The data directory does not hold the format asked for."""


@dataclass
class Expected:
    """What a correct pipeline returns for one document (contract names, normal forms)."""

    document_type: str | None
    subtype: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    line_items: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class EvalItem:
    """One document to run and the truth to judge it by."""

    item_id: str
    path: Path
    dataset: str
    expected: Expected
    variant: Variant = "digital"
    scored_fields: frozenset[str] | None = None  # None: every field either side has
    line_item_columns: frozenset[str] | None = None  # None: every column either side has
    score_line_items: bool = True
    language: str | None = None
    layout: str | None = None
    raw_truth: dict[str, Any] = field(default_factory=dict)  # the set's own labels (SROIE strict scoring)
    defects: list[str] = field(default_factory=list)
    # The date the document is processed "on" (date rules compare against it): a generated
    # document's creation date, so that a 2024 invoice is not judged as two years old; None = today.
    today: str | None = None


def load_items(data_dir: Path, fmt: str, split: str | None = None, limit: int | None = None) -> list[EvalItem]:
    """The items of ``data_dir`` in format ``fmt`` (one of :data:`FORMATS`), sorted by id."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise DatasetError(f"data directory not found: {data_dir}")
    loaders = {"corpus": load_corpus, "sroie": load_sroie, "invoice2data": load_invoice2data}
    if fmt not in loaders:
        raise DatasetError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    items = loaders[fmt](data_dir, split)
    if not items:
        raise DatasetError(f"no {fmt} documents found in {data_dir} (split {split or 'all'})")
    return items[:limit] if limit else items


# ── SROIE ───────────────────────────────────────────────────────────────────
def sroie_expected(key: dict[str, Any]) -> Expected:
    """SROIE labels in contract form: a receipt is a SUPPLIER_INVOICE of subtype RECEIPT.

    The mapping and normal forms are the corpus converter's (``sap_llm.corpus.converters.sroie``).
    Where its normaliser drops one of the four official values (it does not read
    ``RM 3.90`` or ``20180304``), the value is kept in this module's own normal form
    instead, so every labelled entity is scored.
    """
    from sap_llm.corpus.converters.common import normalise_fields
    from sap_llm.corpus.converters.sroie import MAPPING

    raw = {MAPPING[k]: " ".join(str(v).split()) for k, v in key.items() if k in MAPPING and not is_empty(v)}
    fields, _dropped = normalise_fields(raw)
    for name, value in raw.items():
        if name not in fields:
            if name == "invoice_date":
                fields[name] = norm_date(value) or value
            elif name == "total_amount":
                number = norm_amount(value)
                fields[name] = round(number, 2) if number is not None else value
            else:
                fields[name] = value
    return Expected("SUPPLIER_INVOICE", "RECEIPT", fields, [])


def _sroie_mapping() -> dict[str, str]:
    from sap_llm.corpus.converters.sroie import MAPPING

    return dict(MAPPING)


def load_sroie(data_dir: Path, split: str | None) -> list[EvalItem]:
    if split not in (None, "all", *SROIE_SPLITS):
        raise DatasetError(f"SROIE splits are dev (000-299) and test (300-625), not {split!r}")
    wanted = SROIE_SPLITS.get(split or "all", range(0, 100_000))
    key_dir, img_dir = data_dir / "key", data_dir / "img"
    if not key_dir.is_dir() or not img_dir.is_dir():
        raise DatasetError(f"{data_dir} has no key/ and img/ folders (SROIE layout)")
    items: list[EvalItem] = []
    for key_path in sorted(key_dir.glob("*.json")):
        if not key_path.stem.isdigit() or int(key_path.stem) not in wanted:
            continue
        image = next((p for p in sorted(img_dir.glob(f"{key_path.stem}.*"))), None)
        if image is None:
            continue
        key = json.loads(key_path.read_text(encoding="utf-8"))
        items.append(
            EvalItem(
                item_id=f"sroie-{key_path.stem}",
                path=image,
                dataset="sroie",
                expected=sroie_expected(key),
                variant="scan",
                scored_fields=frozenset(_sroie_mapping().values()),
                score_line_items=False,
                language="EN",
                raw_truth={k: key.get(k) for k in _sroie_mapping()},
            )
        )
    return items


# ── invoice2data ────────────────────────────────────────────────────────────
def i2d_expected(truth: dict[str, Any]) -> Expected:
    """invoice2data's labels through the corpus converter's mapping and normalisation
    (``sap_llm.corpus.converters.invoice2data``); values it cannot normalise are not scored."""
    from sap_llm.corpus.converters.common import normalise_fields
    from sap_llm.corpus.converters.invoice2data import map_values

    header_raw, items_raw, _notes = map_values(truth)
    fields, _dropped = normalise_fields(header_raw)
    rows = []
    for item in items_raw:
        normal, _ = normalise_fields(item, level="line_item")
        if normal.get("description"):
            rows.append(normal)
    return Expected("SUPPLIER_INVOICE", "STANDARD_INVOICE", fields, rows)


def load_invoice2data(data_dir: Path, split: str | None) -> list[EvalItem]:
    items: list[EvalItem] = []
    for truth_path in sorted(data_dir.glob("*.json")):
        document = next(
            (truth_path.with_suffix(s) for s in _I2D_DOCUMENT_SUFFIXES if truth_path.with_suffix(s).exists()),
            None,
        )
        if document is None:
            continue
        raw = json.loads(truth_path.read_text(encoding="utf-8"))
        truth = raw[0] if isinstance(raw, list) and raw else raw
        if not isinstance(truth, dict):
            continue
        expected = i2d_expected(truth)
        columns = frozenset(c for row in expected.line_items for c in row)
        items.append(
            EvalItem(
                item_id=f"i2d-{truth_path.stem}",
                path=document,
                dataset="invoice2data",
                expected=expected,
                variant="digital" if document.suffix == ".pdf" else "scan",
                scored_fields=frozenset(expected.fields),
                line_item_columns=columns or None,
                score_line_items=bool(expected.line_items),
                raw_truth=truth,
            )
        )
    return items


# ── the project's corpus ────────────────────────────────────────────────────
def _split_ids(data_dir: Path, split: str) -> set[str] | None:
    splits_path = data_dir / "splits.json"
    if not splits_path.exists():
        return None
    splits = json.loads(splits_path.read_text(encoding="utf-8"))
    aliases = {"val": ("val", "validation", "dev"), "validation": ("val", "validation", "dev"),
               "dev": ("dev", "val", "validation")}  # fmt: skip
    for name in aliases.get(split, (split,)):
        if name in splits:
            value = splits[name]
            return {str(v) for v in (value.keys() if isinstance(value, dict) else value)}
    raise DatasetError(f"split {split!r} not in {splits_path} (has {', '.join(splits)})")


def _record_split(record: dict[str, Any]) -> str | None:
    meta = record.get("metadata") or {}
    return meta.get("split") or meta.get("layout_split") or record.get("split")


def _defects(record: dict[str, Any]) -> list[str]:
    meta = record.get("metadata") or {}
    raw = meta.get("defects", record.get("defects")) or []
    if isinstance(raw, dict):
        raw = [k for k, v in raw.items() if v]
    if isinstance(raw, str):
        raw = [raw]
    return [str(d.get("kind", d.get("type", d))) if isinstance(d, dict) else str(d) for d in raw]


def _resolve(record_path: Path, relative: Any) -> Path | None:
    if not relative:
        return None
    path = Path(str(relative))
    return path if path.is_absolute() else record_path.parent / path


def _variant_files(record_path: Path, record: dict[str, Any]) -> list[tuple[Variant, Path]]:
    """The born-digital PDF (``pdf_path`` or ``<id>.pdf``) and, for scanned records, the scan image."""
    stem = record_path.with_suffix("")
    files: list[tuple[Variant, Path]] = []
    pdf = _resolve(record_path, record.get("pdf_path")) or stem.with_suffix(".pdf")
    if pdf.exists() and pdf.suffix.lower() == ".pdf":
        files.append(("digital", pdf))
    meta = record.get("metadata") or {}
    if meta.get("scanned") is False:
        return files  # its image (if any) is a clean rendering of the PDF, not a scan
    candidates = [_resolve(record_path, record.get("image_path"))]
    candidates += [stem.with_suffix(s) for s in (".png", ".jpg", ".tif")]
    for path in candidates:
        if path is not None and path.suffix.lower() in _IMAGE_SUFFIXES and path.exists():
            files.append(("scan", path))
            break
    return files


def corpus_expected(record: dict[str, Any]) -> Expected:
    truth = record.get("ground_truth") or {}
    return Expected(
        document_type=truth.get("document_type") or record.get("document_type"),
        subtype=truth.get("subtype") or record.get("subtype"),
        fields=dict(truth.get("fields") or {}),
        line_items=[dict(r) for r in truth.get("line_items") or [] if isinstance(r, dict)],
    )


def _corpus_record_paths(data_dir: Path) -> Iterable[Path]:
    for path in sorted(data_dir.rglob("*.json")):
        if path.name not in _CORPUS_NON_RECORDS and not path.name.startswith("."):
            yield path


def load_corpus(
    data_dir: Path, split: str | None, variants: Iterable[Variant] = ("digital", "scan")
) -> list[EvalItem]:
    wanted_variants = set(variants)
    ids = _split_ids(data_dir, split) if split and split != "all" else None
    items: list[EvalItem] = []
    for record_path in _corpus_record_paths(data_dir):
        try:
            record = json.loads(record_path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            continue
        if not isinstance(record, dict) or "ground_truth" not in record:
            continue
        record_id = str(record.get("id") or record_path.stem)
        if split and split != "all":
            if ids is not None and record_id not in ids and record_path.stem not in ids:
                continue
            if ids is None and _record_split(record) != split:
                continue
        meta = record.get("metadata") or {}
        for variant, path in _variant_files(record_path, record):
            if variant not in wanted_variants:
                continue
            items.append(
                EvalItem(
                    item_id=record_id if variant == "digital" else f"{record_id}#scan",
                    path=path,
                    dataset="corpus",
                    expected=corpus_expected(record),
                    variant=variant,
                    language=meta.get("language"),
                    layout=meta.get("layout"),
                    defects=_defects(record),
                    today=meta.get("created_date") if record.get("source", "synthetic") == "synthetic" else None,
                )
            )
    return items


def safe_item_name(item_id: str) -> str:
    """A file-system-safe form of an item id (for artefacts named after items)."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", item_id)
