"""Evaluation metrics against values computed by hand (the arithmetic is in the comments)."""

from __future__ import annotations

import pytest

from sap_llm.evaluation.metrics import (
    align_rows,
    classification_metrics,
    compare_fields,
    cost_per_document,
    expected_calibration_error,
    field_scores,
    line_item_counts,
    percentile,
    routing_accuracy,
    rule_pass_rates,
    sroie_normalised_equal,
    sroie_scores,
    sroie_strict_equal,
    status_rates,
)


def test_confusion_matrix_accuracy_and_macro_f1_by_hand():
    y_true = ["A", "A", "B", "C"]
    y_pred = ["A", "B", "B", "A"]
    m = classification_metrics(y_true, y_pred)
    assert m["confusion"]["labels"] == ["A", "B", "C"]
    assert m["confusion"]["matrix"] == [[1, 1, 0], [0, 1, 0], [1, 0, 0]]
    assert m["accuracy"] == pytest.approx(0.5)
    # A: tp1 fp1 fn1 -> F1 .5 ; B: tp1 fp1 fn0 -> P .5 R 1 F1 2/3 ; C: tp0 -> 0
    assert m["per_class"]["A"]["f1"] == pytest.approx(0.5)
    assert m["per_class"]["B"]["precision"] == pytest.approx(0.5)
    assert m["per_class"]["B"]["recall"] == pytest.approx(1.0)
    assert m["per_class"]["B"]["f1"] == pytest.approx(2 / 3)
    assert m["per_class"]["C"]["f1"] == 0.0
    assert m["macro_f1"] == pytest.approx((0.5 + 2 / 3 + 0) / 3)


def test_a_predicted_but_never_expected_class_lowers_macro_f1():
    m = classification_metrics(["A", "A"], ["A", "Z"])
    assert m["confusion"]["labels"] == ["A", "Z"]
    # A: tp1 fn1 -> P 1 R .5 F1 2/3 ; Z: fp1 -> 0
    assert m["macro_f1"] == pytest.approx((2 / 3 + 0) / 2)


def test_field_scores_by_hand():
    doc1 = compare_fields(
        {"total_amount": 100.0, "supplier_name": "ACME GmbH", "invoice_date": "2024-01-05"},
        {"total_amount": "100.004", "supplier_name": "acme  gmbh", "po_number": "4500"},
    )
    outcomes = {c.name: c.outcome for c in doc1}
    assert outcomes == {
        "total_amount": "correct",  # within one cent
        "supplier_name": "correct",  # whitespace and case normalised
        "invoice_date": "missing",
        "po_number": "spurious",
    }
    doc2 = compare_fields({"total_amount": 50}, {"total_amount": 50.02})  # off by 2 cents: wrong
    scores = field_scores([doc1, doc2])
    total = scores["per_field"]["total_amount"]
    assert (total["tp"], total["fp"], total["fn"]) == (1, 1, 1)
    assert total["f1"] == pytest.approx(0.5)
    assert scores["per_field"]["supplier_name"]["f1"] == 1.0
    assert scores["per_field"]["invoice_date"]["recall"] == 0.0
    assert scores["per_field"]["po_number"]["support"] == 0
    # micro: tp 2, fp 2 (po_number, wrong total), fn 2 (date, wrong total)
    assert scores["micro"]["precision"] == pytest.approx(0.5)
    assert scores["micro"]["recall"] == pytest.approx(0.5)
    assert scores["micro"]["f1"] == pytest.approx(0.5)
    # macro over fields expected at least once: (0.5 + 1 + 0) / 3
    assert scores["macro_f1"] == pytest.approx(0.5)


def test_field_scope_ignores_unannotated_fields():
    comparisons = compare_fields(
        {"supplier_name": "SHOP"}, {"supplier_name": "SHOP", "invoice_number": "77"}, scope={"supplier_name"}
    )
    assert [(c.name, c.outcome) for c in comparisons] == [("supplier_name", "correct")]


def test_line_items_align_rows_in_any_order_and_count_cells():
    expected = [
        {"description": "Laptop", "quantity": 1, "unit_price": 1000},
        {"description": "Mouse", "quantity": 2, "unit_price": 10},
    ]
    got = [
        {"description": "Mouse", "quantity": 2, "unit_price": 12},
        {"description": "laptop", "quantity": 1.0, "unit_price": "1000.00"},
        {"description": "Cable", "quantity": 1},
    ]
    assert sorted(align_rows(expected, got)) == [(0, 1, 3), (1, 0, 2)]
    counts = line_item_counts(expected, got)
    # tp 5 of 6 expected cells; 8 predicted cells -> fp 3
    assert (counts.tp, counts.fp, counts.fn) == (5, 3, 1)
    assert counts.precision == pytest.approx(5 / 8)
    assert counts.recall == pytest.approx(5 / 6)
    assert counts.f1 == pytest.approx(2 * (5 / 8) * (5 / 6) / (5 / 8 + 5 / 6))


def test_line_items_columns_restrict_what_is_scored():
    counts = line_item_counts([{"description": "A"}], [{"description": "A", "unit": "EA"}], columns={"description"})
    assert (counts.tp, counts.fp, counts.fn) == (1, 0, 0)


def test_ece_by_hand_and_last_bin_holds_one():
    # bin 9: two at .95, one right -> |.5 - .95| * 2/4 = .225 ; bin 8: .85 right -> .15 * 1/4 ; bin 1: .15 wrong -> .15/4
    cal = expected_calibration_error([0.95, 0.95, 0.85, 0.15], [True, False, True, False])
    assert cal.ece == pytest.approx(0.225 + 0.0375 + 0.0375)
    assert [b.count for b in cal.bins] == [0, 1, 0, 0, 0, 0, 0, 0, 1, 2]
    perfect = expected_calibration_error([1.0, 1.0], [True, True])
    assert perfect.bins[-1].count == 2
    assert perfect.ece == 0.0


def test_sroie_strict_and_normalised_scoring_by_hand():
    truth1 = {"company": "ABC SDN BHD", "date": "18/04/2018", "address": "1 JALAN  X", "total": "60.30"}
    got1 = {"company": "ABC SDN BHD", "date": "2018-04-18", "address": "1 JALAN X", "total": "60.3"}
    truth2 = {"company": "ABC", "date": "01/01/2018", "address": "Y", "total": "1.00"}
    got2 = {"company": "abc"}
    strict = sroie_scores([(truth1, got1), (truth2, got2)], lambda _k, e, g: sroie_strict_equal(e, g))
    # strict: receipt 1 company + address right, date + total wrong; receipt 2 nothing right
    assert (strict["tp"], strict["fp"], strict["fn"]) == (2, 3, 6)
    assert strict["f1"] == pytest.approx(2 * 0.4 * 0.25 / 0.65)
    normalised = sroie_scores([(truth1, got1), (truth2, got2)], sroie_normalised_equal)
    assert (normalised["tp"], normalised["fp"], normalised["fn"]) == (5, 0, 3)
    assert normalised["f1"] == pytest.approx(2 * 1.0 * 0.625 / 1.625)
    assert normalised["per_key"]["total"]["f1"] == pytest.approx(2 / 3)
    # normalised addresses are compared by their words; strict keeps SROIE's own comparison
    truth3 = {"address": "NO.53 JALAN PUTRA 1, 81200 JOHOR BAHRU JOHOR"}
    got3 = {"address": "NO.53 JALAN PUTRA 1, 81200 JOHOR BAHRU, JOHOR"}
    assert sroie_scores([(truth3, got3)], sroie_normalised_equal)["tp"] == 1
    assert sroie_scores([(truth3, got3)], lambda _k, e, g: sroie_strict_equal(e, g))["tp"] == 0


def test_percentiles_cost_rates_and_routing():
    assert percentile([10, 20, 30, 40], 50) == pytest.approx(25.0)
    assert percentile([10, 20, 30, 40], 95) == pytest.approx(38.5)
    assert percentile([], 95) is None
    assert cost_per_document(36.0, 0.05) == pytest.approx(0.0005)
    rates = status_rates(["touchless", "needs_review", "touchless", "rejected"])
    assert rates["touchless_rate"] == pytest.approx(0.5)
    assert rates["rejected_rate"] == pytest.approx(0.25)
    rules = rule_pass_rates([["BR1", "BR1"], ["BR2"], []], known_rules=["BR3"])
    assert rules["BR1"] == {"documents": 3, "failed": 1, "pass_rate": pytest.approx(2 / 3)}
    assert rules["BR3"]["pass_rate"] == 1.0
    routing = routing_accuracy([("API_A", "API_A"), ("API_A", "API_B"), (None, "API_X")])
    assert routing == {"n": 2, "correct": 1, "accuracy": 0.5}
