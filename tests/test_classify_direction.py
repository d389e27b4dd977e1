"""Incoming vs outgoing from the organisation profile, and the family mass it moves."""

from __future__ import annotations

from sap_llm.classify.direction import detect_direction, resolve_family
from sap_llm.profile import load_profile
from sap_llm.records import Layout, Line, Page, Word


def layout(lines: list[tuple[int, str]]) -> Layout:
    words, out_lines = [], []
    for y, text in lines:
        idx = []
        for k, token in enumerate(text.split()):
            idx.append(len(words))
            words.append(Word(text=token, box=(50 + 60 * k, y, 100 + 60 * k, y + 12), page=0))
        out_lines.append(Line(page=0, word_indices=idx, box=(50, y, 900, y + 12)))
    return Layout(document_id="x", pages=[Page(index=0, width=595, height=842, source="text_layer")], words=words,
                  lines=out_lines)


def test_our_letterhead_and_iban_mean_outgoing() -> None:
    profile = load_profile()
    own = profile.company_codes[0]
    doc = layout([(40, own.name), (300, "Invoice 4711"), (900, f"IBAN {own.iban}")])
    evidence = detect_direction(doc, profile)
    assert evidence.direction == "outgoing"
    probs, reasons = resolve_family({"SUPPLIER_INVOICE": 0.7, "CUSTOMER_INVOICE": 0.2, "CREDIT_MEMO": 0.1}, evidence)
    assert max(probs, key=probs.get) == "CUSTOMER_INVOICE"
    assert abs(probs["CUSTOMER_INVOICE"] - 0.9) < 1e-9 and probs["SUPPLIER_INVOICE"] == 0.0
    assert reasons


def test_our_name_in_the_address_window_means_incoming() -> None:
    profile = load_profile()
    own = profile.company_codes[0]
    doc = layout([(40, "Some Supplier SARL"), (220, own.name), (300, "Bestellung 4711")])
    evidence = detect_direction(doc, profile)
    assert evidence.direction == "incoming"
    probs, _ = resolve_family({"PURCHASE_ORDER": 0.6, "SALES_ORDER": 0.4}, evidence)
    assert max(probs, key=probs.get) == "SALES_ORDER"


def test_no_evidence_leaves_the_model_alone() -> None:
    doc = layout([(40, "Unrelated Company Ltd"), (300, "Invoice 1")])
    evidence = detect_direction(doc, load_profile())
    assert evidence.direction == "unknown"
    probs = {"SUPPLIER_INVOICE": 0.6, "CUSTOMER_INVOICE": 0.4}
    assert resolve_family(probs, evidence) == (probs, [])
    assert detect_direction(doc, None).direction == "unknown"
