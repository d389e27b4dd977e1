"""What a corpus build is asked to do (``BuildConfig``) and what it tracks per record (``Entry``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sap_llm.corpus.converters.base import Converted
from sap_llm.corpus.record import CorpusRecord

SPLIT_NAMES = ("train", "val", "test")
KNOWN_SOURCES = ("sroie", "invoice2data", "funsd", "cord")


@dataclass(frozen=True)
class SourceSpec:
    name: str
    path: Path


@dataclass
class BuildConfig:
    out_dir: Path
    sources: list[SourceSpec] = field(default_factory=list)
    synthetic: int = 0
    seed: int = 0
    limit: int | None = None  # per source
    min_coverage: float = 0.8
    min_text_chars: int = 20
    max_class_share: float = 0.3
    rebalance: bool = False
    ratios: tuple[float, float, float] = (0.7, 0.15, 0.15)
    workers: int = 1
    ocr_cache: Path | None = None  # default: OUT/cache/ocr (OCR results keyed by image SHA-256)
    # passed to the generator: types, languages, scan_ratio, defect_ratio, profile_path
    synthetic_options: dict[str, Any] = field(default_factory=dict)


@dataclass
class Entry:
    """A record on its way through the build, with what the checks found."""

    converted: Converted
    sha256: str = ""
    coverage: float = 1.0
    missing: list[str] = field(default_factory=list)
    contract_errors: list[str] = field(default_factory=list)
    checks: dict[str, bool] = field(default_factory=dict)
    excluded: str | None = None
    path: Path | None = None  # where the record JSON is written

    @property
    def record(self) -> CorpusRecord:
        assert self.converted.record is not None
        return self.converted.record
