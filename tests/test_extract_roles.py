"""Party roles: our own company decoded on the wrong side is moved to ours, by re-decoding swapped columns."""

from __future__ import annotations

import numpy as np

from sap_llm.contract import validate_adc
from sap_llm.extract.decode import WordView, decode
from sap_llm.extract.roles import decode_with_roles, misplaced_side, swap_sides
from sap_llm.profile import load_profile

LABELS = ["O", "B-invoice_number", "B-invoice_date", "B-total_amount", "B-supplier_name", "I-supplier_name",
          "B-customer_name", "I-customer_name", "B-supplier_vat_id", "B-customer_vat_id"]

WORDS = [("Pioneer", (50, 40, 120, 55)), ("Industries", (125, 40, 200, 55)), ("Inc.", (205, 40, 240, 55)),
         ("Nordwind", (50, 150, 120, 162)), ("Handels", (125, 150, 190, 162)), ("GmbH", (195, 150, 240, 162)),
         ("Invoice", (50, 250, 110, 262)), ("A-17", (120, 250, 160, 262)),
         ("Date", (50, 270, 90, 282)), ("18.11.2024", (120, 270, 200, 282)),
         ("Total", (450, 400, 500, 412)), ("EUR", (510, 400, 540, 412)), ("99,00", (600, 400, 660, 412))]


def words() -> list[WordView]:
    return [WordView(t, b, 0, -1) for t, b in WORDS]


def probs(tags: list[str]) -> np.ndarray:
    out = np.full((len(tags), len(LABELS)), 0.1 / (len(LABELS) - 1))
    for i, tag in enumerate(tags):
        out[i, LABELS.index(tag)] = 0.9
    return out


# The issuer (Pioneer, at the top) tagged as customer, our own company (Nordwind, address window) as supplier.
SWAPPED_TAGS = ["B-customer_name", "I-customer_name", "I-customer_name", "B-supplier_name", "I-supplier_name",
                "I-supplier_name", "O", "B-invoice_number", "O", "B-invoice_date", "O", "O", "B-total_amount"]


def test_swap_sides_exchanges_only_the_paired_columns() -> None:
    p = probs(SWAPPED_TAGS)
    s = swap_sides(p, LABELS)
    sup, cus = LABELS.index("B-supplier_name"), LABELS.index("B-customer_name")
    assert np.array_equal(s[:, sup], p[:, cus]) and np.array_equal(s[:, cus], p[:, sup])
    assert np.array_equal(s[:, LABELS.index("B-total_amount")], p[:, LABELS.index("B-total_amount")])


def test_our_company_on_the_supplier_side_of_a_supplier_invoice_is_moved() -> None:
    profile = load_profile()
    plain = decode(probs(SWAPPED_TAGS), LABELS, words(), "SUPPLIER_INVOICE", "STANDARD_INVOICE")
    assert plain.fields["supplier_name"] == "Nordwind Handels GmbH"
    assert misplaced_side(plain.fields, "SUPPLIER_INVOICE", profile) == "supplier"
    fixed = decode_with_roles(probs(SWAPPED_TAGS), LABELS, words(), "SUPPLIER_INVOICE", "STANDARD_INVOICE", profile)
    assert fixed.fields["supplier_name"] == "Pioneer Industries Inc."
    assert fixed.fields["customer_name"] == "Nordwind Handels GmbH"
    assert fixed.fields["invoice_number"] == "A-17" and fixed.fields["total_amount"] == 99.0
    assert fixed.evidence["supplier_name"].raw == "Pioneer Industries Inc."
    assert fixed.notes and "Nordwind Handels GmbH" in fixed.notes[0]
    adc = {"document_type": "SUPPLIER_INVOICE", "subtype": "STANDARD_INVOICE", "fields": fixed.fields,
           "line_items": fixed.line_items}
    assert validate_adc(adc) == []


def test_on_our_own_customer_invoice_we_are_the_supplier() -> None:
    profile = load_profile()
    # Same page read the other way round: Nordwind as supplier is right for a customer invoice.
    ext = decode_with_roles(probs(SWAPPED_TAGS), LABELS, words(), "CUSTOMER_INVOICE", "STANDARD_INVOICE", profile)
    assert ext.fields["supplier_name"] == "Nordwind Handels GmbH" and not ext.notes


def test_without_a_profile_or_for_other_types_nothing_moves() -> None:
    p = probs(SWAPPED_TAGS)
    for doc_type, profile in (("SUPPLIER_INVOICE", None), ("DELIVERY_NOTE", load_profile())):
        ext = decode_with_roles(p, LABELS, words(), doc_type, None, profile)
        assert ext == decode(p, LABELS, words(), doc_type, None)


def test_our_vat_id_identifies_us_too() -> None:
    profile = load_profile()
    assert misplaced_side({"supplier_vat_id": "DE 811 234 565", "customer_name": "Pioneer"}, "CREDIT_MEMO",
                          profile) == "supplier"
    assert misplaced_side({"supplier_name": "Pioneer", "customer_name": "Nordwind Handels GmbH"}, "CREDIT_MEMO",
                          profile) is None
