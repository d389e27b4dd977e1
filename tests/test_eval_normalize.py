"""Normal forms used to compare expected and predicted values."""

from __future__ import annotations

import pytest

from sap_llm.evaluation.analysis import value_in_text
from sap_llm.evaluation.normalize import field_kind, norm_amount, norm_date, values_equal


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1.234,56", 1234.56),
        ("1,234.56", 1234.56),
        ("1'234.56", 1234.56),
        ("RM 60.30", 60.30),
        ("12,5", 12.5),
        ("1,234", 1234.0),
        ("-5.00", -5.0),
        ("€ 1.190,00", 1190.0),
        (42, 42.0),
        ("n/a", None),
    ],
)
def test_norm_amount(text, number):
    assert norm_amount(text) == (pytest.approx(number) if number is not None else None)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("18/04/2018", "2018-04-18"),
        ("12-01-19", "2019-01-12"),
        ("05 MAR 2018", "2018-03-05"),
        ("24-MAR-2018", "2018-03-24"),
        ("02/JAN/2017", "2017-01-02"),
        ("OCT 3, 2016", "2016-10-03"),
        ("20180304", "2018-03-04"),
        ("25032018", "2018-03-25"),
        ("(06/12/2016)", "2016-12-06"),
        ("18. November 2024", "2024-11-18"),
        ("18 novembre 2024", "2024-11-18"),
        ("2024-11-18", "2024-11-18"),
        ("not a date", None),
    ],
)
def test_norm_date(text, iso):
    assert norm_date(text) == iso


def test_field_kinds_and_equality():
    assert field_kind("invoice_date") == "date"
    assert field_kind("total_amount") == "amount"
    assert field_kind("supplier_vat_id") == "code"
    assert field_kind("invoice_number") == "identifier"
    assert field_kind("supplier_name") == "text"
    assert field_kind("supplier_address") == "address"
    assert field_kind("description", "line_item") == "text"
    assert values_equal("invoice_number", "RE 2024 0815", "re20240815")
    assert values_equal("supplier_vat_id", "DE 232 446 240", "DE232446240")
    assert values_equal("invoice_date", "18.11.2024", "2024-11-18")
    assert not values_equal("invoice_number", "RE-1", "RE-2")
    assert values_equal("total_amount", None, "")
    # an address is its words: the comma one annotator types at a printed line break does not count...
    assert values_equal("supplier_address", "NO.53 JALAN PUTRA 1, 81200 JOHOR BAHRU JOHOR",
                        "No. 53 Jalan Putra 1, 81200 Johor Bahru, Johor.")
    # ...but a missing, extra or misread word does, and a name is still compared with its punctuation
    assert not values_equal("supplier_address", "NO.53 JALAN PUTRA 1, 81200 JOHOR BAHRU", "NO.53 JALAN PUTRA 1")
    assert not values_equal("supplier_address", "NO.53 JALAN PUTRA 1", "NO.5 3 JALAN PUTRA 1")
    assert not values_equal("supplier_name", "S.H.H. MOTOR", "SHH MOTOR")


def test_value_in_text_finds_values_in_their_printed_forms():
    text = "INVOICE RE-2024-0815\nDate: 18.11.2024\nTotal EUR 1.190,00\nIBAN DE89 3704 0044 0532 0130 00"
    assert value_in_text("invoice_date", "2024-11-18", text)
    assert value_in_text("total_amount", 1190.0, text)
    assert value_in_text("supplier_iban", "DE89370400440532013000", text)
    assert value_in_text("invoice_number", "RE-2024-0815", text)
    assert not value_in_text("total_amount", 1191.0, text)
    assert not value_in_text("invoice_date", "2024-11-19", text)


def test_value_in_text_ignores_line_breaks_and_punctuation_the_label_adds():
    text = "3RD FLR AEON TAMAN MALURI SC\nJLN JEJAKA, TAMAN MALURI CHERAS\n55100 KUALA LUMPUR."
    assert value_in_text("supplier_address", "3RD FLR, AEON TAMAN MALURI SC JLN JEJAKA, TAMAN MALURI CHERAS, "
                         "55100 KUALA LUMPUR", text)  # fmt: skip
    assert not value_in_text("supplier_address", "3RD FLR, AEON TAMAN MALURI SC, 55100 PETALING JAYA", text)
