"""Generated scans as training records: labels moved from the clean words onto the words OCR reads."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.lib.pagesizes import A6
from test_inbox_samples import ENGLISH_LINES, text_pdf

from sap_llm.corpus.converters.common import PageWords, pdf_words
from sap_llm.corpus.record import CorpusRecord
from sap_llm.training.scans import (
    SCAN_SOURCE,
    ocr_scan_record,
    page_transform,
    scan_document,
    transfer_labels,
)


def _words(items: list[tuple[str, tuple[int, int, int, int]]], page: int = 0) -> PageWords:
    return PageWords(words=[t for t, _ in items], boxes=[b for _, b in items], pages=[page] * len(items))


CLEAN = _words([
    ("Invoice", (100, 100, 180, 120)), ("number", (190, 100, 260, 120)), ("RE-2024-0042", (270, 100, 400, 120)),
    ("Acme", (100, 200, 160, 220)), ("Industrial", (170, 200, 280, 220)), ("Supplies", (290, 200, 380, 220)),
    ("Total", (100, 300, 160, 320)), ("amount", (170, 300, 250, 320)), ("29.75", (260, 300, 320, 320)),
    ("Thank", (100, 400, 170, 420)), ("you", (180, 400, 220, 420)),
])
LABELS = ["O", "O", "B-invoice_number", "B-supplier_name", "I-supplier_name", "I-supplier_name",
          "O", "O", "B-total_amount", "O", "O"]


def _moved(box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """The clean page scaled by 0.9 and shifted, as deskewing on a widened canvas does."""
    return tuple(round(v * 0.9 + d) for v, d in zip(box, (40, 25, 40, 25), strict=True))  # type: ignore[return-value]


def test_labels_follow_the_words_through_a_shifted_page_with_split_merged_and_lost_words():
    ocr = _words([
        ("Invoice", _moved((100, 100, 180, 120))), ("number", _moved((190, 100, 260, 120))),
        ("RE-2024-", _moved((270, 100, 335, 120))), ("0042", _moved((336, 100, 400, 120))),  # split in two
        ("Acme", _moved((100, 200, 160, 220))), ("IndustrialSupplies", _moved((170, 200, 380, 220))),  # merged
        ("Total", _moved((100, 300, 160, 320))), ("amount", _moved((170, 300, 250, 320))),
        ("29,75", _moved((260, 300, 320, 320))),
        # "Thank you" not read at all
    ])
    labels, coverage = transfer_labels(CLEAN, LABELS, ocr)
    assert labels == ["O", "O", "B-invoice_number", "I-invoice_number", "B-supplier_name", "I-supplier_name",
                      "O", "O", "B-total_amount"]
    assert coverage == pytest.approx(4 / 5)  # "Supplies" has no OCR word of its own


def test_page_transform_recovers_the_shift_and_falls_back_to_identity_without_anchors():
    ocr = _words([(t, _moved(b)) for t, b in zip(CLEAN.words, CLEAN.boxes, strict=True)])
    idx = list(range(len(CLEAN.words)))
    matrix = page_transform(CLEAN, idx, ocr, idx)
    assert matrix[0, 0] == pytest.approx(0.9, abs=0.01) and matrix[2, 1] == pytest.approx(25, abs=1)
    few = _words([("a", (0, 0, 1, 1))])
    assert page_transform(few, [0], few, [0]).tolist() == [[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]]


def test_an_i_label_that_lost_its_beginning_starts_a_new_span():
    clean = _words([("Acme", (100, 200, 160, 220)), ("Industrial", (170, 200, 280, 220))])
    ocr = _words([("Industrial", (170, 200, 280, 220))])
    labels, coverage = transfer_labels(clean, ["B-supplier_name", "I-supplier_name"], ocr)
    assert labels == ["B-supplier_name"] and coverage == 0.5


def _png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def _scan_record(tmp_path, pages: int) -> CorpusRecord:
    """A record whose clean words come from a PDF's text layer and whose scan is that PDF rendered at 300 DPI."""
    pdf_path = tmp_path / "doc.pdf"
    pdf_path.write_bytes(text_pdf(ENGLISH_LINES, pages=pages, pagesize=A6))
    clean = pdf_words(pdf_path)
    pdf = pdfium.PdfDocument(pdf_path.read_bytes())
    for index in range(pages):
        image = pdf[index].render(scale=300 / 72, grayscale=True).to_pil().convert("L")
        (tmp_path / ("doc.png" if index == 0 else f"doc_p{index + 1}.png")).write_bytes(_png(image))
    pdf.close()
    labels = ["B-invoice_number" if w == "2024-0042" else "B-total_amount" if w == "29.75" else "O"
              for w in clean.words]
    record = CorpusRecord(id="doc", source="synthetic", document_type="SUPPLIER_INVOICE", image_path="doc.png",
                          words=clean.words, boxes=clean.boxes, word_pages=clean.pages, labels=labels,
                          metadata={"scanned": True, "page_count": pages})
    record.record_dir = str(tmp_path)
    return record


def test_a_multi_page_scan_is_one_tiff_and_a_single_page_its_png(tmp_path):
    two = _scan_record(tmp_path, pages=2)
    data, name = scan_document(two)
    assert name == "doc.tif"
    with Image.open(io.BytesIO(data)) as tiff:
        assert tiff.n_frames == 2
    (tmp_path / "doc_p2.png").unlink()
    data, name = scan_document(two)
    assert name == "doc.png" and data == (tmp_path / "doc.png").read_bytes()
    (tmp_path / "doc.png").unlink()
    assert scan_document(two) is None
    assert ocr_scan_record(two).error == "no scan image"


def test_a_scan_record_carries_the_ocr_words_of_every_page_with_the_labels(tmp_path):
    scanned = ocr_scan_record(_scan_record(tmp_path, pages=2))
    record = scanned.record
    assert record is not None and scanned.coverage == 1.0
    assert record.id == "doc_ocr" and record.source == SCAN_SOURCE and record.pdf_path is None
    assert set(record.word_pages) == {0, 1}
    tagged = [(w, p, label) for w, p, label in zip(record.words, record.word_pages, record.labels, strict=True)
              if label != "O"]
    assert tagged == [("2024-0042", 0, "B-invoice_number"), ("29.75", 0, "B-total_amount"),
                      ("2024-0042", 1, "B-invoice_number"), ("29.75", 1, "B-total_amount")]
    assert CorpusRecord.model_validate_json(record.model_dump_json()).labels == record.labels
