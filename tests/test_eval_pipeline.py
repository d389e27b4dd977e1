"""The evaluation's in-process runner against the real pipeline, on generated documents.

``LocalProcessor`` drives the pipeline's public stage functions itself (to keep
each layout for the OCR-error analysis); this checks that it returns exactly
what ``Pipeline.process_bytes`` returns, and that the harness runs end to end on
the real stages.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

pipeline_module = pytest.importorskip("sap_llm.pipeline", reason="the pipeline (serving issue) is not in this tree")

from sap_llm.config import load_settings  # noqa: E402
from sap_llm.evaluation.datasets import load_items  # noqa: E402
from sap_llm.evaluation.harness import RunSettings, evaluate  # noqa: E402
from sap_llm.evaluation.knowledge import resolve_knowledge  # noqa: E402
from sap_llm.evaluation.processors import LocalProcessor  # noqa: E402

INVOICE_LINES = [
    "Acme Industrial Supplies Ltd",
    "1 Harbour Road, London EC1A 1BB, GB",
    "INVOICE",
    "Invoice number: INV-2024-0815",
    "Invoice date: 18.11.2024",
    "Bill to: Nordwind Handels GmbH, Hafenstrasse 12, 20457 Hamburg, DE",
    "Pos  Description        Qty  Unit price   Amount",
    "10   Laptop             1    1,000.00     1,000.00",
    "Net amount 1,000.00 EUR",
    "VAT 19% 190.00 EUR",
    "Total 1,190.00 EUR",
    "IBAN GB33BUKB20201555555555",
]


def _pdf(path: Path, lines: list[str]) -> None:
    pdf = canvas.Canvas(str(path), pagesize=A4)
    y = 800
    for line in lines:
        pdf.drawString(50, y, line)
        y -= 20
    pdf.save()


def _config(tmp_path: Path, name: str) -> Path:
    """Settings with a private history (and seen-bytes registry, which lives beside it)."""
    folder = tmp_path / name
    folder.mkdir()
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump({"storage": {"history_path": str(folder / "history.sqlite3")}}))
    return path


def _comparable(result: dict) -> dict:
    return {k: v for k, v in result.items() if k not in ("timings_ms",)}


def test_local_processor_returns_what_the_pipeline_returns(tmp_path: Path):
    document = tmp_path / "invoice.pdf"
    _pdf(document, INVOICE_LINES)
    data = document.read_bytes()
    processor = LocalProcessor(config=_config(tmp_path, "a"))
    try:
        ours = processor.process(data, "invoice.pdf")
    finally:
        processor.close()
    pipeline = pipeline_module.Pipeline(load_settings(_config(tmp_path, "b")))
    try:
        theirs = [r.model_dump(mode="json") for r in pipeline.process_bytes(data, "invoice.pdf")]
    finally:
        pipeline.runtime.close()
    assert [_comparable(r) for r in ours.results] == [_comparable(r) for r in theirs]
    if ours.results[0]["status"] != "rejected":
        assert ours.text is not None and "INV-2024-0815" in ours.text


def test_harness_runs_the_real_pipeline_on_generated_documents(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    truth = {"document_type": "SUPPLIER_INVOICE", "subtype": "STANDARD_INVOICE",
             "fields": {"invoice_number": "INV-2024-0815", "invoice_date": "2024-11-18", "total_amount": 1190.0,
                        "supplier_iban": "GB33BUKB20201555555555"},
             "line_items": [{"item": "10", "description": "Laptop", "quantity": 1, "unit_price": 1000.0,
                             "net_amount": 1000.0}]}  # fmt: skip
    _pdf(corpus / "inv.pdf", INVOICE_LINES)
    (corpus / "inv.json").write_text(json.dumps({"id": "inv", "document_type": "SUPPLIER_INVOICE",
                                                 "ground_truth": truth, "metadata": {"scanned": False}}))  # fmt: skip
    (corpus / "junk.pdf").write_bytes(b"%PDF-1.4 this is not really a PDF")
    (corpus / "junk.json").write_text(json.dumps({"id": "junk", "document_type": "UNKNOWN",
                                                  "ground_truth": {"document_type": "UNKNOWN"}}))  # fmt: skip
    items = load_items(corpus, "corpus")
    out = tmp_path / "out"
    processor = LocalProcessor(config=_config(tmp_path, "h"), state_dir=out, fresh=True)
    run = RunSettings(set_name="real pipeline", fmt="corpus", data=corpus, split=None, mode="local", command="pytest")
    try:
        paths = evaluate(items, processor, out, run, resolve_knowledge())
    finally:
        processor.close()
    metrics = json.loads(paths["metrics"].read_text())
    assert metrics["documents"]["n"] == 2
    assert metrics["status"]["counts"].get("rejected", 0) >= 1  # the corrupt PDF is rejected, not a crash
    assert metrics["cost"]["cpu_seconds_mean"] > 0
    assert "inbox" in metrics["latency"]["stages"]


def _prefetched(tmp_path: Path):
    """(layout cache holding the generated invoice's layout, the invoice's bytes, the cache entry's path)."""
    from sap_llm.evaluation.layout_cache import LayoutCache

    document = tmp_path / "invoice.pdf"
    _pdf(document, INVOICE_LINES)
    data = document.read_bytes()
    cache = LayoutCache(tmp_path / "layouts")
    prefetch = LocalProcessor(config=_config(tmp_path, "p"), layout_cache=cache, stages=("preprocess",))
    try:
        prefetch.process(data, "invoice.pdf")
    finally:
        prefetch.close()
    entry_path = next(cache.root.glob("*.json"), None)
    if entry_path is None:
        pytest.skip("preprocess produced no layout for the generated PDF")
    return cache, data, entry_path


def test_layout_cache_gives_the_same_results_and_books_the_stored_time(tmp_path: Path):
    cache, data, entry_path = _prefetched(tmp_path)
    stored = json.loads(entry_path.read_text())

    cached = LocalProcessor(config=_config(tmp_path, "c"), layout_cache=cache)
    direct = LocalProcessor(config=_config(tmp_path, "d"))
    try:
        with_cache = cached.process(data, "invoice.pdf")
        without = direct.process(data, "invoice.pdf")
        assert cached.cpu_seconds() >= stored["cpu_s"]  # the stored OCR CPU is booked to the document
    finally:
        cached.close()
        direct.close()
    assert cache.hits == 1
    assert with_cache.results[0]["timings_ms"]["preprocess"] == stored["preprocess_ms"]
    assert with_cache.extra_wall_ms == stored["preprocess_ms"]
    assert [_comparable(r) for r in with_cache.results] == [_comparable(r) for r in without.results]
    assert with_cache.text == without.text


def test_a_cached_layout_without_measured_cpu_is_read_again_and_measured(tmp_path: Path):
    cache, data, entry_path = _prefetched(tmp_path)
    entry = json.loads(entry_path.read_text())
    entry.update(cpu_s=None, preprocess_ms=123456.0)  # as a corpus converter writes it
    entry_path.write_text(json.dumps(entry))
    cached = LocalProcessor(config=_config(tmp_path, "c"), layout_cache=cache)
    try:
        result = cached.process(data, "invoice.pdf")
    finally:
        cached.close()
    assert result.extra_wall_ms == 0  # nothing booked from the cache: the stage ran
    assert cache.hits == 0  # and the unmeasured entry is not reported as a reused layout
    assert result.results[0]["timings_ms"]["preprocess"] != 123456.0
    assert isinstance(json.loads(entry_path.read_text())["cpu_s"], float)  # and its cost is now measured
