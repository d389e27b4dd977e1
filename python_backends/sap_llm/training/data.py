"""Corpus records for training: loading and the split by *layout family*.

The synthetic test split must hold layout families never trained on, so the
split is decided per family, not per record: a record's
``metadata.layout_split`` wins where the generator set one; otherwise each
family goes to test when a fixed hash of its name says so (about one in five),
keeping at least one family of every document type in training. Validation
(early stopping, temperature calibration) is a fixed 10 % of the training
families' records. SROIE keeps its owners' split: 000–299 train/val, 300–625
test only, never trained on.
"""

from __future__ import annotations

import logging
import zlib
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from pydantic import ValidationError

from sap_llm.corpus.record import CorpusRecord

log = logging.getLogger(__name__)

SPLITS = ("train", "val", "test")


def _hash(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def load_records(dirs: Iterable[str | Path], *, max_docs: int | None = None) -> list[CorpusRecord]:
    """Every ``*.json`` corpus record under the given directories (other JSON files are skipped)."""
    records: list[CorpusRecord] = []
    for d in dirs:
        for path in sorted(Path(d).rglob("*.json")):
            if path.name in {"splits.json", "statistics.json", "label_distribution.json", "manifest.json"}:
                continue
            try:
                record = CorpusRecord.load(path)
            except (ValidationError, ValueError, OSError) as exc:
                log.debug("skip %s: %s", path, exc)
                continue
            record.record_dir = str(path.parent)  # extra key: where its image / PDF are resolved from
            records.append(record)
            if max_docs and len(records) >= max_docs:
                return records
    return records


def family(record: CorpusRecord) -> str:
    return f"{record.source}:{record.metadata.layout or 'unknown'}"


def assign_splits(records: list[CorpusRecord], *, test_share: int = 5, val_share: int = 10) -> dict[str, str]:
    """record id → train | val | test (deterministic)."""
    splits: dict[str, str] = {}
    families_by_type: dict[str, set[str]] = defaultdict(set)
    for r in records:
        if r.source == "synthetic" or r.source not in {"sroie", "invoice2data"}:
            families_by_type[r.document_type].add(family(r))
    test_families = {f for fams in families_by_type.values() for f in fams if _hash(f) % test_share == 0}
    for doc_type, fams in families_by_type.items():
        if fams and fams <= test_families and len(fams) > 1:
            keep = min(fams, key=_hash)
            test_families.discard(keep)
            log.info("type %s: family %s kept in training so the type has one", doc_type, keep)
    for r in records:
        explicit = getattr(r.metadata, "layout_split", None) or (r.metadata.model_extra or {}).get("layout_split")
        if r.source == "sroie":
            number = int(r.id.rsplit("_", 1)[-1]) if r.id.rsplit("_", 1)[-1].isdigit() else 0
            split = "test" if number > 299 else ("val" if _hash(r.id) % val_share == 0 else "train")
        elif r.source == "invoice2data":
            split = "test"  # real invoices: evaluation only
        elif explicit == "test":
            split = "test"
        elif explicit in ("train", "val"):
            # The generator marks families train / test; validation is carved from the train families.
            split = "val" if _hash(r.id) % val_share == 0 else "train"
        elif family(r) in test_families:
            split = "test"
        else:
            split = "val" if _hash(r.id) % val_share == 0 else "train"
        splits[r.id] = split
    return splits


def by_split(records: list[CorpusRecord], split: str, splits: dict[str, str]) -> list[CorpusRecord]:
    return [r for r in records if splits.get(r.id) == split]


def parse_repeats(specs: Iterable[str]) -> dict[str, int]:
    """``["sroie=3"]`` → ``{"sroie": 3}``: how many times each source's training records are seen per epoch."""
    repeats: dict[str, int] = {}
    for spec in specs:
        source, sep, times = spec.partition("=")
        if not sep or not source.strip() or not times.strip().isdigit() or int(times) < 1:
            raise ValueError(f"--repeat takes SOURCE=TIMES with TIMES >= 1 (e.g. sroie=3), not {spec!r}")
        repeats[source.strip()] = int(times)
    return repeats


def repeat_sources(records: list[CorpusRecord], repeats: dict[str, int]) -> list[CorpusRecord]:
    """Training records with those of the named sources repeated (a few hundred real receipts would otherwise
    be lost among tens of thousands of generated pages); other sources once, order kept."""
    return [r for r in records for _ in range(repeats.get(r.source, 1))]
