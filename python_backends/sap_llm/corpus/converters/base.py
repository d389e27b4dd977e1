"""What every converter yields: a record plus the file whose bytes identify the document."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sap_llm.corpus.record import CorpusRecord


@dataclass
class Converted:
    """One converted document, or the reason it could not be converted (``record`` is None)."""

    source: str
    origin: str  # the source file it came from (for the report)
    record: CorpusRecord | None = None
    content_path: Path | None = None  # image / PDF whose SHA-256 deduplicates
    coverage: float | None = None  # share of ground-truth values found as labelled spans
    missing: list[str] = field(default_factory=list)  # ground-truth keys not found on the page
    notes: list[str] = field(default_factory=list)  # dropped values and other remarks
    error: str | None = None
    record_path: Path | None = None  # where the record JSON already lives (generated corpora)
