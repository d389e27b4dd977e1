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


def test_order_confirmations_keep_their_type_when_we_issued_them() -> None:
    """An order confirmation prints as SALES_ORDER: ours stays a sales order, a supplier's confirms our PO."""
    from sap_llm.classify.direction import DirectionEvidence, as_printed

    printed_confirmation = {"SALES_ORDER": 0.7, "PURCHASE_ORDER": 0.2, "DELIVERY_NOTE": 0.1}
    ours, _ = resolve_family(printed_confirmation, DirectionEvidence(direction="outgoing"))
    assert max(ours, key=ours.get) == "SALES_ORDER" and abs(ours["SALES_ORDER"] - 0.9) < 1e-9
    theirs, reasons = resolve_family(printed_confirmation, DirectionEvidence(direction="incoming"))
    assert max(theirs, key=theirs.get) == "PURCHASE_ORDER" and theirs["SALES_ORDER"] == 0.0 and reasons
    printed_order = {"PURCHASE_ORDER": 0.8, "SALES_ORDER": 0.2}
    ours, _ = resolve_family(printed_order, DirectionEvidence(direction="outgoing"))
    assert max(ours, key=ours.get) == "PURCHASE_ORDER"
    # Training labels are the inverse: what the page shows.
    assert as_printed("SALES_ORDER", "incoming") == "PURCHASE_ORDER"  # a customer's order we received
    assert as_printed("SALES_ORDER", "outgoing") == "SALES_ORDER"  # our confirmation
    assert as_printed("PURCHASE_ORDER", "incoming") == "SALES_ORDER"  # a supplier's confirmation of our PO
    assert as_printed("SUPPLIER_INVOICE", "incoming") == "SUPPLIER_INVOICE"
    for doc_type in ("PURCHASE_ORDER", "SALES_ORDER"):
        for direction in ("incoming", "outgoing"):
            printed = as_printed(doc_type, direction)
            resolved, _ = resolve_family({printed: 0.9, "UNKNOWN": 0.1}, DirectionEvidence(direction=direction))
            assert max(resolved, key=resolved.get) == doc_type
