"""The harness end to end on generated documents: loading, checkpoint / resume, metrics, report.

The processor here is a scripted result stream defined in this test (the real
pipeline is exercised by ``test_eval_pipeline.py``): it lets the test know the
exact right answer for every metric.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from sap_llm.evaluation.datasets import load_corpus, load_items
from sap_llm.evaluation.harness import RunSettings, evaluate
from sap_llm.evaluation.knowledge import CONTRACT_ROUTING, Knowledge
from sap_llm.evaluation.runner import CHECKPOINT_NAME, ProcessorOutput, read_checkpoint

INVOICE_API = "API_SUPPLIERINVOICE_PROCESS_SRV"
PRINTED: dict[str, str] = {}  # file name -> the words on it (what a perfect OCR would return)


def _write_pdf(path: Path, lines: list[str]) -> None:
    pdf = canvas.Canvas(str(path), pagesize=A4)
    y = 800
    for line in lines:
        pdf.drawString(60, y, line)
        y -= 18
    pdf.save()


def _make_corpus(root: Path) -> None:
    """Four supplier invoices (one also scanned), a purchase order, and splits.json."""
    records = []
    for i in range(4):
        number = f"RE-{1000 + i}"
        truth = {
            "document_type": "SUPPLIER_INVOICE",
            "subtype": "STANDARD_INVOICE",
            "fields": {"invoice_number": number, "invoice_date": "2024-11-18", "total_amount": 119.0 + i},
            "line_items": [{"description": "Widget", "quantity": 1, "unit_price": 100.0 + i}],
        }
        records.append((f"inv{i}", truth, [f"Invoice {number}", "Date 18.11.2024", f"Total {119 + i},00 EUR"]))
    po_truth = {"document_type": "PURCHASE_ORDER", "subtype": "STANDARD_PO",
                "fields": {"po_number": "4500000001", "po_date": "2024-11-01"}, "line_items": []}  # fmt: skip
    records.append(("po0", po_truth, ["Purchase Order 4500000001", "Date 01.11.2024"]))
    for record_id, truth, lines in records:
        _write_pdf(root / f"{record_id}.pdf", lines)
        PRINTED[f"{record_id}.pdf"] = PRINTED[f"{record_id}.png"] = "\n".join(lines)
        record = {"id": record_id, "document_type": truth["document_type"], "subtype": truth["subtype"],
                  "pdf_path": f"{record_id}.pdf", "ground_truth": truth,
                  "metadata": {"language": "EN", "layout": "plain", "scanned": record_id == "inv0",
                               "created_date": "2024-11-18"}}  # fmt: skip
        if record_id in ("inv0", "inv1"):  # inv0 is scanned; inv1's image is a clean rendering, not a scan
            Image.new("L", (200, 280), 255).save(root / f"{record_id}.png")
            record["image_path"] = f"{record_id}.png"
        (root / f"{record_id}.json").write_text(json.dumps(record))
    (root / "splits.json").write_text(json.dumps({"train": ["inv3"], "test": ["inv0", "inv1", "inv2", "po0"]}))


def _result(source: str, doc_type: str, fields: dict, line_items: list, status: str, conf: float) -> dict:
    return {
        "document_id": "x",
        "source": source,
        "document_type": doc_type,
        "subtype": "STANDARD_INVOICE" if doc_type == "SUPPLIER_INVOICE" else "STANDARD_PO",
        "fields": fields,
        "line_items": line_items,
        "confidence": {"document_type": conf, "fields": {k: conf for k in fields}},
        "validation": {"passed": status == "touchless", "issues": [] if status == "touchless"
                       else [{"rule_id": "BR_TOTAL", "severity": "ERROR", "message": "total"}]},  # fmt: skip
        "routing": {"api": INVOICE_API if doc_type == "SUPPLIER_INVOICE" else CONTRACT_ROUTING[doc_type],
                    "entity_set": "A_SupplierInvoice" if doc_type == "SUPPLIER_INVOICE" else "A_PurchaseOrder"},
        "status": status,
        "timings_ms": {"preprocess": 20.0, "extract": 5.0, "total": 26.0},
    }


# What the scripted pipeline answers, by file name.
SCRIPT = {
    # all right
    "inv0.pdf": _result("inv0.pdf", "SUPPLIER_INVOICE",
                        {"invoice_number": "RE-1000", "invoice_date": "2024-11-18", "total_amount": 119.0},
                        [{"description": "Widget", "quantity": 1, "unit_price": 100.0}], "touchless", 0.95),
    # scan: total wrong, one line cell wrong
    "inv0.png": _result("inv0.png", "SUPPLIER_INVOICE",
                        {"invoice_number": "RE-1000", "invoice_date": "2024-11-18", "total_amount": 118.0},
                        [{"description": "Widget", "quantity": 1, "unit_price": 10.0}], "needs_review", 0.9),
    # date missing
    "inv1.pdf": _result("inv1.pdf", "SUPPLIER_INVOICE", {"invoice_number": "RE-1001", "total_amount": 120.0},
                        [{"description": "Widget", "quantity": 1, "unit_price": 101.0}], "touchless", 0.95),
    # wrong type, confidently
    "inv2.pdf": _result("inv2.pdf", "PURCHASE_ORDER", {"po_number": "RE-1002"}, [], "needs_review", 0.99),
    "po0.pdf": _result("po0.pdf", "PURCHASE_ORDER", {"po_number": "4500000001", "po_date": "2024-11-01"}, [],
                       "touchless", 0.97),
}  # fmt: skip


class ScriptedProcessor:
    """Answers from SCRIPT; fails on ``fail_on`` (to test one bad document) and counts calls."""

    name = "scripted"
    cpu_source = "test"

    def __init__(self, stop_after: int | None = None, fail_on: str | None = None) -> None:
        self.calls: list[str] = []
        self.stop_after = stop_after
        self.fail_on = fail_on
        self._cpu = 0.0

    def process(self, data: bytes, source: str, variant: str = "digital", today: str | None = None) -> ProcessorOutput:
        if self.stop_after is not None and len(self.calls) >= self.stop_after:
            raise KeyboardInterrupt  # a killed run
        self.calls.append(source)
        assert data[:4] in (b"%PDF", b"\x89PNG")
        if source == self.fail_on:
            raise RuntimeError("boom")
        self._cpu += 0.5
        # inv2's words were lost (as if OCR failed): its expected values are nowhere in the text
        text = "" if source == "inv2.pdf" else PRINTED[source]
        return ProcessorOutput([SCRIPT[source]], text=text)

    def cpu_seconds(self) -> float:
        return self._cpu

    def close(self) -> None:
        pass


@pytest.fixture()
def corpus_dir(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    _make_corpus(root)
    return root


def _settings(corpus_dir: Path) -> RunSettings:
    return RunSettings(set_name="tiny test", fmt="corpus", data=corpus_dir, split="test", mode="scripted",
                       command="pytest", checkpoint_every=2)  # fmt: skip


def test_corpus_loader_uses_splits_and_both_variants(corpus_dir: Path):
    items = load_items(corpus_dir, "corpus", "test")
    assert sorted(i.item_id for i in items) == ["inv0", "inv0#scan", "inv1", "inv2", "po0"]
    assert {i.variant for i in items if i.item_id.startswith("inv0")} == {"digital", "scan"}
    assert [i.item_id for i in load_corpus(corpus_dir, "test", variants=("scan",))] == ["inv0#scan"]
    assert {i.today for i in items} == {"2024-11-18"}  # date rules judge a generated document on its own date


def test_harness_metrics_checkpoint_resume_and_report(corpus_dir: Path, tmp_path: Path):
    items = load_items(corpus_dir, "corpus", "test")
    out = tmp_path / "out"
    knowledge = Knowledge(expected_api=CONTRACT_ROUTING.get,
                          api_exists=lambda api, entity: api in CONTRACT_ROUTING.values())  # fmt: skip

    first = ScriptedProcessor(stop_after=3)
    with pytest.raises(KeyboardInterrupt):
        evaluate(items, first, out, _settings(corpus_dir), knowledge)
    assert len(read_checkpoint(out / CHECKPOINT_NAME)) == 3  # flushed on the way out

    second = ScriptedProcessor()
    paths = evaluate(items, second, out, _settings(corpus_dir), knowledge)
    assert len(second.calls) == 2  # only the documents the first run did not finish
    assert len(read_checkpoint(out / CHECKPOINT_NAME)) == 5

    metrics = json.loads(paths["metrics"].read_text())
    assert metrics["documents"]["n"] == 5
    assert metrics["document_type"]["accuracy"] == pytest.approx(4 / 5)
    assert metrics["subtype"]["accuracy"] == pytest.approx(4 / 5)
    # fields: inv0 3/3; inv0#scan 2 right + total wrong; inv1 2 right + date missing;
    # inv2 3 missing + po_number spurious; po0 2/2 -> tp 9, fp 2, fn 5
    micro = metrics["fields"]["micro"]
    assert (micro["tp"], micro["fp"], micro["fn"]) == (9, 2, 5)
    assert metrics["fields_by_variant"]["scan"]["micro"]["f1"] == pytest.approx(2 / 3)
    # line cells: inv0 3/3, scan 2/3, inv1 3/3, inv2 0 of 3 -> tp 8, fp 1, fn 4
    lines = metrics["line_items"]
    assert (lines["tp"], lines["fp"], lines["fn"]) == (8, 1, 4)
    assert metrics["routing"]["accuracy"] == pytest.approx(4 / 5)
    assert metrics["api_validity"]["rate"] == 1.0
    assert metrics["status"]["touchless_rate"] == pytest.approx(3 / 5)
    assert metrics["rules"]["BR_TOTAL"]["failed"] == 2
    assert metrics["cost"]["cpu_seconds_mean"] == pytest.approx(0.5)
    assert metrics["latency"]["stages"]["preprocess"]["p95_ms"] == pytest.approx(20.0)
    assert "total" not in metrics["latency"]["stages"]  # the pipeline's own total is not a stage
    assert metrics["latency"]["pipeline_total"]["p50_ms"] == pytest.approx(26.0)
    modes = metrics["failure_modes"]["counts"]
    assert modes["wrong_type"] == 1
    assert modes["wrong_value"] == 1
    # inv1's date is in the recorded text: a real miss; inv2's fields are not: OCR errors
    assert metrics["failure_modes"]["by_field"]["missing_field"] == {"invoice_date": 1}
    assert modes["ocr_error"] == 3
    assert metrics["hardest"][0]["item_id"] == "inv2"  # wrong type at 0.99 comes first
    verdicts = {t["name"]: t["verdict"] for t in metrics["targets"]}
    assert verdicts["Document type accuracy"] == "FAIL"
    assert verdicts["Routing accuracy (expected API per type)"] == "FAIL"

    report = paths["report"].read_text()
    assert "## Executive summary" in report and "❌ FAIL" in report and "inv2" in report
    for name in ("confusion_matrix", "reliability", "latency"):
        with Image.open(paths[name]) as image:
            assert image.size[0] > 400 and image.size[1] > 300


def test_one_failing_document_does_not_stop_the_run(corpus_dir: Path, tmp_path: Path):
    items = load_items(corpus_dir, "corpus", "test")
    paths = evaluate(items, ScriptedProcessor(fail_on="inv1.pdf"), tmp_path / "o", _settings(corpus_dir),
                     Knowledge())  # fmt: skip
    metrics = json.loads(paths["metrics"].read_text())
    assert metrics["documents"]["n"] == 5
    assert metrics["status"]["counts"]["rejected"] == 1
    assert metrics["documents"]["run_errors"] == 1
    assert "RuntimeError: boom" in json.dumps(metrics["failure_modes"]["examples"]["rejected"])


def test_torn_checkpoint_line_is_redone(corpus_dir: Path, tmp_path: Path):
    items = load_items(corpus_dir, "corpus", "test")
    out = tmp_path / "o"
    evaluate(items, ScriptedProcessor(), out, _settings(corpus_dir), Knowledge())
    lines = (out / CHECKPOINT_NAME).read_text().splitlines()
    (out / CHECKPOINT_NAME).write_text("\n".join(lines[:-1]) + "\n" + lines[-1][: len(lines[-1]) // 2])
    again = ScriptedProcessor()
    evaluate(items, again, out, _settings(corpus_dir), Knowledge())
    assert len(again.calls) == 1
    assert len(read_checkpoint(out / CHECKPOINT_NAME)) == 5


def test_sroie_loader_respects_the_fixed_split(datasets_dir: Path):
    test_items = load_items(datasets_dir / "sroie", "sroie", "test")
    dev_items = load_items(datasets_dir / "sroie", "sroie", "dev")
    assert len(test_items) == 326 and len(dev_items) == 300
    assert test_items[0].item_id == "sroie-300" and dev_items[-1].item_id == "sroie-299"
    first = test_items[0]
    assert first.expected.document_type == "SUPPLIER_INVOICE" and first.expected.subtype == "RECEIPT"
    assert first.expected.fields["invoice_date"] == "2018-04-18"
    assert first.raw_truth["date"] == "18/04/2018"


def test_invoice2data_loader_maps_fields_and_lines(datasets_dir: Path):
    items = {i.item_id: i for i in load_items(datasets_dir / "invoice2data_compare", "invoice2data")}
    coolblue = items["i2d-coolblue1"]
    assert coolblue.expected.fields["supplier_iban"] == "NL50INGB0683251309"
    assert coolblue.expected.fields["net_amount"] == pytest.approx(593.36)
    # mapping and normal forms are the corpus converter's (line tax percent kept as tax_rate)
    assert coolblue.expected.line_items[0] == {"description": "Apple iPad Air Wifi 16 GB Zilver", "quantity": 1,
                                               "unit_price": 399.0, "net_amount": 399.0, "tax_rate": 21}  # fmt: skip
    assert "i2d-Orlen" not in items  # text-only sample: not a document the product accepts
    # SROIE values the converter's normaliser drops are still scored in our normal form
    sroie = {i.item_id: i for i in load_items(datasets_dir / "sroie", "sroie", "test")}
    assert sroie["sroie-314"].expected.fields["invoice_date"] == "2018-04-28"  # printed 20180428
    assert sroie["sroie-317"].expected.fields["total_amount"] == pytest.approx(5.0)  # printed RM5.00
    assert all("description" in row for row in items["i2d-AzureInterior"].expected.line_items)


def test_cli_rebuilds_the_report_from_the_checkpoint_and_rejects_bad_input(corpus_dir: Path, tmp_path: Path):
    from typer.testing import CliRunner

    from sap_llm.cli import app

    out = tmp_path / "cli"
    items = load_items(corpus_dir, "corpus", "test")
    evaluate(items, ScriptedProcessor(), out, _settings(corpus_dir), Knowledge())
    (out / "report.md").unlink()
    runner = CliRunner()
    result = runner.invoke(app, ["eval", "--data", str(corpus_dir), "--format", "corpus", "--split", "test",
                                 "--out", str(out), "--report-only", "--name", "tiny"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (out / "report.md").read_text().startswith("# Evaluation report — tiny")
    assert json.loads((out / "metrics.json").read_text())["documents"]["n"] == 5

    bad = runner.invoke(app, ["eval", "--data", str(tmp_path / "missing"), "--format", "sroie", "--out", str(out)])
    assert bad.exit_code == 2
    wrong_split = runner.invoke(app, ["eval", "--data", str(corpus_dir), "--format", "corpus", "--split", "nope",
                                      "--out", str(out)])  # fmt: skip
    assert wrong_split.exit_code == 2
