"""Converters into the unified corpus record, the value alignment and the record format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from sap_llm.corpus.converters import cord, funsd, invoice2data, sroie
from sap_llm.corpus.converters.align import align
from sap_llm.corpus.record import CorpusRecord
from sap_llm.inbox import intake
from sap_llm.preprocess import preprocess

FIXTURES = Path(__file__).parent / "fixtures"


def _boxes(n):
    return [(10 * (i % 50), 20 * (i // 50), 10 * (i % 50) + 8, 20 * (i // 50) + 10) for i in range(n)]


# ── alignment ──
def test_align_labels_header_values_with_ocr_slips():
    words = "ACME SDN BHD NO.5? JALAN SAGU 18, JOHOR Date: 25/12/2018 Sub 8.00 TOTAL: RM9.00 CASH 10.00".split()
    fields = {"supplier_name": "ACME SDN BHD", "supplier_address": "NO.53 JALAN SAGU 18, JOHOR",
              "invoice_date": "2018-12-25", "total_amount": 9.0, "currency": "MYR"}
    result = align(words, _boxes(len(words)), fields, [])
    labelled = {w: lab for w, lab in zip(words, result.labels, strict=True)}
    assert labelled["ACME"] == "B-supplier_name" and labelled["BHD"] == "I-supplier_name"
    assert labelled["NO.5?"] == "B-supplier_address" and labelled["JOHOR"] == "I-supplier_address"
    assert labelled["25/12/2018"] == "B-invoice_date"
    assert labelled["RM9.00"] == "B-total_amount"  # the number, not the cash tendered
    assert labelled["10.00"] == "O"
    # 'RM9.00' carries the total; one word has one label, so the currency has no word of its own
    assert result.missing == ["currency"] and result.coverage == 0.8


def test_align_does_not_take_a_different_number():
    words = ["TOTAL", "60.31"]
    result = align(words, _boxes(2), {"total_amount": 60.30}, [], raw_fields={"total_amount": "60.30"})
    assert result.labels == ["O", "O"] and result.missing == ["total_amount"] and result.coverage == 0.0


def test_align_line_items_on_their_rows():
    # two rows: "Widget 2 5.00 10.00" and "Gadget 1 5.00 5.00"
    words = ["Widget", "2", "5.00", "10.00", "Gadget", "1", "5.00", "5.00"]
    boxes = [(0, 100, 50, 110), (100, 100, 120, 110), (200, 100, 250, 110), (300, 100, 350, 110),
             (0, 200, 50, 210), (100, 200, 120, 210), (200, 200, 250, 210), (300, 200, 350, 210)]
    items = [{"description": "Widget", "quantity": 2, "unit_price": 5.0, "net_amount": 10.0},
             {"description": "Gadget", "quantity": 1, "unit_price": 5.0, "net_amount": 5.0}]
    result = align(words, boxes, {}, items)
    assert result.labels == ["B-li.description", "B-li.quantity", "B-li.unit_price", "B-li.net_amount",
                             "B-li.description", "B-li.quantity", "B-li.unit_price", "B-li.net_amount"]


# ── the record ──
def test_record_rejects_misaligned_or_malformed_data():
    base = {"id": "r", "source": "t", "document_type": "SUPPLIER_INVOICE", "words": ["a", "b"],
            "boxes": [(0, 0, 1, 1), (0, 0, 1, 1)], "labels": ["O", "B-total_amount"]}
    assert CorpusRecord(**base).labels[1] == "B-total_amount"
    with pytest.raises(ValidationError, match="must align"):
        CorpusRecord(**{**base, "labels": ["O"]})
    with pytest.raises(ValidationError, match="within 0..1000"):
        CorpusRecord(**{**base, "boxes": [(0, 0, 1, 1), (5, 0, 1, 1)]})
    with pytest.raises(ValidationError, match="is not O, B-<field>"):
        CorpusRecord(**{**base, "labels": ["O", "TOTAL"]})
    with pytest.raises(ValidationError, match="unknown document type"):
        CorpusRecord(**{**base, "document_type": "INVOICE"})
    with pytest.raises(ValidationError, match="unknown subtype"):
        CorpusRecord(**{**base, "subtype": "STANDARD_PO"})


def test_record_roundtrip_and_relative_paths(tmp_path):
    record = CorpusRecord(id="x1", source="synthetic", document_type="PURCHASE_ORDER", subtype="STANDARD_PO",
                          image_path="x1.png", pdf_path="/abs/x1.pdf",
                          ground_truth={"fields": {"po_number": "4500000001", "po_date": "2024-11-18",
                                                   "supplier_name": "Acme"}},
                          metadata={"language": "de", "defects": ["wrong_total"], "chain_id": "c7"})
    path = record.save(tmp_path / "x1.json")
    loaded = CorpusRecord.load(path)
    assert loaded == record and loaded.metadata.language == "DE"
    assert loaded.metadata.model_extra["chain_id"] == "c7"
    assert loaded.resolve(tmp_path) == tmp_path / "x1.png"
    assert loaded.resolve(tmp_path, "pdf") == Path("/abs/x1.pdf")
    assert loaded.ground_truth_errors() == []


# ── CORD and FUNSD (fixtures written from the published formats) ──
def test_cord_receipt_to_record():
    converted = cord.convert_one(FIXTURES / "cord" / "json" / "receipt_00000.json")
    record = converted.record
    assert converted.error is None and record.document_type == "SUPPLIER_INVOICE" and record.subtype == "RECEIPT"
    assert record.ground_truth.fields == {"net_amount": 58000.0, "tax_amount": 5800.0, "total_amount": 63800.0,
                                          "cash_paid": 100000.0, "change_amount": 36200.0}
    assert record.ground_truth.line_items == [
        {"quantity": 2.0, "description": "NASI GORENG", "net_amount": 50000.0},
        {"quantity": 1.0, "description": "ES TEH", "unit_price": 8000.0, "net_amount": 8000.0}]
    tagged = dict(zip(record.words, record.labels, strict=True))
    assert tagged["TOTAL"] == "O" and tagged["63,800"] == "B-total_amount"
    assert tagged["NASI"] == "B-li.description" and tagged["GORENG"] == "I-li.description"
    assert tagged["3"] == "O"  # total.menuqty_cnt has no contract field
    assert record.metadata.split == "train" and record.metadata.allowed_splits == ["train"]
    assert record.image_path.endswith("receipt_00000.png")
    # only the required fields CORD does not annotate are missing
    assert record.ground_truth_errors() == ["fields: required field(s) missing: invoice_date, supplier_name"]


def test_cord_hugging_face_row_and_bad_file(tmp_path):
    converted = cord.convert_one(FIXTURES / "cord" / "hf" / "receipt_00001.json")
    assert converted.record.metadata.split == "test"
    assert converted.record.ground_truth.fields["total_amount"] == 63800.0
    bad = tmp_path / "x.json"
    bad.write_text('{"foo": 1}')
    assert cord.convert_one(bad).error == "not a CORD annotation: no 'valid_line' list"


def test_funsd_form_to_unknown_record():
    converted = funsd.convert_one(FIXTURES / "funsd" / "training_data" / "annotations" / "0001.json")
    record = converted.record
    assert (record.document_type, record.subtype) == ("UNKNOWN", "FORM")
    assert set(record.labels) == {"O"} and record.ground_truth_errors() == []
    assert record.words[:3] == ["FAX", "COVER", "SHEET"]
    md = record.metadata.model_extra
    assert md["entity_labels"][:4] == ["B-header", "I-header", "I-header", "B-question"]
    assert [1, 2] in [list(p) for p in md["links"]]
    assert record.metadata.allowed_splits == ["train", "val"]
    assert all(0 <= v <= 1000 for box in record.boxes for v in box)
    test_form = funsd.convert_one(FIXTURES / "funsd" / "testing_data" / "annotations" / "0002.json")
    assert test_form.record.metadata.split == "test"


# ── real data (shared folder) ──
def test_invoice2data_conversion(datasets_dir):
    root = datasets_dir / "invoice2data_compare"
    converted = invoice2data.convert_one(root / "coolblue1.json")
    record = converted.record
    assert record.ground_truth.fields["supplier_iban"] == "NL50INGB0683251309"
    assert record.ground_truth.fields["invoice_date"] == "2014-04-19"
    assert record.ground_truth.fields["total_amount"] == 717.97
    assert record.ground_truth.line_items[0]["description"] == "Apple iPad Air Wifi 16 GB Zilver"
    assert record.ground_truth_errors() == []
    assert record.metadata.split == "test" and record.metadata.language == "NL"
    tagged = dict(zip(record.words, record.labels, strict=True))
    assert tagged["NL50INGB0683251309"] == "B-supplier_iban"
    assert converted.coverage >= 0.8
    azure = invoice2data.convert_one(root / "AzureInterior.json")
    assert "supplier_iban: 'US1234567890' is not a valid iban" in azure.notes  # placeholder dropped
    assert "supplier_iban" not in azure.record.ground_truth.fields
    assert invoice2data.convert_one(root / "Orlen.json").error.startswith("no PDF")


def test_sroie_two_receipts(datasets_dir, tmp_path):
    results = list(sroie.convert(datasets_dir / "sroie", limit=2, cache_dir=tmp_path))
    first = results[0].record
    assert first.id == "sroie_000" and first.subtype == "RECEIPT" and first.metadata.scanned
    assert first.ground_truth.fields["invoice_date"] == "2018-12-25"
    assert first.ground_truth.fields["total_amount"] == 9.0
    assert "B-total_amount" in first.labels and "B-supplier_name" in first.labels
    assert first.metadata.allowed_splits == ["train", "val"]
    assert first.ground_truth_errors() == []
    cached = [json.loads(p.read_text()) for p in tmp_path.glob("*.json")]
    assert len(cached) == 2  # layouts cached, with the wall time they took; CPU unknown (parallel threads)
    assert all(c["preprocess_ms"] > 0 and c["cpu_s"] is None for c in cached)
    # the record's words are the ones the pipeline's own stages 1-2 read (what production sees)
    image = datasets_dir / "sroie" / "img" / "000.jpg"
    (document,) = intake(image.read_bytes(), image.name)
    assert first.words == [w.text for w in preprocess(document).words]
    assert sroie.sroie_split("300") == ("test", ["test"]) and sroie.sroie_split("299") == (None, ["train", "val"])


def test_sroie_key_quirks_are_cleaned():
    from sap_llm.corpus.converters.common import normalise_fields

    cleaned = {k: sroie.clean_key_value(k, v) for k, v in
               {"total_amount": "RM 3.90", "invoice_date": "25032018"}.items()}
    assert normalise_fields(cleaned) == ({"total_amount": 3.9, "invoice_date": "2018-03-25"}, [])
    assert sroie.clean_key_value("invoice_date", "20180304") == "2018-03-04"
