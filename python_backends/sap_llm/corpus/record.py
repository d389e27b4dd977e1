"""The unified corpus record: one document with words, boxes, BIO labels and its ADC.

Every source (the synthetic generator, SROIE, invoice2data, FUNSD, CORD) is
converted into this one shape, so that training, evaluation and the corpus
builder read a single format. A record is stored as ``<id>.json``; paths to the
page image / PDF are relative to the record's directory when the file sits
beside it (generated corpora) or absolute when it points into a shared data set
that must not be copied.

Labels are BIO tags aligned one-to-one with ``words``: ``B-<field>`` /
``I-<field>`` for header fields (``B-invoice_number``), ``B-li.<field>`` /
``I-li.<field>`` for line-item columns (``B-li.quantity``), ``O`` otherwise.
Boxes are ``(x0, y0, x1, y1)`` normalised to 0..1000 of their page.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from sap_llm.contract import DOCUMENT_TYPES, SUBTYPES, validate_adc

RECORD_SCHEMA_VERSION = "1.0"
LANGUAGES = ("EN", "DE", "FR", "ES", "IT")
Split = Literal["train", "val", "test"]
_LABEL = re.compile(r"^(O|[BI]-(li\.)?[a-z][a-z0-9_]*)$")


class GroundTruth(BaseModel):
    """The ADC body: header ``fields`` and ``line_items`` in the contract's normal forms."""

    model_config = ConfigDict(extra="forbid")

    fields: dict[str, Any] = Field(default_factory=dict)
    line_items: list[dict[str, Any]] = Field(default_factory=list)


class RecordMetadata(BaseModel):
    """Facts about the document that are not its content. Unknown keys are kept (e.g. chain ids)."""

    model_config = ConfigDict(extra="allow")

    language: str = "EN"  # EN, DE, FR, ES, IT (or another ISO 639-1 code for real data)
    layout: str | None = None  # layout family (generator) or source layout name
    created_date: str | None = None  # ISO date the record was made
    quality_score: float = 1.0  # 0..1, the builder's / generator's judgement
    split: Split | None = None  # set by the builder (or fixed by the source, e.g. SROIE test)
    allowed_splits: list[Split] | None = None  # a source's own split rule (SROIE dev: train/val only)
    annotation: Literal["complete", "partial"] = "complete"  # partial: the source labels only some fields
    scanned: bool = False  # the page image is a scan (or scan-like rendering)
    defects: list[str] = Field(default_factory=list)  # deliberate defects: wrong_total, duplicate_invoice_number...
    page_count: int = 1
    dpi: int | None = None

    @field_validator("language")
    @classmethod
    def _upper(cls, v: str) -> str:
        return v.upper()


class CorpusRecord(BaseModel):
    """One document of a corpus. See the module docstring for the conventions."""

    model_config = ConfigDict(extra="allow")

    schema_version: str = RECORD_SCHEMA_VERSION
    id: str
    source: str  # synthetic | sroie | invoice2data | funsd | cord | ...
    document_type: str
    subtype: str | None = None
    image_path: str | None = None
    pdf_path: str | None = None
    ocr_text: str = ""
    words: list[str] = Field(default_factory=list)
    boxes: list[tuple[int, int, int, int]] = Field(default_factory=list)
    word_pages: list[int] = Field(default_factory=list)  # page index per word; empty = all on page 0
    labels: list[str] = Field(default_factory=list)
    ground_truth: GroundTruth = Field(default_factory=GroundTruth)
    metadata: RecordMetadata = Field(default_factory=RecordMetadata)

    @field_validator("document_type")
    @classmethod
    def _known_type(cls, v: str) -> str:
        if v not in DOCUMENT_TYPES:
            raise ValueError(f"unknown document type {v!r}")
        return v

    @field_validator("boxes")
    @classmethod
    def _boxes_normalised(cls, boxes: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
        for i, (x0, y0, x1, y1) in enumerate(boxes):
            if not (0 <= x0 <= x1 <= 1000 and 0 <= y0 <= y1 <= 1000):
                raise ValueError(f"box {i} {(x0, y0, x1, y1)} is not x0<=x1, y0<=y1 within 0..1000")
        return boxes

    @field_validator("labels")
    @classmethod
    def _bio(cls, labels: list[str]) -> list[str]:
        for i, label in enumerate(labels):
            if not _LABEL.match(label):
                raise ValueError(f"label {i} {label!r} is not O, B-<field>, I-<field>, B-li.<field> or I-li.<field>")
        return labels

    @model_validator(mode="after")
    def _aligned(self) -> CorpusRecord:
        n = len(self.words)
        if len(self.boxes) != n or len(self.labels) != n:
            raise ValueError(f"words ({n}), boxes ({len(self.boxes)}) and labels ({len(self.labels)}) must align")
        if self.word_pages and len(self.word_pages) != n:
            raise ValueError(f"word_pages ({len(self.word_pages)}) must align with words ({n})")
        if self.subtype is not None and self.subtype not in SUBTYPES[self.document_type]:
            raise ValueError(f"unknown subtype {self.subtype!r} for {self.document_type}")
        return self

    # ── the ADC view and its validation ──
    def adc(self) -> dict[str, Any]:
        """The record's ground truth as an ADC object (``document_type``, ``subtype``, ``fields``, ``line_items``)."""
        return {
            "document_type": self.document_type,
            "subtype": self.subtype,
            "fields": self.ground_truth.fields,
            "line_items": self.ground_truth.line_items,
        }

    def ground_truth_errors(self) -> list[str]:
        """Contract violations of the ground truth (empty when it validates against the type's schema)."""
        return validate_adc(self.adc())

    # ── files ──
    def resolve(self, record_dir: str | Path, which: Literal["image", "pdf"] = "image") -> Path | None:
        """Absolute path of the record's image / PDF, given the directory its JSON lives in."""
        rel = self.image_path if which == "image" else self.pdf_path
        if not rel:
            return None
        p = Path(rel)
        return p if p.is_absolute() else Path(record_dir) / p

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.model_dump_json(indent=1, exclude_none=False), encoding="utf-8")
        return path

    @classmethod
    def load(cls, path: str | Path) -> CorpusRecord:
        return cls.model_validate(json.loads(Path(path).read_text(encoding="utf-8")))


def field_of(label: str) -> str | None:
    """``B-li.quantity`` -> ``li.quantity``; ``O`` -> ``None``."""
    return None if label == "O" else label[2:]
