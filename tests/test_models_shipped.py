"""The shipped ONNX models load and run on a freshly generated invoice PDF, through the real stages 1–5."""

from __future__ import annotations

import io

import pytest

from sap_llm import paths
from sap_llm.contract import DOCUMENT_TYPES, validate_adc
from sap_llm.models import CLASSIFIER_DIR, TAGGER_DIR, load_models

REPO = paths.model_repository()


def invoice_pdf() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(50, 790, "Acme Industrial Supplies Ltd")
    c.setFont("Helvetica", 10)
    c.drawString(50, 775, "12 Mill Road, Manchester M1 2AB, United Kingdom")
    c.drawString(50, 700, "Nordwind Handels GmbH")
    c.drawString(50, 686, "Hafenstrasse 12, 20457 Hamburg")
    c.setFont("Helvetica-Bold", 14)
    c.drawString(50, 640, "INVOICE")
    c.setFont("Helvetica", 10)
    for y, (label, value) in zip(range(620, 560, -15), [("Invoice No.", "INV-2024-00815"), ("Invoice Date", "18 Nov 2024"),
                                                       ("PO Number", "4500012345"), ("Due Date", "18 Dec 2024")]):
        c.drawString(50, y, label)
        c.drawString(160, y, value)
    c.drawString(50, 520, "Pos")
    c.drawString(90, 520, "Description")
    c.drawString(330, 520, "Qty")
    c.drawString(380, 520, "Unit")
    c.drawString(430, 520, "Unit price")
    c.drawString(510, 520, "Amount")
    rows = [("10", "Hydraulic pump HP-200", "2", "pcs", "450.00", "900.00"),
            ("20", "Sealing kit SK-9", "10", "pcs", "12.50", "125.00")]
    for y, row in zip((500, 485), rows):
        for x, text in zip((50, 90, 330, 380, 430, 510), row):
            c.drawString(x, y, text)
    c.drawString(430, 440, "Net amount")
    c.drawString(510, 440, "1,025.00")
    c.drawString(430, 425, "VAT 20%")
    c.drawString(510, 425, "205.00")
    c.drawString(430, 410, "Total GBP")
    c.drawString(510, 410, "1,230.00")
    c.drawString(50, 100, "Bank: IBAN GB29 NWBK 6016 1331 9268 19  BIC NWBKGB2L  VAT GB123456789")
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.fixture(scope="module")
def bundle():
    for d in (CLASSIFIER_DIR, TAGGER_DIR):
        assert (REPO / d / "model.onnx").is_file(), f"shipped model missing: {REPO / d / 'model.onnx'}"
    return load_models(REPO)


def test_shipped_models_run_on_a_generated_invoice(bundle) -> None:
    from sap_llm.classify import classify
    from sap_llm.extract import extract
    from sap_llm.inbox import intake
    from sap_llm.preprocess import preprocess
    from sap_llm.profile import load_profile
    from sap_llm.records import Document

    document = next(d for d in intake(invoice_pdf(), "invoice.pdf") if isinstance(d, Document))
    layout = preprocess(document)
    classification = classify(layout, profile=load_profile(), models=bundle)
    assert classification.document_type in DOCUMENT_TYPES
    assert abs(sum(classification.document_type_probabilities.values()) - 1) < 1e-3
    assert classification.document_type in {"SUPPLIER_INVOICE", "CUSTOMER_INVOICE", "CREDIT_MEMO"}, classification
    extraction = extract(layout, classification, models=bundle)
    words = {w.text for w in layout.words}
    for name, ev in extraction.evidence.items():
        assert set(ev.raw.split()) <= words, (name, ev.raw)  # read from the page, not invented
    adc = {"document_type": classification.document_type, "subtype": classification.subtype,
           "fields": extraction.fields, "line_items": extraction.line_items}
    assert all("required" in e for e in validate_adc(adc))
    assert extraction.fields, "the tagger found no field at all on a plain invoice"


def test_label_maps_match_the_onnx_outputs(bundle) -> None:
    tagger, classifier = bundle.tagger, bundle.classifier
    assert tagger is not None and classifier is not None
    out = tagger.session.get_outputs()[0]
    assert out.shape[-1] == len(tagger.labels)
    assert classifier.session.get_outputs()[0].shape[-1] == len(classifier.document_types)
    assert tagger.labels[0] == "O" and all(lab[:2] in ("B-", "I-") for lab in tagger.labels[1:])
