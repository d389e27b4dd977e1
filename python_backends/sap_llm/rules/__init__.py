"""Business rules: a safe expression language, the declarative catalogue and its engine.

    from sap_llm.rules import load_catalogue, build_namespace, run_rules, issues_from
    rules = load_catalogue()                       # kb_tools/catalog/rules.yaml, validated + compiled
    ns = build_namespace(adc, context, history)    # what conditions can read
    issues = issues_from(run_rules(rules, ns))     # failed rules → Issue(rule_id, severity, field, message)
"""

from sap_llm.rules.catalogue import (
    CATEGORIES,
    DEFAULT_CATALOGUE,
    CatalogueError,
    Rule,
    RuleCase,
    compile_expression,
    load_catalogue,
    rules_from_data,
)
from sap_llm.rules.engine import (
    RuleResult,
    build_namespace,
    evaluate_rule,
    issues_from,
    render_message,
    run_rules,
)
from sap_llm.rules.evaluate import EvalError, evaluate
from sap_llm.rules.expr import ExprSyntaxError, field_references, parse
from sap_llm.rules.functions import FUNCTIONS, QUANTIFIERS

__all__ = [
    "CATEGORIES",
    "DEFAULT_CATALOGUE",
    "FUNCTIONS",
    "QUANTIFIERS",
    "CatalogueError",
    "EvalError",
    "ExprSyntaxError",
    "Rule",
    "RuleCase",
    "RuleResult",
    "build_namespace",
    "compile_expression",
    "evaluate",
    "evaluate_rule",
    "field_references",
    "issues_from",
    "load_catalogue",
    "parse",
    "render_message",
    "rules_from_data",
    "run_rules",
]
