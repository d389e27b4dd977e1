"""Typed records that cross pipeline stages.

They are the contract between stages (and between Triton models, serialised as
JSON in BYTES tensors). Every stage is a pure function from one record to the
next; see ``sap_llm.pipeline`` for the order.

    bytes ─► Document ─► Layout ─► Classification ─► Extraction
          ─► QualityReport ─► ValidationReport ─► RoutingDecision ─► ProcessResult
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"

Status = Literal["touchless", "needs_review", "rejected"]
Severity = Literal["ERROR", "WARNING", "INFO"]
WordSource = Literal["text_layer", "ocr"]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


# ── stage 1: inbox ──────────────────────────────────────────────────────────
class Envelope(Record):
    """The e-mail a document arrived in (for attachments of .eml files)."""

    sender: str | None = None
    subject: str | None = None
    date: str | None = None
    message_id: str | None = None
    attachment_name: str | None = None


class Rejection(Record):
    """Why an input is not a processable document. ``code`` is stable, ``message`` plain."""

    code: str
    message: str
    stage: str = "inbox"
    source: str | None = None
    document_id: str | None = None  # SHA-256 of the bytes, when there were any
    envelope: Envelope | None = None


class Document(Record):
    """One accepted input: its bytes, what they are, and where they came from."""

    document_id: str  # SHA-256 hex of the bytes
    source: str  # file name as given (or attachment name)
    media_type: str  # sniffed from magic bytes: application/pdf, image/png, image/jpeg, image/tiff
    page_count: int
    size_bytes: int
    duplicate: bool = False  # the same bytes were seen before (flagged, never dropped)
    envelope: Envelope | None = None
    data: bytes = Field(default=b"", exclude=True, repr=False)


# ── stage 2: preprocess ─────────────────────────────────────────────────────
class Page(Record):
    index: int  # 0-based
    width: float  # in source units (PDF points, or pixels for images)
    height: float
    dpi: float | None = None  # rendering / scan resolution where pixels are involved
    source: WordSource  # where this page's words came from
    rotation: float = 0.0  # degrees corrected (orientation + deskew)


class Word(Record):
    text: str
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 normalised to 0..1000 of the page
    page: int = 0
    confidence: float = 1.0  # 0..1 (OCR confidence; 1.0 for a text layer)
    source: WordSource = "text_layer"
    line: int = -1  # index into Layout.lines


class Line(Record):
    page: int
    word_indices: list[int]  # indices into Layout.words, left to right
    box: tuple[int, int, int, int]


class Layout(Record):
    """Words with boxes in reading order, per page, plus lines and the detected language."""

    document_id: str
    pages: list[Page]
    words: list[Word]  # in reading order
    lines: list[Line] = Field(default_factory=list)
    language: str = "EN"  # EN, DE, FR, ES, IT (upper case)
    languages: list[str] = Field(default_factory=list)

    @property
    def text(self) -> str:
        if not self.lines:
            return " ".join(w.text for w in self.words)
        return "\n".join(" ".join(self.words[i].text for i in ln.word_indices) for ln in self.lines)


# ── stages 3-4: classify, identify subtype ──────────────────────────────────
class Classification(Record):
    document_type: str
    document_type_probabilities: dict[str, float] = Field(default_factory=dict)
    subtype: str | None = None
    subtype_probabilities: dict[str, float] = Field(default_factory=dict)
    direction: Literal["incoming", "outgoing", "unknown"] = "unknown"
    reasons: list[str] = Field(default_factory=list)


# ── stage 5: extract ────────────────────────────────────────────────────────
class Evidence(Record):
    raw: str  # the text as read on the page
    page: int
    box: tuple[int, int, int, int]
    word_indices: list[int] = Field(default_factory=list)


class Extraction(Record):
    """The ADC: header fields and line items in the contract's normal forms."""

    fields: dict[str, Any] = Field(default_factory=dict)
    line_items: list[dict[str, Any]] = Field(default_factory=list)
    field_confidence: dict[str, float] = Field(default_factory=dict)
    evidence: dict[str, Evidence] = Field(default_factory=dict)
    notes: list[str] = Field(default_factory=list)  # decisions taken after decoding, in plain words


# ── stage 6: quality ────────────────────────────────────────────────────────
class Issue(Record):
    rule_id: str
    severity: Severity
    message: str
    field: str | None = None
    category: str | None = None
    auto_correctable: bool = False


class QualityReport(Record):
    passed: bool
    completeness: float  # share of the type's required fields present, 0..1
    issues: list[Issue] = Field(default_factory=list)


# ── stage 7: validate ───────────────────────────────────────────────────────
class ValidationReport(Record):
    passed: bool
    issues: list[Issue] = Field(default_factory=list)
    rules_evaluated: int = 0


# ── stage 8: route ──────────────────────────────────────────────────────────
class RoutingDecision(Record):
    api: str | None
    entity_set: str | None
    method: str | None = "POST"
    payload: dict[str, Any] = Field(default_factory=dict)
    confidence: float = 0.0
    reasons: list[str] = Field(default_factory=list)
    issues: list[Issue] = Field(default_factory=list)


# ── the whole pipeline's answer (CONTRACT.md, "What process prints") ────────
class ProcessResult(BaseModel):
    model_config = ConfigDict(extra="allow")

    schema_version: str = SCHEMA_VERSION
    document_id: str | None
    source: str
    document_type: str | None = None
    subtype: str | None = None
    language: str | None = None
    fields: dict[str, Any] = Field(default_factory=dict)
    line_items: list[dict[str, Any]] = Field(default_factory=list)
    confidence: dict[str, Any] = Field(default_factory=dict)
    validation: dict[str, Any] = Field(default_factory=lambda: {"passed": False, "issues": []})
    routing: dict[str, Any] | None = None
    status: Status
    error: dict[str, str] | None = None  # {"code": ..., "message": ..., "stage": ...} when rejected
    duplicate: bool = False
    envelope: dict[str, Any] | None = None
    evidence: dict[str, Any] | None = None
    timings_ms: dict[str, float] = Field(default_factory=dict)
