"""`sap-llm corpus build`: dedup, quality checks, balance, stratified splits, outputs."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sap_llm.cli import app
from sap_llm.corpus.build import BuildConfig, Entry, build_corpus, parse_sources
from sap_llm.corpus.checks import annotation_coverage, check, readable
from sap_llm.corpus.converters.base import Converted
from sap_llm.corpus.record import CorpusRecord
from sap_llm.corpus.splits import assign_splits, class_cap, rebalance

FIXTURES = Path(__file__).parent / "fixtures"


def _entry(i: int, doc_type: str = "PURCHASE_ORDER", language: str = "EN", **metadata) -> Entry:
    record = CorpusRecord(id=f"r{i:04d}", source="t", document_type=doc_type,
                          metadata={"language": language, **metadata})
    return Entry(Converted("t", f"r{i}", record))


def test_parse_sources(tmp_path):
    specs = parse_sources(f"funsd:{tmp_path},cord:{tmp_path}")
    assert [(s.name, s.path) for s in specs] == [("funsd", tmp_path), ("cord", tmp_path)]
    with pytest.raises(ValueError, match="unknown source 'nope'"):
        parse_sources("nope")
    with pytest.raises(ValueError, match="needs a path"):
        parse_sources("cord")
    with pytest.raises(ValueError, match="does not exist"):
        parse_sources(f"funsd:{tmp_path / 'missing'}")


def test_annotation_coverage_counts_values_and_item_spans():
    record = CorpusRecord(
        id="c", source="t", document_type="SUPPLIER_INVOICE", words=["INV-1", "Widget", "2", "Gadget"],
        boxes=[(0, 0, 1, 1)] * 4, labels=["B-invoice_number", "B-li.description", "B-li.quantity", "O"],
        ground_truth={"fields": {"invoice_number": "INV-1", "total_amount": 5.0},
                      "line_items": [{"description": "Widget", "quantity": 2}, {"description": "Gadget"}]})
    coverage, missing = annotation_coverage(record)
    assert coverage == pytest.approx(3 / 5) and missing == ["li.description", "total_amount"]


def test_stratified_split_proportions_and_fixed_splits():
    entries = [_entry(i, "PURCHASE_ORDER" if i % 2 else "SUPPLIER_INVOICE", "DE" if i % 3 else "EN")
               for i in range(400)]
    entries += [_entry(1000 + i, "SUPPLIER_INVOICE", allowed_splits=["test"]) for i in range(10)]
    entries += [_entry(2000 + i, "SUPPLIER_INVOICE", allowed_splits=["train", "val"]) for i in range(40)]
    assign_splits(entries, (0.7, 0.15, 0.15), seed=3)
    free = [e for e in entries if e.record.metadata.allowed_splits is None]
    for key in {(e.record.document_type, e.record.metadata.language) for e in free}:
        stratum = Counter(e.record.metadata.split for e in free
                          if (e.record.document_type, e.record.metadata.language) == key)
        n = sum(stratum.values())
        assert abs(stratum["train"] / n - 0.7) < 0.03 and abs(stratum["test"] / n - 0.15) < 0.03, stratum
    assert {e.record.metadata.split for e in entries[400:410]} == {"test"}
    dev = Counter(e.record.metadata.split for e in entries[410:])
    assert set(dev) == {"train", "val"} and dev["train"] > dev["val"]
    again = [_entry(i, "PURCHASE_ORDER") for i in range(50)]
    assign_splits(again, (0.7, 0.15, 0.15), seed=3)
    first = [e.record.metadata.split for e in again]
    assign_splits(again, (0.7, 0.15, 0.15), seed=3)
    assert [e.record.metadata.split for e in again] == first  # deterministic


def test_held_out_layout_families_are_test_only():
    entries = [_entry(i, "SUPPLIER_INVOICE", layout_split="test" if i % 5 == 0 else "train") for i in range(100)]
    assign_splits(entries, (0.7, 0.15, 0.15), seed=2)
    for e in entries:
        held_out = e.record.metadata.model_extra["layout_split"] == "test"
        assert (e.record.metadata.split == "test") == held_out
    counts = Counter(e.record.metadata.split for e in entries)
    assert counts == {"train": 66, "val": 14, "test": 20}  # train families split 70:15


def test_document_chains_stay_in_one_split():
    entries = [_entry(i, "PURCHASE_ORDER", chain_id=f"chain{i // 3}") for i in range(90)]
    assign_splits(entries, (0.7, 0.15, 0.15), seed=1)
    by_chain: dict[str, set] = {}
    for e in entries:
        by_chain.setdefault(e.record.metadata.model_extra["chain_id"], set()).add(e.record.metadata.split)
    assert all(len(splits) == 1 for splits in by_chain.values())
    assert len({s for splits in by_chain.values() for s in splits}) == 3


def test_class_cap_and_rebalance():
    assert class_cap({"A": 100, "B": 10}, 0.3) is None  # two classes can never both stay under 30 %
    cap = class_cap({"A": 100, "B": 20, "C": 20, "D": 20, "E": 20}, 0.3)
    assert cap == 34  # 34 / (34 + 80) <= 0.3
    entries = [_entry(i, t) for i, t in enumerate(["PURCHASE_ORDER"] * 100 + ["SALES_ORDER"] * 20 +
                                                  ["GOODS_RECEIPT"] * 20 + ["DELIVERY_NOTE"] * 20 +
                                                  ["CREDIT_MEMO"] * 20)]
    kept, dropped, problem = rebalance(entries, 0.3, seed=0)
    counts = Counter(e.record.document_type for e in kept)
    assert problem is None and counts["PURCHASE_ORDER"] == 34 and len(dropped) == 66
    assert max(counts.values()) / sum(counts.values()) <= 0.3
    assert dropped[0].excluded.startswith("rebalanced: PURCHASE_ORDER capped at 34")
    _, _, problem = rebalance([_entry(i) for i in range(5)], 0.3, seed=0)
    assert problem.startswith("cannot rebalance")


def test_build_from_fixtures_dedups_checks_and_writes(tmp_path):
    funsd_root = tmp_path / "funsd"
    shutil.copytree(FIXTURES / "funsd", funsd_root)
    train = funsd_root / "training_data"
    shutil.copy(train / "annotations" / "0001.json", train / "annotations" / "0003.json")
    shutil.copy(train / "images" / "0001.png", train / "images" / "0003.png")  # same bytes: a duplicate
    out = tmp_path / "corpus"
    config = BuildConfig(out_dir=out, sources=parse_sources(f"funsd:{funsd_root},cord:{FIXTURES / 'cord'}"), seed=5)
    result = build_corpus(config)
    reasons = {e.converted.origin: e.excluded for e in result.excluded}
    assert reasons["0003.json"] == "duplicate of funsd_0001 (same SHA-256)"
    assert reasons["0002.json"] == "page image / PDF missing or unreadable"  # no image in the fixture
    assert reasons["receipt_00001.json"] == "page image / PDF missing or unreadable"
    assert sorted(e.record.id for e in result.kept) == ["cord_receipt_00000", "funsd_0001"]
    for name in ["splits.json", "statistics.json", "label_distribution.json", "excluded.json", "report.md"]:
        assert (out / name).is_file(), name
    splits = json.loads((out / "splits.json").read_text())
    assert "records/cord/cord_receipt_00000.json" in splits["train"]  # CORD's own split is train
    written = CorpusRecord.load(out / "records" / "cord" / "cord_receipt_00000.json")
    assert written.metadata.split == "train" and 0 < written.metadata.quality_score <= 1
    stats = json.loads((out / "statistics.json").read_text())
    assert stats["records"] == 2 and stats["duplicates"] == 1
    assert stats["by_source"]["funsd"] == {"kept": 1, "duplicate": 1, "excluded": 1}
    assert stats["exclusion_reasons"] == {"readable": 2, "duplicate": 1}
    assert sorted(stats["types_over_max_share"]) == ["SUPPLIER_INVOICE", "UNKNOWN"]
    labels = json.loads((out / "label_distribution.json").read_text())
    assert labels["fields"]["total_amount"] == 1 and labels["fields"]["li.description"] == 4  # words, B and I
    report = (out / "report.md").read_text()
    assert "# Corpus build report" in report and "duplicate of funsd_0001" in report
    assert any("over 30%" in w for w in result.warnings)


def test_quality_checks_exclude_unlabelled_and_invalid_records(tmp_path):
    image = FIXTURES / "cord" / "image" / "receipt_00000.png"
    words = ["TOTAL", "63,800", "thanks", "for", "your", "visit"]
    record = CorpusRecord(id="q1", source="t", document_type="SUPPLIER_INVOICE", subtype="RECEIPT",
                          image_path=str(image), ocr_text=" ".join(words), words=words, boxes=[(0, 0, 1, 1)] * 6,
                          labels=["O"] * 6, metadata={"annotation": "partial"},
                          ground_truth={"fields": {"total_amount": 63800.0, "tax_amount": 5800.0}})
    entry = Entry(Converted("t", "q1", record))
    check(entry, tmp_path, BuildConfig(out_dir=tmp_path))
    assert entry.checks == {"readable": True, "text_length": True, "coverage": False, "contract": True}
    assert entry.excluded.startswith("annotation coverage 0% < 80% (missing tax_amount, total_amount)")
    assert record.metadata.quality_score == 0.75  # mean of readable, text, coverage 0, contract

    record.labels[1] = "B-total_amount"
    record.ground_truth.fields = {"total_amount": 63800.0, "invoice_date": "18.11.2024"}
    record.image_path = str(tmp_path / "missing.png")
    entry = Entry(Converted("t", "q1", record))
    check(entry, tmp_path, BuildConfig(out_dir=tmp_path, min_coverage=0.5))
    assert not entry.checks["readable"] and not entry.checks["contract"] and entry.checks["coverage"]
    assert "ground truth violates the contract: fields.invoice_date: '18.11.2024' does not match" in entry.excluded

    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n not really")
    record.image_path = str(broken)
    assert readable(record, tmp_path) is False


def test_cli_build_with_real_sources(datasets_dir, tmp_path):
    out = tmp_path / "cb"
    result = CliRunner().invoke(app, ["corpus", "build", "--out", str(out), "--sources", "invoice2data,sroie",
                                      "--limit", "1", "--seed", "1"])
    assert result.exit_code == 0, result.output
    assert "records kept" in result.output
    splits = json.loads((out / "splits.json").read_text())
    test_ids = " ".join(splits["test"])
    assert "sroie_000" not in test_ids  # SROIE dev never in test
    assert all("invoice2data" in p for p in splits["test"])  # invoice2data: evaluation only
    stats = json.loads((out / "statistics.json").read_text())
    assert stats["by_source"]["invoice2data"]["kept"] >= 1


def test_cli_build_needs_a_source(tmp_path):
    result = CliRunner().invoke(app, ["corpus", "build", "--out", str(tmp_path)])
    assert result.exit_code != 0 and "give --sources and/or --synthetic N" in result.output


def test_small_strata_still_add_up_to_the_ratios():
    from sap_llm.contract import DOCUMENT_TYPES

    entries = [_entry(i, DOCUMENT_TYPES[i % 15], ["EN", "DE", "FR", "ES"][i // 15]) for i in range(60)]
    assign_splits(entries, (0.7, 0.15, 0.15), seed=0)
    counts = Counter(e.record.metadata.split for e in entries)
    assert counts == {"train": 42, "val": 9, "test": 9}


def test_build_with_synthetic_documents(tmp_path):
    out = tmp_path / "syn"
    result = build_corpus(BuildConfig(out_dir=out, synthetic=6, seed=11))
    assert len(result.kept) + len(result.excluded) == 6 and not result.failed
    for entry in result.kept:
        assert entry.path.parent == out / "synthetic"  # generated records stay beside their PDF / PNG
        record = CorpusRecord.load(entry.path)
        assert record.source == "synthetic" and record.metadata.split in {"train", "val", "test"}
        assert record.resolve(entry.path.parent, "pdf").is_file()
        layout_split = record.metadata.model_extra.get("layout_split")
        if layout_split == "test":  # a held-out layout family is never trained on
            assert record.metadata.split == "test"
        elif layout_split == "train":
            assert record.metadata.split in {"train", "val"}
    splits = json.loads((out / "splits.json").read_text())
    assert sum(splits["counts"].values()) == len(result.kept)
    assert all(p.startswith("synthetic/") for s in ("train", "val", "test") for p in splits[s])


def test_cli_build_passes_generator_options(tmp_path):
    out = tmp_path / "g"
    result = CliRunner().invoke(app, ["corpus", "build", "--out", str(out), "--synthetic", "2", "--types", "CREDIT_MEMO",
                                      "--languages", "IT", "--scan-ratio", "0", "--workers", "1"])
    assert result.exit_code == 0, result.output
    records = [CorpusRecord.load(p) for p in sorted((out / "synthetic").glob("*.json"))]
    assert len(records) == 2
    assert {(r.document_type, r.metadata.language, r.metadata.scanned) for r in records} == {("CREDIT_MEMO", "IT", False)}
    bad = CliRunner().invoke(app, ["corpus", "build", "--out", str(tmp_path / "b"), "--synthetic", "1", "--types", "NOPE"])
    assert bad.exit_code == 1 and "unknown document type" in bad.output
