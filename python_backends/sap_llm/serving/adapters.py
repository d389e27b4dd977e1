"""The pb_utils-free half of every Triton model: JSON bytes ↔ records ↔ the pipeline's stage functions.

Triton models in ``model_repository/`` only move tensors in and out; everything they do with the
bytes is here, importable and testable without a server:

- ``intake_to_json``: stage 1 on a request's bytes → a JSON list of items, each either
  ``{"state": <DocumentState>}`` (an accepted document, its bytes base64 inside) or
  ``{"result": <ProcessResult>}`` (a rejection, already in the contract's shape);
- ``stage_to_json``: one named stage on a ``DocumentState`` JSON → the updated state JSON;
- ``items_from_json`` / ``results_to_json``: the other direction, and the response body
  (one JSON object, or a JSON array when an .eml yields several documents);
- ``pad_and_stack`` / ``split_outputs``: dynamic batching of ONNX inputs of different lengths.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import numpy as np

from sap_llm.errors import StageError
from sap_llm.pipeline import (
    DocumentState,
    PipelineOptions,
    ProcessResult,
    rejection_result,
    run_intake,
    run_stage,
)
from sap_llm.records import Document, Rejection
from sap_llm.runtime import Runtime

#: the largest ``DOCUMENT`` a request may carry is the inbox's limit; this is only the JSON options' cap
MAX_OPTIONS_BYTES = 64 * 1024


def first_bytes(array: Any | None) -> bytes | None:
    """The first element of a BYTES tensor as ``bytes`` (None when the tensor is absent or empty)."""
    if array is None:
        return None
    flat = np.asarray(array, dtype=object).reshape(-1)
    if flat.size == 0:
        return None
    value = flat[0]
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, np.ndarray):
        return value.tobytes()
    return bytes(value)


def bytes_array(value: bytes | str) -> np.ndarray:
    """A one-element BYTES tensor value."""
    return np.array([value.encode("utf-8") if isinstance(value, str) else value], dtype=np.object_)


def parse_options(raw: bytes | None) -> PipelineOptions:
    """The request's ``OPTIONS`` JSON; a malformed one is the request's error (raised as ``StageError``)."""
    if not raw:
        return PipelineOptions()
    if len(raw) > MAX_OPTIONS_BYTES:
        raise StageError("bad_request", f"OPTIONS is {len(raw)} bytes; at most {MAX_OPTIONS_BYTES} allowed", "request")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StageError("bad_request", f"OPTIONS is not valid JSON: {exc}", "request") from exc
    if not isinstance(data, dict):
        raise StageError("bad_request", "OPTIONS must be a JSON object", "request")
    try:
        return PipelineOptions.model_validate(data)
    except ValueError as exc:
        raise StageError("bad_request", f"OPTIONS has a bad value: {exc}", "request") from exc


def decode_filename(raw: bytes | None) -> str:
    if not raw:
        return "document"
    return raw.decode("utf-8", errors="replace").strip() or "document"


# ── stage 1 ─────────────────────────────────────────────────────────────────
def intake_items(data: bytes, source: str, runtime: Runtime) -> tuple[list[Document | Rejection], float]:
    return run_intake(data, source, runtime)


def intake_to_json(data: bytes, source: str, runtime: Runtime) -> bytes:
    items, inbox_ms = run_intake(data, source, runtime)
    out: list[dict[str, Any]] = []
    for item in items:
        if isinstance(item, Rejection):
            out.append({"result": json.loads(rejection_result(item, source, inbox_ms).model_dump_json())})
        else:
            state = DocumentState.start(item)
            state.timings_ms["inbox"] = inbox_ms
            out.append({"state": json.loads(state.to_json(with_data=True))})
    return json.dumps({"inbox_ms": inbox_ms, "items": out}).encode("utf-8")


def items_from_json(payload: bytes, source: str) -> tuple[list[Document | Rejection], float]:
    """The inverse of ``intake_to_json``; rejections come back as ``Rejection`` records."""
    body = json.loads(payload)
    items: list[Document | Rejection] = []
    for item in body["items"]:
        if "state" in item:
            items.append(DocumentState.from_json(json.dumps(item["state"])).document)
        else:
            result = item["result"]
            error = result.get("error") or {}
            items.append(
                Rejection(
                    code=error.get("code", "rejected"),
                    message=error.get("message", ""),
                    stage=error.get("stage", "inbox"),
                    source=result.get("source") or source,
                    document_id=result.get("document_id"),
                    envelope=result.get("envelope"),
                )
            )
    return items, float(body.get("inbox_ms", 0.0))


# ── stages 2-8 ──────────────────────────────────────────────────────────────
def stage_to_json(name: str, state_json: bytes, runtime: Runtime) -> bytes:
    """Run stage ``name`` on a state received as JSON; errors end up inside the state, never raised."""
    state = DocumentState.from_json(state_json)
    run_stage(name, state, runtime)
    return state.to_json(with_data=bool(state.document.data)).encode("utf-8")


def state_from_json(payload: bytes) -> DocumentState:
    return DocumentState.from_json(payload)


def state_to_json(state: DocumentState) -> bytes:
    return state.to_json(with_data=bool(state.document.data)).encode("utf-8")


# ── the response ────────────────────────────────────────────────────────────
def result_dict(result: ProcessResult) -> dict[str, Any]:
    return json.loads(result.model_dump_json())


def results_to_json(results: Sequence[ProcessResult]) -> bytes:
    """One object for one document; a JSON array when the input held several (an .eml)."""
    dicts = [result_dict(r) for r in results]
    return json.dumps(dicts[0] if len(dicts) == 1 else dicts, ensure_ascii=False).encode("utf-8")


def error_result(source: str, code: str, message: str, stage: str = "request") -> ProcessResult:
    return ProcessResult(
        document_id=None, source=source, status="rejected", error={"code": code, "message": message, "stage": stage}
    )


# ── dynamic batching for the ONNX models ────────────────────────────────────
def pad_and_stack(per_request: Sequence[dict[str, np.ndarray]]) -> tuple[dict[str, np.ndarray], list[int], list[int]]:
    """Concatenate each input over requests along the batch axis, zero-padding axis 1 to the longest.

    Returns the batched inputs, each request's batch size and each request's original length along
    axis 1 (0 where the inputs are 1-D per item), so outputs can be split back and un-padded.
    Zero is the padding id / box / attention-mask value of the BERT-style tagger.
    """
    if not per_request:
        return {}, [], []
    names = list(per_request[0])
    sizes = [int(next(iter(r.values())).shape[0]) for r in per_request]
    lengths = [int(next(iter(r.values())).shape[1]) if next(iter(r.values())).ndim >= 2 else 0 for r in per_request]
    batched: dict[str, np.ndarray] = {}
    for name in names:
        arrays = [np.asarray(r[name]) for r in per_request]
        if arrays[0].ndim >= 2:
            longest = max(a.shape[1] for a in arrays)
            arrays = [
                np.pad(a, [(0, 0), (0, longest - a.shape[1])] + [(0, 0)] * (a.ndim - 2)) if a.shape[1] < longest else a
                for a in arrays
            ]
        batched[name] = np.concatenate(arrays, axis=0)
    return batched, sizes, lengths


def split_outputs(
    outputs: dict[str, np.ndarray], sizes: Sequence[int], lengths: Sequence[int]
) -> list[dict[str, np.ndarray]]:
    """Undo ``pad_and_stack`` on the outputs: per request, its rows, cut back to its length on axis 1."""
    longest = max(lengths) if lengths else 0
    per_request: list[dict[str, np.ndarray]] = []
    start = 0
    for size, length in zip(sizes, lengths, strict=True):
        mine: dict[str, np.ndarray] = {}
        for name, value in outputs.items():
            rows = value[start:start + size]
            if length and rows.ndim >= 2 and rows.shape[1] == longest and length < longest:
                rows = rows[:, :length]
            mine[name] = np.ascontiguousarray(rows)
        per_request.append(mine)
        start += size
    return per_request
