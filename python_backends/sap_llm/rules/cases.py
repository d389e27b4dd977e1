"""Run the rule catalogue's own test cases (each rule carries passing and failing examples)."""

from __future__ import annotations

from collections.abc import Iterable

from sap_llm.rules.catalogue import Rule
from sap_llm.rules.engine import build_namespace, evaluate_rule

EXPECTED = {"pass": "passed", "fail": "failed", "not_applicable": "not_applicable"}


def run_rule_cases(rules: Iterable[Rule]) -> list[str]:
    """One message per test case whose outcome differs from the expected one (empty = all pass)."""
    failures: list[str] = []
    for rule in rules:
        for case in rule.tests:
            adc = {"document_type": case.document_type or next(t for t in rule.applies_to if t != "*"),
                   "subtype": case.subtype, "fields": case.fields, "line_items": case.line_items}
            result = evaluate_rule(rule, build_namespace(adc, case.context, case.history))
            if result.outcome != EXPECTED[case.expect]:
                failures.append(f"{rule.id} {case.name or ''}: expected {case.expect}, got {result.outcome} "
                                f"{result.message}")  # fmt: skip
    return failures
