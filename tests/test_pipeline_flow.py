"""The in-process pipeline: stage registry, error containment, bad inputs, and a real document end to end."""

from __future__ import annotations

import importlib.util
import io
import json
import struct
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from sap_llm.errors import StageError
from sap_llm.pipeline import (
    DOCUMENT_STAGES,
    STAGES,
    DocumentState,
    Pipeline,
    iter_input_files,
    register_stage,
    run_stage,
)
from sap_llm.records import Document
from sap_llm.runtime import Runtime


# ── small real inputs ───────────────────────────────────────────────────────
def invoice_pdf(number: str = "RE-2024-0815", encrypt: bool = False) -> bytes:
    from reportlab.lib import pdfencrypt
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    kwargs = {"encrypt": pdfencrypt.StandardEncryption("user", "owner")} if encrypt else {}
    c = canvas.Canvas(buffer, pagesize=A4, **kwargs)
    lines = [
        "Acme Industrial Supplies Ltd, 1 Mill Road, Leeds LS1 4AP, GB",
        "VAT GB123456789  IBAN GB33BUKB20201555555555",
        "INVOICE",
        f"Invoice number: {number}",
        "Invoice date: 18.11.2024",
        "Bill to: Nordwind Handels GmbH, Hafenstrasse 12, 20457 Hamburg, DE",
        "PO number: 4500001234",
        "Pos  Description        Qty  Unit  Price     Amount",
        "10   Laptop             1    EA    1000.00   1000.00",
        "Net amount 1000.00 EUR",
        "VAT 19% 190.00 EUR",
        "Total amount 1190.00 EUR",
    ]
    y = 780
    for line in lines:
        c.drawString(60, y, line)
        y -= 22
    c.save()
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` (a decompression-bomb shape) with a tiny body."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


def bad_input_folder(folder: Path) -> dict[str, str]:
    """Issue 3's bad-input folder; returns file name -> expected rejection code."""
    folder.mkdir(parents=True, exist_ok=True)
    good = invoice_pdf()
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "random.pdf").write_bytes(bytes((i * 7919 + 13) % 256 for i in range(4096)))
    (folder / "truncated.pdf").write_bytes(good[: len(good) // 3])
    (folder / "encrypted.pdf").write_bytes(invoice_pdf(encrypt=True))
    (folder / "bomb.png").write_bytes(png_claiming(100_000, 100_000))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("invoice.pdf", good)
    (folder / "archive.zip").write_bytes(buffer.getvalue())
    (folder / "notes.txt").write_text("Please pay the attached invoice.\n", encoding="utf-8")
    return {
        "empty.pdf": "empty",
        "random.pdf": "unsupported_type",
        "truncated.pdf": "truncated",
        "encrypted.pdf": "encrypted",
        "bomb.png": "too_many_pixels",
        "archive.zip": "unsupported_type",
        "notes.txt": "unsupported_type",
    }


@pytest.fixture()
def runtime(tmp_path: Path) -> Runtime:
    from sap_llm.config import Settings, Storage

    settings = Settings(storage=Storage(history_path=tmp_path / "history.sqlite3", kb_dir=tmp_path / "no-kb"))
    return Runtime(settings)


# ── the registry and error containment ──────────────────────────────────────
def _document(data: bytes = b"%PDF-1.4") -> Document:
    return Document(document_id="0" * 64, source="x.pdf", media_type="application/pdf", page_count=1,
                    size_bytes=len(data), data=data)


def test_registry_holds_every_stage_in_order() -> None:
    assert DOCUMENT_STAGES == ("preprocess", "classify", "extract", "quality", "validate", "route")
    assert all(name in STAGES for name in DOCUMENT_STAGES)
    assert STAGES["preprocess"].needs_bytes and not STAGES["route"].needs_bytes


def test_stage_errors_become_the_documents_rejection(runtime: Runtime) -> None:
    @register_stage("test_refuses")
    def refuses(state: DocumentState, rt: Runtime) -> None:
        raise StageError("too_blurry", "the page cannot be read")

    @register_stage("test_crashes")
    def crashes(state: DocumentState, rt: Runtime) -> None:
        raise ZeroDivisionError("division by zero")

    try:
        state = run_stage("test_refuses", DocumentState.start(_document()), runtime)
        assert state.error == {"code": "too_blurry", "message": "the page cannot be read", "stage": "test_refuses"}
        assert "test_refuses" in state.timings_ms
        crashed = run_stage("test_crashes", DocumentState.start(_document()), runtime)
        assert crashed.error["code"] == "internal_error"
        assert "ZeroDivisionError" in crashed.error["message"] and crashed.error["stage"] == "test_crashes"
        # a finished state is not run again
        again = run_stage("test_crashes", state, runtime)
        assert again.error["code"] == "too_blurry"
        unknown = run_stage("no_such_stage", DocumentState.start(_document()), runtime)
        assert unknown.error["code"] == "unknown_stage"
    finally:
        STAGES.pop("test_refuses", None)
        STAGES.pop("test_crashes", None)


def test_a_stage_that_fails_rejects_only_its_document(runtime: Runtime) -> None:
    @register_stage("test_only_odd")
    def only_odd(state: DocumentState, rt: Runtime) -> None:
        if state.document.source.startswith("even"):
            raise StageError("even", "even documents are refused here")
        state.status = "needs_review"

    try:
        pipeline = Pipeline(runtime=runtime, stages=("test_only_odd",))
        results = [pipeline.process_bytes(invoice_pdf(str(i)), f"{'even' if i % 2 == 0 else 'odd'}_{i}.pdf",
                                          {"record_history": False})[0] for i in range(4)]
        assert [r.status for r in results] == ["rejected", "needs_review", "rejected", "needs_review"]
        assert results[0].error == {"code": "even", "message": "even documents are refused here",
                                    "stage": "test_only_odd"}
        assert results[1].error is None and results[1].document_id and "inbox" in results[1].timings_ms
    finally:
        STAGES.pop("test_only_odd", None)


def test_state_survives_json_with_its_bytes() -> None:
    state = DocumentState.start(_document(b"%PDF-1.4 body"))
    copy = DocumentState.from_json(state.to_json(with_data=True))
    assert copy.document.data == b"%PDF-1.4 body" and copy.document.document_id == "0" * 64
    assert DocumentState.from_json(state.to_json()).document.data == b""


# ── bad inputs (issue 3's folder) ───────────────────────────────────────────
def test_bad_input_folder_gives_one_rejection_per_file_quickly(tmp_path: Path, runtime: Runtime) -> None:
    expected = bad_input_folder(tmp_path / "bad")
    pipeline = Pipeline(runtime=runtime)
    started = time.perf_counter()
    results = [r for path in iter_input_files([tmp_path / "bad"]) for r in pipeline.process_path(path)]
    elapsed = time.perf_counter() - started
    by_source = {r.source: r for r in results}
    assert set(by_source) == set(expected)
    for name, code in expected.items():
        assert by_source[name].status == "rejected", name
        assert by_source[name].error["code"] == code, (name, by_source[name].error)
        assert by_source[name].error["message"]
    assert elapsed < 10


def test_missing_file_is_a_rejection_not_a_crash(tmp_path: Path, runtime: Runtime) -> None:
    [result] = Pipeline(runtime=runtime).process_path(tmp_path / "nope.pdf")
    assert result.status == "rejected" and result.error["code"] == "unreadable"


def test_iter_input_files_recurses_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.pdf").write_bytes(b"x")
    (tmp_path / "a" / ".hidden.pdf").write_bytes(b"x")
    (tmp_path / "y.png").write_bytes(b"x")
    names = [p.name for p in iter_input_files([tmp_path])]
    assert names == ["x.pdf", "y.png"]


# ── a real document through every stage ─────────────────────────────────────
def _all_stages_present() -> bool:
    modules = ("sap_llm.preprocess", "sap_llm.classify", "sap_llm.extract", "sap_llm.quality",
               "sap_llm.validate", "sap_llm.route", "sap_llm.kb", "sap_llm.history")
    return all(importlib.util.find_spec(m) is not None for m in modules)


@pytest.mark.skipif(not _all_stages_present(), reason="not every stage package is in this build yet")
def test_born_digital_invoice_goes_through_all_stages(tmp_path: Path) -> None:
    from sap_llm.config import Settings, Storage, settings

    kb_dir = settings().storage.kb_dir
    if not kb_dir.exists():
        pytest.skip(f"knowledge base not built at {kb_dir} (sap-llm kb build)")
    cfg = Settings(storage=Storage(history_path=tmp_path / "h.sqlite3", kb_dir=kb_dir))
    pipeline = Pipeline(runtime=Runtime(cfg))
    [result] = pipeline.process_bytes(invoice_pdf(), "invoice.pdf", {"today": "2024-12-01"})
    assert result.status in ("touchless", "needs_review"), result.error
    assert result.document_type is not None
    from sap_llm.kb import load_kb

    kb = load_kb(kb_dir)
    assert result.routing is not None and result.routing["reasons"]
    if result.routing["api"] is not None:  # only names the knowledge base knows
        assert kb.has_entity_set(result.routing["api"], result.routing["entity_set"])
    assert set(DOCUMENT_STAGES) <= set(result.timings_ms)
    body = json.loads(result.model_dump_json())
    for key in ("document_id", "source", "document_type", "fields", "line_items", "confidence", "validation",
                "routing", "status", "timings_ms"):
        assert key in body
