"""Subtype details: the structured facts a subtype's documents print (corpus/synth/details.py)."""

from __future__ import annotations

import random
import re

import pytest

from sap_llm.contract import FIELDS
from sap_llm.corpus.synth import vocab
from sap_llm.corpus.synth.details import DETAIL_COLUMNS, DETAIL_LABELS, DETAIL_SHARE, SUBTYPE_DETAILS
from sap_llm.corpus.synth.documents import Job, build
from sap_llm.corpus.synth.form_details import FORM_LABELS, FORM_SECTIONS
from sap_llm.corpus.synth.formats import LANGUAGES
from sap_llm.corpus.synth.record_builder import allowed_tags, render
from sap_llm.profile import load_profile


@pytest.fixture(scope="module")
def profile():
    return load_profile()


def rendered(profile, doc_type: str, subtype: str, language: str, index: int):
    spec, style = build(Job(index, 7, doc_type, subtype, language, scanned=False), profile)
    return spec, render(spec, style, random.Random(index))


def printing(profile, doc_type: str, subtype: str, language: str, field: str, n: int = 10) -> list:
    """The rendered documents among the first ``n`` of a subtype that print ``field``."""
    results = (rendered(profile, doc_type, subtype, language, index)[1] for index in range(n))
    return [r for r in results if field in r.fields]


def tagged(result, tag: str) -> list[str]:
    return [w for w, lab in zip(result.words, result.labels, strict=True) if lab[2:] == tag]


def test_labels_have_four_distinct_phrasings_per_language_the_last_held_out():
    """Details of documents and of master-data forms (captions and labels) alike."""
    for table in (DETAIL_LABELS, DETAIL_COLUMNS, FORM_SECTIONS, FORM_LABELS):
        for key, entry in table.items():
            assert set(entry) == set(LANGUAGES), key
            for language, text in entry.items():
                options = text.split("|")
                assert len(options) == len(set(options)) == 4, (key, language)
                train, held = vocab.split_synonyms(options)
                assert held == options[-1:] and options[-1] not in train


def test_every_subtype_with_details_is_a_known_subtype():
    from sap_llm.contract.doctypes import SUBTYPES

    known = {s for subtypes in SUBTYPES.values() for s in subtypes}
    assert set(SUBTYPE_DETAILS) <= known


def test_direct_debit_notices_carry_mandate_and_creditor_id_as_contract_fields(profile):
    printed = 0
    for index in range(16):
        _, result = rendered(profile, "PAYMENT_ADVICE", "DIRECT_DEBIT_NOTICE", "DE", index)
        fields = result.fields
        if "mandate_reference" in fields:
            printed += 1
            assert " ".join(tagged(result, "mandate_reference")) == fields["mandate_reference"]
        if "creditor_id" in fields:
            assert re.fullmatch(r"[A-Z]{2}\d{2}ZZZ\d{11}", fields["creditor_id"])
            assert tagged(result, "creditor_id") == [fields["creditor_id"]]
    # each detail is printed with probability DETAIL_SHARE: some notices carry it, not all
    assert 16 * DETAIL_SHARE - 7 <= printed <= 15


def test_a_reminder_lists_what_is_overdue_not_what_was_paid(profile):
    for index in range(6):
        spec, result = rendered(profile, "PAYMENT_ADVICE", "PAYMENT_REMINDER", "EN", index)
        assert "paid_amount" not in spec.columns and "_days_overdue" in spec.columns
        assert all("paid_amount" not in row for row in result.line_items)
        assert all(set(row) <= {"item", "invoice_number", "invoice_date", "gross_amount"} for row in result.line_items)
        # the untagged columns never reach labels or ground truth
        assert not any("_due_date" in lab or "_days_overdue" in lab for lab in result.labels)
        assert result.fields["total_amount"] == pytest.approx(sum(r["gross_amount"] for r in result.line_items))
    spec, _ = rendered(profile, "PAYMENT_ADVICE", "REMITTANCE_ADVICE", "EN", 0)
    assert "paid_amount" in spec.columns and "_days_overdue" not in spec.columns


def test_packing_lists_and_returns_print_their_line_columns_as_contract_fields(profile):
    _, packing = rendered(profile, "DELIVERY_NOTE", "PACKING_LIST", "FR", 1)
    assert packing.line_items and all({"package_count", "gross_weight"} <= set(r) for r in packing.line_items)
    assert all(isinstance(r["package_count"], int) for r in packing.line_items)
    _, ret = rendered(profile, "GOODS_RECEIPT", "RETURN_TO_VENDOR", "IT", 2)
    assert ret.line_items and all(r.get("reason") for r in ret.line_items)
    _, standard = rendered(profile, "GOODS_RECEIPT", "GR_FOR_PO", "IT", 2)
    assert not any("reason" in r for r in standard.line_items)


def test_an_accrual_prints_its_reversal_date_the_first_of_the_next_month(profile):
    printed = printing(profile, "JOURNAL_ENTRY", "ACCRUAL", "ES", "reversal_date")
    assert len(printed) >= 4
    for result in printed:
        reversal, posting = result.fields["reversal_date"], result.fields["posting_date"]
        assert reversal.endswith("-01") and reversal > posting


def test_details_are_tagged_only_with_fields_the_contract_has_for_the_type(profile):
    for subtype, doc_type in (("DIRECT_DEBIT_NOTICE", "PAYMENT_ADVICE"), ("ACCRUAL", "JOURNAL_ENTRY"),
                              ("FREIGHT_INVOICE", "SUPPLIER_INVOICE"), ("GR_BLOCKED_STOCK", "GOODS_RECEIPT")):
        _, result = rendered(profile, doc_type, subtype, "EN", 3)
        tags = {lab[2:] for lab in result.labels if lab != "O"}
        assert tags <= allowed_tags(doc_type), subtype
        assert all(name in FIELDS for name in result.fields)


def test_details_do_not_change_the_rest_of_the_document(profile, monkeypatch):
    """Details draw from their own random stream: without them, a document is the same minus their lines."""
    job = Job(4, 9, "SUPPLIER_INVOICE", "FREIGHT_INVOICE", "IT", scanned=False)
    with_details, _ = build(job, profile)
    monkeypatch.setattr("sap_llm.corpus.synth.details.SUBTYPE_DETAILS", {})
    without, _ = build(job, profile)
    detail_labels = {o for key in ("route", "chargeable_weight") for o in DETAIL_LABELS[key]["IT"].split("|")}
    printed = [f.label for f in with_details.header if f.label in detail_labels]
    assert printed  # this document prints at least one of a freight invoice's details
    assert [f.text for f in with_details.header if f.label not in detail_labels] == [f.text for f in without.header]
    assert [r["net_amount"].text for r in with_details.rows] == [r["net_amount"].text for r in without.rows]


def test_a_service_period_is_a_tagged_start_and_end_a_month_apart(profile):
    printed = printing(profile, "SUPPLIER_INVOICE", "SERVICE_INVOICE", "FR", "service_period_start")
    assert len(printed) >= 4
    for result in printed:
        start, end = result.fields["service_period_start"], result.fields["service_period_end"]
        assert start.endswith("-01") and start[:7] == end[:7] and end > start
        assert start < result.fields["invoice_date"]


def test_a_partial_delivery_prints_what_is_still_to_follow(profile):
    rows = []
    for index in range(6):
        _, result = rendered(profile, "DELIVERY_NOTE", "PARTIAL_DELIVERY", "DE", index)
        rows += [r for r in result.line_items if "backorder_quantity" in r]
    assert rows
    assert all(r["ordered_quantity"] == r["quantity"] + r["backorder_quantity"] for r in rows)


def test_a_tag_the_contract_lacks_for_the_type_is_printed_untagged(profile):
    """A service purchase order prints its service period, but purchase orders have no such field."""
    for index in range(8):
        spec, result = rendered(profile, "PURCHASE_ORDER", "SERVICE_PO", "EN", index)
        labels = {f.label for f in spec.header}
        if labels & set(DETAIL_LABELS["service_period"]["EN"].split("|")):
            assert not any("service_period" in lab for lab in result.labels)
            assert "service_period_start" not in result.fields
            return
    pytest.fail("no service purchase order printed its service period")
