"""The 8-stage pipeline: one registry of named stage callables, run in order, timed, never raising.

    bytes ─► inbox ─► preprocess ─► classify ─► extract ─► quality ─► validate ─► route ─► (history)

The registry (``STAGES``, like spaCy's pipeline components) is the single place that says which
function runs for a stage and how its inputs come out of / its output goes into a ``DocumentState``.
The Triton stage models in ``model_repository/`` call ``run_stage(name, state, runtime)`` on a state
received as JSON, and ``Pipeline`` calls the very same function in-process, so ``--local`` and the
server produce identical ADCs.

A ``StageError`` or any unexpected exception inside a stage ends that document's run with a
``rejected`` result carrying ``error {code, message, stage}``; other documents are untouched.
"""

from __future__ import annotations

import base64
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from sap_llm.errors import StageError
from sap_llm.records import (
    Classification,
    Document,
    Extraction,
    Layout,
    ProcessResult,
    QualityReport,
    Rejection,
    RoutingDecision,
    ValidationReport,
)
from sap_llm.runtime import Runtime

log = logging.getLogger(__name__)

INBOX = "inbox"
#: stages run per accepted document, in order (inbox fans one input out into documents first)
DOCUMENT_STAGES: tuple[str, ...] = ("preprocess", "classify", "extract", "quality", "validate", "route")
ALL_STAGES: tuple[str, ...] = (INBOX, *DOCUMENT_STAGES)


class PipelineOptions(BaseModel):
    """Per-request options (the ``OPTIONS`` JSON of a Triton request)."""

    model_config = ConfigDict(extra="ignore")

    record_history: bool = True  # write the result into the document history after routing
    include_evidence: bool = True  # raw text + page + box per field in the result
    today: str | None = None  # ISO date the date rules compare against (default: the real today)


class DocumentState(BaseModel):
    """Everything known about one document so far; what travels between stage models as JSON."""

    model_config = ConfigDict(extra="forbid")

    document: Document
    data_b64: str | None = None  # the document's bytes, only while a later stage still needs them
    options: PipelineOptions = Field(default_factory=PipelineOptions)
    layout: Layout | None = None
    classification: Classification | None = None
    extraction: Extraction | None = None
    quality: QualityReport | None = None
    validation: ValidationReport | None = None
    routing: RoutingDecision | None = None
    status: str | None = None
    status_reasons: list[str] = Field(default_factory=list)
    error: dict[str, str] | None = None
    warnings: list[str] = Field(default_factory=list)
    timings_ms: dict[str, float] = Field(default_factory=dict)

    @classmethod
    def start(cls, document: Document, options: PipelineOptions | None = None) -> DocumentState:
        return cls(document=document, options=options or PipelineOptions())

    @property
    def data(self) -> bytes:
        """The document's bytes (kept on the record in-process, base64 in JSON between models)."""
        if self.document.data:
            return self.document.data
        if self.data_b64:
            return base64.b64decode(self.data_b64)
        return b""

    def to_json(self, *, with_data: bool = False) -> str:
        if with_data and self.document.data and not self.data_b64:
            self.data_b64 = base64.b64encode(self.document.data).decode("ascii")
        elif not with_data:
            self.data_b64 = None
        return self.model_dump_json()

    @classmethod
    def from_json(cls, text: str | bytes) -> DocumentState:
        state = cls.model_validate_json(text)
        if state.data_b64:
            state.document.data = base64.b64decode(state.data_b64)
        return state

    @property
    def finished(self) -> bool:
        return self.error is not None or self.status is not None


# ── the registry ────────────────────────────────────────────────────────────
StageFn = Callable[[DocumentState, Runtime], None]


@dataclass(frozen=True)
class StageSpec:
    name: str
    run: StageFn
    needs_bytes: bool = False  # whether the document's bytes must travel with the state to this stage


STAGES: dict[str, StageSpec] = {}


def register_stage(name: str, *, needs_bytes: bool = False) -> Callable[[StageFn], StageFn]:
    """Register ``fn(state, runtime)`` as the implementation of stage ``name`` (last one wins)."""

    def decorator(fn: StageFn) -> StageFn:
        STAGES[name] = StageSpec(name, fn, needs_bytes)
        return fn

    return decorator


def _require(value: Any, stage: str, what: str) -> Any:
    if value is None:
        raise StageError("missing_input", f"stage {stage} needs the {what}, which no earlier stage produced", stage)
    return value


@register_stage("preprocess", needs_bytes=True)
def _preprocess(state: DocumentState, rt: Runtime) -> None:
    from sap_llm.preprocess import preprocess

    state.layout = preprocess(state.document, settings=rt.settings)
    state.document.data = b""  # no later stage reads the bytes: free them
    state.data_b64 = None


@register_stage("classify")
def _classify(state: DocumentState, rt: Runtime) -> None:
    from sap_llm.classify import classify

    layout = _require(state.layout, "classify", "layout")
    state.classification = classify(layout, profile=rt.profile, models=rt.models)


@register_stage("extract")
def _extract(state: DocumentState, rt: Runtime) -> None:
    from sap_llm.extract import extract

    layout = _require(state.layout, "extract", "layout")
    classification = _require(state.classification, "extract", "classification")
    state.extraction = extract(layout, classification, models=rt.models, profile=rt.profile)


@register_stage("quality")
def _quality(state: DocumentState, rt: Runtime) -> None:
    from sap_llm.quality import check

    extraction = _require(state.extraction, "quality", "extraction")
    classification = _require(state.classification, "quality", "classification")
    state.quality = check(extraction, classification, thresholds=rt.settings.thresholds)


@register_stage("validate")
def _validate(state: DocumentState, rt: Runtime) -> None:
    import datetime as dt

    from sap_llm.validate import ValidationContext, validate

    extraction = _require(state.extraction, "validate", "extraction")
    classification = _require(state.classification, "validate", "classification")
    today = dt.date.fromisoformat(state.options.today) if state.options.today else None
    try:
        kb = rt.kb
    except StageError as exc:  # validation falls back to the packaged rule catalogue; routing will need the KB
        kb = None
        state.warnings.append(f"validated without the knowledge base: {exc.message}")
    context = ValidationContext(
        profile=rt.profile,
        history=rt.history,
        kb=kb,
        today=today,
        document_id=state.document.document_id,
        thresholds=rt.settings.thresholds,
    )
    with rt.history_lock:
        state.validation = validate(extraction, classification, context=context)


def _enrich_from_history(extraction: Extraction, classification: Classification, rt: Runtime,
                         ) -> tuple[Extraction, list[str]]:  # fmt: skip
    """PO item numbers for an invoice's lines from its purchase order in the history (the payload only)."""
    from sap_llm.route.enrich import extraction_for_payload

    def find_purchase_order(po_number: str) -> Any:
        with rt.history_lock:
            return rt.history.find_purchase_order(po_number)

    try:
        return extraction_for_payload(extraction, classification.document_type, find_purchase_order)
    except StageError:  # no history: the payload check reports the missing PO items
        return extraction, []


@register_stage("route")
def _route(state: DocumentState, rt: Runtime) -> None:
    from sap_llm.route import decide_status, route

    extraction = _require(state.extraction, "route", "extraction")
    classification = _require(state.classification, "route", "classification")
    quality = _require(state.quality, "route", "quality report")
    validation = _require(state.validation, "route", "validation report")
    extraction, notes = _enrich_from_history(extraction, classification, rt)
    state.routing = route(extraction, classification, quality, validation, kb=rt.kb, profile=rt.profile, notes=notes)
    status, reasons = decide_status(quality, validation, state.routing, classification,
                                    thresholds=rt.settings.thresholds)
    state.status = status
    state.status_reasons = list(reasons)


# ── running stages ──────────────────────────────────────────────────────────
def _error(code: str, message: str, stage: str) -> dict[str, str]:
    return {"code": code, "message": message, "stage": stage}


def run_stage(name: str, state: DocumentState, runtime: Runtime) -> DocumentState:
    """Run one registered stage on ``state`` in place, timing it; never raises for a document's fault.

    A ``StageError`` becomes ``state.error`` with the error's code; any other exception becomes
    ``internal_error`` with the exception's type and message (and is logged with its traceback).
    """
    if state.finished:
        return state
    spec = STAGES.get(name)
    started = time.perf_counter()
    try:
        if spec is None:
            raise StageError("unknown_stage", f"no stage named {name!r} is registered", name)
        spec.run(state, runtime)
    except StageError as exc:
        state.error = _error(exc.code, exc.message, exc.stage or name)
    except ImportError as exc:  # the stage's package is missing from this build
        state.error = _error("stage_unavailable", f"stage {name} is not available in this build: {exc}", name)
    except Exception as exc:
        log.exception("stage %s failed on %s", name, state.document.source)
        state.error = _error("internal_error", f"{type(exc).__name__}: {exc}", name)
    finally:
        state.timings_ms[name] = round((time.perf_counter() - started) * 1000.0, 3)
    return state


def run_intake(data: bytes, source: str, runtime: Runtime) -> tuple[list[Document | Rejection], float]:
    """Stage 1 on raw bytes: accepted documents and rejections, plus the stage's time in ms."""
    from sap_llm.inbox import intake

    started = time.perf_counter()
    try:
        items: list[Document | Rejection] = list(
            intake(data, source, limits=runtime.settings.limits, seen=runtime.seen)
        )
    except StageError as exc:
        items = [Rejection(code=exc.code, message=exc.message, stage=exc.stage or INBOX, source=source)]
    except Exception as exc:
        log.exception("inbox failed on %s", source)
        items = [
            Rejection(code="internal_error", message=f"{type(exc).__name__}: {exc}", stage=INBOX, source=source)
        ]
    return items, round((time.perf_counter() - started) * 1000.0, 3)


def record_history(state: DocumentState, result: ProcessResult, runtime: Runtime) -> None:
    """Remember a routed document in the history (duplicates, three-way match); a failure only warns."""
    if not state.options.record_history or state.error is not None:
        return
    started = time.perf_counter()
    try:
        with runtime.history_lock:
            runtime.history.record(result)
    except StageError as exc:
        state.warnings.append(f"history not recorded: {exc.message}")
    except Exception as exc:
        log.exception("recording %s in the history failed", state.document.source)
        state.warnings.append(f"history not recorded: {type(exc).__name__}: {exc}")
    finally:
        state.timings_ms["history"] = round((time.perf_counter() - started) * 1000.0, 3)


# ── results in the contract's shape ─────────────────────────────────────────
def rejection_result(rejection: Rejection, source: str, inbox_ms: float) -> ProcessResult:
    return ProcessResult(
        document_id=rejection.document_id,
        source=rejection.source or source,
        status="rejected",
        error=_error(rejection.code, rejection.message, rejection.stage),
        envelope=rejection.envelope.model_dump(exclude_none=True) if rejection.envelope else None,
        timings_ms={INBOX: inbox_ms},
    )


def build_result(state: DocumentState) -> ProcessResult:
    """The CONTRACT.md "What process prints" object for one document's final state."""
    doc = state.document
    cls = state.classification
    ext = state.extraction
    confidence: dict[str, Any] = {}
    if cls is not None:
        confidence["document_type"] = cls.document_type_probabilities.get(cls.document_type)
        if cls.subtype is not None:
            confidence["subtype"] = cls.subtype_probabilities.get(cls.subtype)
    if ext is not None:
        confidence["fields"] = dict(ext.field_confidence)
    validation: dict[str, Any] = {"passed": False, "issues": []}
    if state.validation is not None:
        validation = state.validation.model_dump(exclude_none=True)
    status = "rejected" if state.error is not None else (state.status or "needs_review")
    extra: dict[str, Any] = {}
    if state.quality is not None:
        extra["quality"] = state.quality.model_dump(exclude_none=True)
    if state.status_reasons:
        extra["reasons"] = list(state.status_reasons)
    if state.warnings:
        extra["warnings"] = list(state.warnings)
    if ext is not None and ext.notes:
        extra["extraction_notes"] = list(ext.notes)
    if cls is not None:
        extra["direction"] = cls.direction
    return ProcessResult(
        document_id=doc.document_id,
        source=doc.source,
        document_type=cls.document_type if cls else None,
        subtype=cls.subtype if cls else None,
        language=state.layout.language if state.layout else None,
        fields=dict(ext.fields) if ext else {},
        line_items=list(ext.line_items) if ext else [],
        confidence=confidence,
        validation=validation,
        routing=state.routing.model_dump(exclude_none=True) if state.routing else None,
        status=status,
        error=state.error,
        duplicate=doc.duplicate,
        envelope=doc.envelope.model_dump(exclude_none=True) if doc.envelope else None,
        evidence=(
            {k: v.model_dump() for k, v in ext.evidence.items()}
            if ext is not None and state.options.include_evidence and ext.evidence
            else None
        ),
        timings_ms=dict(state.timings_ms),
        **extra,
    )


# ── the flow, shared by the in-process pipeline and the Triton pipeline model ──
IntakeFn = Callable[[bytes, str], "tuple[list[Document | Rejection], float]"]
RunFn = Callable[[str, DocumentState], DocumentState]
RecordFn = Callable[[DocumentState, ProcessResult], None]


def finish_document(
    document: Document,
    options: PipelineOptions,
    inbox_ms: float | None,
    *,
    run: RunFn,
    record: RecordFn,
    stages: Iterable[str] = DOCUMENT_STAGES,
) -> ProcessResult:
    """Run ``stages`` on one document with ``run`` (in-process or a Triton call), then record it."""
    state = DocumentState.start(document, options)
    if inbox_ms is not None:
        state.timings_ms[INBOX] = inbox_ms
    for name in stages:
        if state.finished:
            break  # a stage rejected the document: nothing later can help
        state = run(name, state)
    result = build_result(state)
    record(state, result)
    if "history" in state.timings_ms:
        result.timings_ms["history"] = state.timings_ms["history"]
    if state.warnings:
        result.warnings = list(state.warnings)
    return result


def run_flow(
    data: bytes,
    source: str,
    options: PipelineOptions | dict[str, Any] | None,
    *,
    intake: IntakeFn,
    run: RunFn,
    record: RecordFn,
    stages: Iterable[str] = DOCUMENT_STAGES,
) -> list[ProcessResult]:
    """The whole flow for one input: intake fans out, rejections short-cut, documents run the stages."""
    started = time.perf_counter()
    opts = options if isinstance(options, PipelineOptions) else PipelineOptions.model_validate(options or {})
    items, inbox_ms = intake(data, source)
    results: list[ProcessResult] = []
    for item in items:
        if isinstance(item, Rejection):
            results.append(rejection_result(item, source, inbox_ms))
        else:
            results.append(finish_document(item, opts, inbox_ms, run=run, record=record, stages=stages))
    total_ms = round((time.perf_counter() - started) * 1000.0, 3)
    for result in results:
        result.timings_ms["total"] = total_ms  # wall time of the whole input (all its documents)
    return results


# ── the in-process pipeline ─────────────────────────────────────────────────
class Pipeline:
    """All stages in-process; the same stage functions the Triton models run.

    ``Pipeline(settings, profile)`` builds its own ``Runtime``; pass ``runtime=`` to share one.
    """

    def __init__(
        self,
        settings: Any | None = None,
        profile: Any | None = None,
        *,
        runtime: Runtime | None = None,
        stages: Iterable[str] = DOCUMENT_STAGES,
    ) -> None:
        self.runtime = runtime or Runtime(settings, profile)
        self.stages = tuple(stages)

    def process_bytes(
        self, data: bytes, source: str, options: PipelineOptions | dict[str, Any] | None = None
    ) -> list[ProcessResult]:
        """One result per document in ``data`` (an .eml yields one per attachment); never raises."""
        return run_flow(
            data,
            source,
            options,
            intake=lambda d, s: run_intake(d, s, self.runtime),
            run=lambda name, state: run_stage(name, state, self.runtime),
            record=lambda state, result: record_history(state, result, self.runtime),
            stages=self.stages,
        )

    def process_document(
        self, document: Document, options: PipelineOptions | None = None, *, inbox_ms: float | None = None
    ) -> ProcessResult:
        """Stages 2-8 (+ history) on one accepted document."""
        return finish_document(
            document,
            options or PipelineOptions(),
            inbox_ms,
            run=lambda name, state: run_stage(name, state, self.runtime),
            record=lambda state, result: record_history(state, result, self.runtime),
            stages=self.stages,
        )

    def process_path(self, path: str | Path, options: PipelineOptions | dict[str, Any] | None = None) -> list[ProcessResult]:
        """Process one file; an unreadable file is a ``rejected`` result, not an exception."""
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            return [unreadable_result(path, exc)]
        return self.process_bytes(data, path.name, options)


def unreadable_result(path: Path, exc: OSError) -> ProcessResult:
    return ProcessResult(
        document_id=None,
        source=path.name,
        status="rejected",
        error=_error("unreadable", f"cannot read {path}: {exc.strerror or exc}", INBOX),
    )


def iter_input_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named, and every file under folders named (recursively, sorted, hidden files skipped)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not any(part.startswith(".") for part in child.relative_to(path).parts):
                    yield child
        else:
            yield path
