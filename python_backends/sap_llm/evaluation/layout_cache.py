"""A cache of preprocessed layouts, so the slow OCR of an evaluation set can run ahead of the models.

OCR dominates the cost of a scanned set (SROIE: seconds per receipt on this
machine) and does not depend on the trained models. ``sap-llm eval
--prefetch-layouts --layout-cache DIR`` runs stages 1-2 (the pipeline's own
``preprocess`` stage) and stores each layout with the stage's measured wall
time and CPU seconds; a later evaluation with the same ``--layout-cache`` uses
the stored layout instead of running the stage again, and books the stored
time and CPU to the document, so latency and cost still include the OCR.

Each entry records a hash of the preprocess package's source: the report says
how many layouts came from a different preprocess source than the one
installed (the cache is only as current as that). The corpus converters share
the cache; they read receipts on parallel threads, where the process's CPU
time is not one layout's, so their entries carry ``cpu_s = None`` and the
evaluation reads such a layout again to measure its cost.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sap_llm.records import Layout


@lru_cache(maxsize=1)
def preprocess_source_hash() -> str:
    """SHA-256 over the preprocess package's Python sources (empty string when it is not installed)."""
    try:
        import sap_llm.preprocess as package
    except ImportError:
        return ""
    digest = hashlib.sha256()
    for path in sorted(Path(package.__path__[0]).rglob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass
class CachedLayout:
    layout: Layout
    preprocess_ms: float
    cpu_s: float | None  # None: not measured (written by a converter's parallel workers)
    source_hash: str


class LayoutCache:
    """Layouts by document id (SHA-256 of the bytes) under ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.hits = 0
        self.stale_hits = 0

    def _path(self, document_id: str) -> Path:
        return self.root / f"{document_id}.json"

    def get(self, document_id: str, *, measured_only: bool = False) -> CachedLayout | None:
        """The cached layout, or None; with ``measured_only`` also None for an entry whose CPU was not measured
        (the evaluation books each layout's cost, so it reads such a document again)."""
        path = self._path(document_id)
        if not path.exists():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entry = CachedLayout(
                layout=Layout.model_validate(data["layout"]),
                preprocess_ms=float(data["preprocess_ms"]),
                cpu_s=None if data["cpu_s"] is None else float(data["cpu_s"]),
                source_hash=str(data.get("source_hash", "")),
            )
        except (ValueError, KeyError, TypeError):
            return None  # a torn or outdated entry is recomputed
        if measured_only and entry.cpu_s is None:
            return None
        self.hits += 1
        self.stale_hits += int(entry.source_hash != preprocess_source_hash())
        return entry

    def has_file(self, path: Path) -> bool:
        """Whether the layout of the document in ``path`` (id = SHA-256 of its bytes) is cached."""
        return self._path(hashlib.sha256(path.read_bytes()).hexdigest()).exists()

    def describe(self, paths: list[Path]) -> str | None:
        """One sentence on how many of ``paths`` have cached layouts and from which preprocess source."""
        cached = stale = 0
        current = preprocess_source_hash()
        for path in paths:
            entry = self._path(hashlib.sha256(path.read_bytes()).hexdigest())
            if entry.exists():
                cached += 1
                try:
                    stale += int(json.loads(entry.read_text(encoding="utf-8")).get("source_hash") != current)
                except ValueError:
                    continue
        if not cached:
            return None
        return (
            f"OCR layouts of {cached} of {len(paths)} documents came from the layout cache (prefetched before the "
            f"models were installed; their stage-2 time and CPU are booked to each document); {stale} of them "
            f"were made by an earlier revision of the preprocess package than the one installed now"
        )

    def put(self, document_id: str, layout: Layout, preprocess_ms: float, cpu_s: float | None) -> None:
        payload = {
            "layout": layout.model_dump(mode="json"),
            "preprocess_ms": preprocess_ms,
            "cpu_s": cpu_s,
            "source_hash": preprocess_source_hash(),
        }
        tmp = self._path(document_id).with_suffix(".tmp")
        tmp.write_text(json.dumps(payload), encoding="utf-8")
        tmp.replace(self._path(document_id))
