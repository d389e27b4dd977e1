"""Bad input never crashes stages 6-7: arbitrary field values give issues, not exceptions."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sap_llm.contract import DOCUMENT_TYPES
from sap_llm.profile import load_profile
from sap_llm.quality import check
from sap_llm.records import Classification, Extraction
from sap_llm.validate import ValidationContext, validate

PROFILE = load_profile()
NAMES = ["invoice_number", "invoice_date", "due_date", "total_amount", "net_amount", "tax_amount", "tax_rate",
         "currency", "supplier_iban", "supplier_vat_id", "supplier_name", "po_number", "company_code",
         "posting_date", "discount_amount", "movement_type", "total_debit", "total_credit"]
VALUES = st.one_of(st.none(), st.booleans(), st.integers(-10**9, 10**9), st.floats(allow_nan=False, allow_infinity=False),
                   st.text(max_size=20), st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
                   st.sampled_from(["2024-02-30", "18.11.2024", "DE89370400440532013000", "1.234,56", "EUR", "NaN"]))
LINE = st.dictionaries(st.sampled_from(["item", "quantity", "unit_price", "net_amount", "material", "unit", "tax_rate"]),
                       VALUES, max_size=6)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc_type=st.sampled_from(DOCUMENT_TYPES), fields=st.dictionaries(st.sampled_from(NAMES), VALUES, max_size=10),
       lines=st.lists(LINE, max_size=4))
def test_any_values_give_a_report(doc_type, fields, lines):
    extraction = Extraction(fields=fields, line_items=lines)
    classification = Classification(document_type=doc_type)
    quality = check(extraction, classification)
    report = validate(extraction, classification, context=ValidationContext(PROFILE, None, today="2024-12-01"))
    for issue in quality.issues + report.issues:
        assert issue.rule_id and issue.message
        assert not re.search(r"\{(fields|context|history|line_items|item)\b", issue.message)  # placeholders rendered
    assert report.passed == (not any(i.severity == "ERROR" for i in report.issues))
