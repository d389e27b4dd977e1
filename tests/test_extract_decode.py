"""Constrained decoding: valid BIO only, typed values, fallback spans, schema-valid, nothing invented."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sap_llm.contract import validate_adc
from sap_llm.extract.decode import (
    WordView,
    decode,
    is_valid_bio,
    path_spans,
    start_vector,
    transition_matrix,
    viterbi,
)
from sap_llm.normalize import normalize_value

LABELS = ["O", "B-invoice_number", "I-invoice_number", "B-invoice_date", "I-invoice_date",
          "B-total_amount", "I-total_amount", "B-supplier_name", "I-supplier_name",
          "B-li.description", "I-li.description", "B-li.quantity", "I-li.quantity", "B-li.net_amount",
          "I-li.net_amount", "B-po_date"]

WORDS = [  # text, box
    ("ACME", (50, 40, 120, 55)), ("GmbH", (125, 40, 180, 55)),
    ("Invoice", (50, 100, 110, 112)), ("RE-2024-0815", (120, 100, 220, 112)),
    ("Date", (50, 120, 90, 132)), ("18.11.2024", (120, 120, 200, 132)), ("Ref", (250, 120, 280, 132)),
    ("Laptop", (50, 300, 110, 312)), ("Pro", (115, 300, 140, 312)), ("2", (400, 300, 410, 312)),
    ("2.000,00", (600, 300, 680, 312)),
    ("Mouse", (50, 320, 100, 332)), ("5", (400, 320, 410, 332)), ("50,00", (600, 320, 660, 332)),
    ("Total", (450, 400, 500, 412)), ("2.050,00", (600, 400, 680, 412)), ("EUR", (690, 400, 720, 412)),
]


def words() -> list[WordView]:
    return [WordView(t, b, 0, -1) for t, b in WORDS]


def onehot(tags: list[str], confidence: float = 0.9) -> np.ndarray:
    probs = np.full((len(tags), len(LABELS)), (1 - confidence) / (len(LABELS) - 1))
    for i, tag in enumerate(tags):
        probs[i, LABELS.index(tag)] = confidence
    return probs


TAGS = ["B-supplier_name", "I-supplier_name", "O", "B-invoice_number", "O", "B-invoice_date", "O",
        "B-li.description", "I-li.description", "B-li.quantity", "B-li.net_amount",
        "B-li.description", "B-li.quantity", "B-li.net_amount", "O", "B-total_amount", "O"]


def test_clean_tags_decode_to_the_contract() -> None:
    ext = decode(onehot(TAGS), LABELS, words(), "SUPPLIER_INVOICE", "STANDARD_INVOICE")
    assert ext.fields == {"supplier_name": "ACME GmbH", "invoice_number": "RE-2024-0815",
                          "invoice_date": "2024-11-18", "total_amount": 2050.0, "currency": "EUR",
                          "document_number": "RE-2024-0815", "document_date": "2024-11-18"}
    assert ext.line_items == [{"description": "Laptop Pro", "quantity": 2.0, "net_amount": 2000.0},
                              {"description": "Mouse", "quantity": 5.0, "net_amount": 50.0}]
    assert ext.evidence["invoice_date"].raw == "18.11.2024"
    assert ext.evidence["invoice_date"].word_indices == [5]
    assert 0 < ext.field_confidence["invoice_number"] <= 1
    adc = {"document_type": "SUPPLIER_INVOICE", "subtype": "STANDARD_INVOICE", **ext.model_dump(
        include={"fields", "line_items"})}
    assert validate_adc(adc) == []


def test_a_date_field_falls_back_to_the_next_span_that_parses() -> None:
    tags = list(TAGS)
    probs = onehot(tags)
    # The model prefers "Ref" (not a date) for the invoice date; the real date is second best.
    probs[6] = 0.0
    probs[6, LABELS.index("B-invoice_date")] = 0.95
    probs[6, 0] = 0.05
    probs[5] = 0.0
    probs[5, 0] = 0.6
    probs[5, LABELS.index("B-invoice_date")] = 0.4
    ext = decode(probs, LABELS, words(), "SUPPLIER_INVOICE")
    assert ext.fields["invoice_date"] == "2024-11-18"
    assert ext.evidence["invoice_date"].word_indices == [5]


def test_labels_of_other_types_are_never_emitted() -> None:
    tags = list(TAGS)
    tags[5] = "B-po_date"  # po_date is not a field of a payment advice
    ext = decode(onehot(tags), LABELS, words(), "PAYMENT_ADVICE")
    assert "po_date" not in ext.fields
    assert validate_adc({"document_type": "PAYMENT_ADVICE", "fields": ext.fields,
                         "line_items": ext.line_items}) == [] or "required" in " ".join(
        validate_adc({"document_type": "PAYMENT_ADVICE", "fields": ext.fields, "line_items": ext.line_items}))


def test_required_field_taken_from_the_best_parsing_span_when_untagged() -> None:
    tags = list(TAGS)
    tags[3] = "O"  # the path misses the invoice number, which the invoice schema requires
    probs = onehot(tags)
    probs[3, LABELS.index("B-invoice_number")] = 0.3
    probs[3] /= probs[3].sum()
    ext = decode(probs, LABELS, words(), "SUPPLIER_INVOICE")
    assert ext.fields["invoice_number"] == "RE-2024-0815"



def test_a_required_date_printed_in_words_is_found_when_only_its_first_word_is_tagged() -> None:
    """"15 de enero de 2024": the model marks "15" weakly as B-invoice_date and gives the rest no I mass;
    the decoder tries the next words of the line until the span parses as a date."""
    page = [("Factura", (50, 100, 110, 112)), ("F-77", (120, 100, 160, 112)),
            ("Fecha", (50, 120, 90, 132)), ("15", (120, 120, 135, 132)), ("de", (140, 120, 155, 132)),
            ("enero", (160, 120, 200, 132)), ("de", (205, 120, 220, 132)), ("2024", (225, 120, 260, 132)),
            ("Total", (450, 400, 500, 412)), ("EUR", (510, 400, 540, 412)), ("80,00", (600, 400, 660, 412)),
            ("ACME", (50, 40, 120, 55))]
    tags = ["O", "B-invoice_number", "O", "O", "O", "O", "O", "O", "O", "O", "B-total_amount", "B-supplier_name"]
    probs = onehot(tags)
    probs[3, LABELS.index("B-invoice_date")] = 0.2
    probs[3] /= probs[3].sum()
    ext = decode(probs, LABELS, [WordView(t, b, 0, -1) for t, b in page], "SUPPLIER_INVOICE")
    assert ext.fields["invoice_date"] == "2024-01-15"
    assert ext.evidence["invoice_date"].raw == "15 de enero de 2024"
    assert validate_adc({"document_type": "SUPPLIER_INVOICE", "subtype": None, "fields": ext.fields,
                         "line_items": ext.line_items}) == []


def test_an_optional_field_off_the_path_is_read_only_with_enough_mass_and_unused_words() -> None:
    labels = [*LABELS, "B-due_date"]
    page = [*WORDS, ("Due", (250, 140, 280, 152)), ("20.12.2024", (300, 140, 380, 152))]

    def with_due(mass: float, word: int) -> dict:
        probs = np.hstack([onehot([*TAGS, "O", "O"]), np.zeros((len(page), 1))])
        probs[word, -1] = mass
        probs[word] /= probs[word].sum()
        return decode(probs, labels, [WordView(t, b, 0, -1) for t, b in page], "SUPPLIER_INVOICE").fields

    assert with_due(0.6, 18)["due_date"] == "2024-12-20"  # the path says O (0.9 before normalising), B mass 0.4
    assert "due_date" not in with_due(0.1, 18)  # too little mass: left out
    assert "due_date" not in with_due(0.6, 5)  # 18.11.2024 is already the invoice date: never read twice


def test_a_required_field_keeps_the_words_an_optional_field_was_tagged_on() -> None:
    """The invoice's one date tagged as its due date: the required invoice date takes it, the due date is left
    out rather than read twice, and is read from its own words where the page prints one."""
    labels = [*LABELS, "B-due_date"]
    page = [*WORDS, ("Due", (250, 140, 280, 152)), ("20.12.2024", (300, 140, 380, 152))]
    probs = np.hstack([onehot([*TAGS, "O", "O"]), np.zeros((len(page), 1))])
    probs[5] = 0.01
    probs[5, LABELS.index("B-invoice_date")], probs[5, -1] = 0.3, 0.5  # the path tags the date as the due date
    probs[5] /= probs[5].sum()

    def decoded(due_mass: float):
        p = probs.copy()
        p[18, -1] = due_mass
        p[18] /= p[18].sum()
        return decode(p, labels, [WordView(t, b, 0, -1) for t, b in page], "SUPPLIER_INVOICE").fields

    alone = decoded(0.0)
    assert alone["invoice_date"] == "2024-11-18" and "due_date" not in alone
    both = decoded(0.5)
    assert both["invoice_date"] == "2024-11-18" and both["due_date"] == "2024-12-20"

def test_an_address_printed_whole_and_again_in_part_is_read_where_it_is_whole() -> None:
    """Letterhead "Industriestrasse 7, 70565 Stuttgart" and a footer repeating "Industriestrasse 7", both tagged
    with near-certainty: the whole address is the value, not the more confident fragment."""
    labels = ["O", "B-supplier_address", "I-supplier_address"]
    page = [("Industriestrasse", (50, 40, 150, 52)), ("7,", (155, 40, 165, 52)), ("70565", (170, 40, 210, 52)),
            ("Stuttgart", (215, 40, 280, 52)), ("Industriestrasse", (50, 900, 150, 912)), ("7", (155, 900, 162, 912))]
    probs = np.array([[0.02, 0.97, 0.01], [0.03, 0.01, 0.96], [0.05, 0.0, 0.95], [0.04, 0.0, 0.96],
                      [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    ext = decode(probs, labels, [WordView(t, b, 0, -1) for t, b in page], "SUPPLIER_INVOICE")
    assert ext.fields["supplier_address"] == "Industriestrasse 7, 70565 Stuttgart"
    assert ext.evidence["supplier_address"].word_indices == [0, 1, 2, 3]


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), doc_type=st.sampled_from(["SUPPLIER_INVOICE", "PURCHASE_ORDER",
                                                               "DELIVERY_NOTE", "CREDIT_MEMO"]))
def test_random_distributions_still_give_valid_bio_schema_valid_and_only_page_values(seed: int, doc_type: str) -> None:
    rng = np.random.default_rng(seed)
    probs = rng.dirichlet(np.full(len(LABELS), 0.3), size=len(WORDS))
    log_probs = np.log(probs)
    path = viterbi(log_probs, transition_matrix(LABELS), start_vector(LABELS))
    assert is_valid_bio([LABELS[i] for i in path])
    spans = path_spans(path, LABELS, probs)
    assert all(s.start <= s.end for s in spans)
    ext = decode(probs, LABELS, words(), doc_type)
    errors = validate_adc({"document_type": doc_type, "fields": ext.fields, "line_items": ext.line_items})
    assert all("required" in e for e in errors), errors  # only a missing required field may remain
    texts = [t for t, _ in WORDS]
    for name, value in ext.fields.items():
        ev = ext.evidence[name]
        raw_words = [texts[i] for i in ev.word_indices]
        assert ev.raw.split() == raw_words  # the value was read from these words
        from sap_llm.contract import FIELDS

        assert normalize_value(FIELDS[name].type, " ".join(raw_words)) is not None or FIELDS[name].type == "address"
        assert value is not None
