"""Till receipts: the amounts Malaysian receipts print near their total besides the total itself."""

from __future__ import annotations

import random

import pytest

from sap_llm.corpus.synth.documents import Job, build
from sap_llm.corpus.synth.kinds import RECEIPT_COUNT_LABELS
from sap_llm.corpus.synth.record_builder import render
from sap_llm.profile import load_profile


@pytest.fixture(scope="module")
def profile():
    return load_profile()


def malaysian_receipts(profile, n: int = 40):
    for index in range(n):
        spec, style = build(Job(index, 3, "SUPPLIER_INVOICE", "RECEIPT", "EN", scanned=False), profile)
        if spec.currency == "MYR":
            yield index, spec, style


def line_amount(spec, start: str) -> float:
    line = next(line for line in spec.body if line.left and line.left[0][0].startswith(start))
    return float(line.right[0][0])


def test_receipts_print_supply_totals_that_add_up_and_only_the_payable_total_is_tagged(profile):
    found = 0
    for index, spec, style in malaysian_receipts(profile):
        result = render(spec, style, random.Random(index))
        if "supplies:" not in " ".join(result.words):
            continue
        found += 1
        zero, excl = line_amount(spec, "Total 0% supplies:"), line_amount(spec, "Total 6% supplies")
        assert zero + excl + result.fields["tax_amount"] == pytest.approx(
            result.fields["total_amount"] - result.fields.get("rounding_amount", 0), abs=0.011)
        # "Total 0% supplies" and the like are printed, not tagged: one total, the payable one
        assert [lab for lab in result.labels if lab.endswith("total_amount")] == ["B-total_amount"]
    assert found >= 3


def test_receipts_without_the_supply_totals_differ_only_by_the_other_extra_lines(profile, monkeypatch):
    def texts(spec) -> list[str]:
        return [" ".join(t for t, _ in [*line.left, *line.right]) for line in spec.body]

    before = {i: texts(spec) for i, spec, _ in malaysian_receipts(profile, 16)}
    for name in ("RECEIPT_COUNT_SHARE", "SUPPLY_BREAKDOWN_SHARE", "GST_SUMMARY_SHARE"):
        monkeypatch.setattr(f"sap_llm.corpus.synth.kinds.{name}", 0.0)
    after = {i: texts(spec) for i, spec, _ in malaysian_receipts(profile, 16)}
    extra = ("GST Summary", "SR @", "ZR @", *RECEIPT_COUNT_LABELS)
    plain = [i for i, lines in before.items() if not any("supplies:" in t for t in lines)]
    assert plain and any(before[i] != after[i] for i in plain)  # some print an item count or a GST summary
    for i in plain:
        assert [t for t in before[i] if not t.startswith(extra)] == after[i], i
