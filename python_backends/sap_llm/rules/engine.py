"""Run catalogue rules against one document and turn their outcomes into issues.

A rule's outcome is one of: ``passed``, ``failed`` (→ an :class:`Issue` with the
rule's severity), ``not_applicable`` (wrong type, precondition false, or the
condition touched a missing value) or ``error`` (the condition could not be
evaluated on this input → a WARNING issue saying so; a broken rule never stops
the others).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from sap_llm.records import Issue
from sap_llm.rules.catalogue import Rule
from sap_llm.rules.evaluate import EvalError, evaluate, truthy

Outcome = Literal["passed", "failed", "not_applicable", "error"]


@dataclass(frozen=True)
class RuleResult:
    rule: Rule
    outcome: Outcome
    message: str = ""

    def to_issue(self) -> Issue | None:
        if self.outcome == "failed":
            return Issue(
                rule_id=self.rule.id,
                severity=self.rule.severity,
                message=self.message,
                field=self.rule.field,
                category=self.rule.category,
                auto_correctable=self.rule.auto_correctable,
            )
        if self.outcome == "error":
            return Issue(
                rule_id=self.rule.id,
                severity="WARNING",
                message=f"rule could not be evaluated: {self.message}",
                field=self.rule.field,
                category="evaluation",
            )
        return None


def build_namespace(
    adc: dict[str, Any],
    context: dict[str, Any] | None = None,
    history: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The names a rule sees: ``fields``, ``line_items``, ``document_type``, ``subtype``, ``context``, ``history``."""
    return {
        "fields": dict(adc.get("fields") or {}),
        "line_items": list(adc.get("line_items") or []),
        "document_type": adc.get("document_type"),
        "subtype": adc.get("subtype"),
        "context": dict(context or {}),
        "history": dict(history or {}),
    }


def _render(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.2f}" if abs(value - round(value, 2)) < 1e-9 else f"{value:.4g}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(_render(v) for v in value) or "none"
    return str(value)


def render_message(rule: Rule, namespace: dict[str, Any]) -> str:
    message = rule.message
    for placeholder, node in rule.message_nodes:
        try:
            text = _render(evaluate(node, namespace))
        except EvalError:
            text = "?"
        message = message.replace("{" + placeholder + "}", text, 1)
    return message


def evaluate_rule(rule: Rule, namespace: dict[str, Any]) -> RuleResult:
    """Outcome of one rule on one document (never raises for bad input)."""
    if not rule.applies(namespace.get("document_type")):
        return RuleResult(rule, "not_applicable")
    try:
        if rule.when_node is not None and truthy(evaluate(rule.when_node, namespace)) is not True:
            return RuleResult(rule, "not_applicable")
        verdict = truthy(evaluate(rule.condition_node, namespace))
    except EvalError as exc:
        return RuleResult(rule, "error", str(exc))
    except (TypeError, ValueError, ArithmeticError, RecursionError) as exc:  # defensive: never crash a batch
        return RuleResult(rule, "error", f"{type(exc).__name__}: {exc}")
    if verdict is None:
        return RuleResult(rule, "not_applicable")
    if verdict:
        return RuleResult(rule, "passed")
    return RuleResult(rule, "failed", render_message(rule, namespace))


def run_rules(rules: list[Rule], namespace: dict[str, Any]) -> list[RuleResult]:
    return [evaluate_rule(rule, namespace) for rule in rules]


def issues_from(results: list[RuleResult]) -> list[Issue]:
    return [issue for issue in (r.to_issue() for r in results) if issue is not None]
