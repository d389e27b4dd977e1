"""Every rule in kb_tools/catalog/rules.yaml against its own test cases, and the catalogue's shape."""

from __future__ import annotations

import pytest

from sap_llm.contract import DOCUMENT_TYPES, FIELDS
from sap_llm.rules import (
    CATEGORIES,
    QUANTIFIERS,
    build_namespace,
    evaluate_rule,
    field_references,
    load_catalogue,
)

RULES = load_catalogue()
CASES = [
    pytest.param(rule, i, id=f"{rule.id}-{i}-{case.expect}")
    for rule in RULES
    for i, case in enumerate(rule.tests)
]
EXPECTED_OUTCOME = {"pass": "passed", "fail": "failed", "not_applicable": "not_applicable"}


def test_catalogue_size_and_shape():
    assert len(RULES) >= 120
    assert len({r.id for r in RULES}) == len(RULES)
    assert {r.category for r in RULES} <= set(CATEGORIES)
    for rule in RULES:
        assert {c.expect for c in rule.tests} >= {"pass", "fail"}, rule.id
        assert all(t == "*" or t in DOCUMENT_TYPES for t in rule.applies_to), rule.id


@pytest.mark.parametrize(("rule", "index"), CASES)
def test_rule_case(rule, index):
    case = rule.tests[index]
    adc = {
        "document_type": case.document_type or next(t for t in rule.applies_to if t != "*"),
        "subtype": case.subtype,
        "fields": case.fields,
        "line_items": case.line_items,
    }
    result = evaluate_rule(rule, build_namespace(adc, case.context, case.history))
    assert result.outcome == EXPECTED_OUTCOME[case.expect], (rule.id, case.name, result.message)
    if result.outcome == "failed":
        issue = result.to_issue()
        assert issue.rule_id == rule.id and issue.severity == rule.severity
        assert issue.message and "{" not in issue.message


def test_every_referenced_field_is_in_the_contract():
    header = {k for k, spec in FIELDS.items() if spec.level == "header"}
    items = {spec.name for spec in FIELDS.values() if spec.level != "header"}
    unknown = []
    for rule in RULES:
        nodes = [rule.condition_node] + ([rule.when_node] if rule.when_node else [])
        nodes += [node for _, node in rule.message_nodes]
        for node in nodes:
            for level, name in field_references(node, QUANTIFIERS):
                if (level == "header" and name not in header) or (level == "item" and name not in items):
                    unknown.append(f"{rule.id}: {level} field {name}")
    assert not unknown, unknown


def test_no_rule_but_mandatory_ones_fails_on_missing_data():
    """A rule about a value must not fire when the value is absent (absence is the mandatory rules' job)."""
    offenders = []
    for rule in RULES:
        if rule.category == "mandatory" or rule.severity == "INFO":
            continue
        for doc_type in rule.applies_to:
            result = evaluate_rule(rule, build_namespace({"document_type": doc_type}, {}, {}))
            if result.outcome in ("failed", "error"):
                offenders.append(f"{rule.id} on {doc_type}: {result.outcome} {result.message}")
    assert not offenders, offenders
