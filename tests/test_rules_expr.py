"""The rule expression language: parsing, errors with positions, null semantics, functions, safety."""

from __future__ import annotations

import datetime as dt

import pytest

from sap_llm.rules import (
    CatalogueError,
    EvalError,
    ExprSyntaxError,
    build_namespace,
    compile_expression,
    evaluate,
    evaluate_rule,
    rules_from_data,
)

NS = build_namespace(
    {
        "document_type": "SUPPLIER_INVOICE",
        "fields": {"net_amount": "100.00", "tax_amount": 19, "total_amount": 119.0,
                   "invoice_date": "2024-11-18", "due_date": "2024-12-18", "supplier_iban": "DE89370400440532013000"},
        "line_items": [{"quantity": 2, "unit_price": 30, "net_amount": 60},
                       {"quantity": 1, "unit_price": 40, "net_amount": 40}],
    },
    {"today": "2024-12-01", "vendor": {"bank_accounts": ["DE89 3704 0044 0532 0130 00"]}},
)


def ev(source):
    return evaluate(compile_expression(source), NS)


@pytest.mark.parametrize(("source", "expected"), [
    ("1 + 2 * 3", 7),
    ("(1 + 2) * 3", 9),
    ("-2 + 5", 3),
    ("10 % 4", 2),
    ("fields.net_amount + fields.tax_amount", 119.0),
    ("sum(line_items[*].net_amount)", 100),
    ("line_items[1].unit_price", 40),
    ("line_items[5].unit_price", None),
    ("all(line_items, item.quantity * item.unit_price == item.net_amount)", True),
    ("any(line_items, item.quantity > 1)", True),
    ("count_if(line_items, item.quantity > 1)", 1),
    ("sum_of(line_items, item.quantity)", 3),
    ("date(fields.due_date) > date(fields.invoice_date)", True),
    ("days_between(fields.invoice_date, today())", 13),
    ("today() == date('2024-12-01')", True),
    ("fields.nothing == null", True),
    ("fields.nothing != null", False),
    ("fields.nothing == 5", None),
    ("fields.nothing in [1]", None),
    ("fields.nothing > 1", None),
    ("fields.nothing > 1 or true", True),
    ("fields.nothing > 1 and false", False),
    ("not (fields.nothing > 1)", None),
    ("'EUR' in ['EUR', 'USD']", True),
    ("3 not in [1, 2]", True),
    ("'a' + 'b'", "ab"),
    ("iban_matches(fields.supplier_iban, context.vendor.bank_accounts)", True),
    ("is_iban('DE89370400440532013001')", False),
    ("is_vat('DE811234565') and not is_vat('DE811234566')", True),
    ("is_bic('COBADEFFXXX')", True),
    ("is_currency('EUR') and not is_currency('EURO')", True),
    ("matches('RE-2024-1', 'RE-[0-9]{4}-[0-9]+')", True),
    ("normalize_number('RE-2024/0815') == normalize_number('re 20240815')", True),
    ("normalize_number('000815') == normalize_number('815')", True),
    ("approx_equal(100, 100.015, 0.02)", True),
    ("round(2.345, 2)", 2.35),
    ("exists('') or exists([])", False),
    ("coalesce(fields.nothing, 5)", 5),
    ("pct_diff(105, 100)", 5.0),
])
def test_evaluates(source, expected):
    assert ev(source) == expected


@pytest.mark.parametrize(("source", "column", "reason"), [
    ("1 +", 4, "expected a value"),
    ("fields.total_amount >", 22, "expected a value"),
    ("exists(fields.x", 16, "expected ',' or ')'"),
    ("'abc", 1, "unterminated string"),
    ("fields.x @ 2", 10, "unexpected character"),
    ("__import__('os')", 1, "unknown function"),
    ("os.system", 1, "unknown name"),
    ("1 < 2 < 3", 7, "cannot be chained"),
    ("fields.x 2", 10, "expected an operator"),
    ("", 1, "empty expression"),
])
def test_syntax_errors_carry_position(source, column, reason):
    with pytest.raises(ExprSyntaxError) as info:
        compile_expression(source)
    assert info.value.position + 1 == column
    assert reason in str(info.value)
    assert f"column {column}" in str(info.value)


def test_parenthesised_comparison_may_be_compared():
    assert ev("(1 < 2) == true") is True


@pytest.mark.parametrize("source", ["'a' * 2", "1 / 0", "fields.invoice_date < 5", "date('18.11.2024')",
                                    "line_items.quantity", "sum(5)", "round(1, 2, 3)"])
def test_evaluation_errors_are_eval_errors(source):
    with pytest.raises(EvalError):
        ev(source)


def test_today_defaults_to_the_real_date_without_context():
    assert evaluate(compile_expression("today()"), {}) == dt.date.today()


def _rule(**over):
    base = {
        "id": "BR_900", "name": "demo rule", "description": "a demo rule for the engine",
        "category": "amount", "applies_to": ["SUPPLIER_INVOICE"], "severity": "ERROR",
        "condition": "number(fields.total_amount) > 0", "message": "total {fields.total_amount} not positive",
        "tests": [{"expect": "pass", "fields": {"total_amount": 1}}, {"expect": "fail", "fields": {"total_amount": -1}}],
    }
    base.update(over)
    return base


def test_broken_rule_fails_loading_with_id_and_position():
    with pytest.raises(CatalogueError) as info:
        rules_from_data({"rules": [_rule(condition="fields.total_amount >")]})
    assert "BR_900" in str(info.value) and "column" in str(info.value)


def test_rule_needs_pass_and_fail_cases():
    with pytest.raises(CatalogueError, match="passing and one failing"):
        rules_from_data({"rules": [_rule(tests=[{"expect": "pass"}, {"expect": "pass"}])]})


def test_duplicate_ids_rejected():
    with pytest.raises(CatalogueError, match="duplicate rule id"):
        rules_from_data({"rules": [_rule(), _rule()]})


def test_unevaluable_condition_becomes_warning_issue_not_crash():
    (rule,) = rules_from_data({"rules": [_rule()]})
    ns = build_namespace({"document_type": "SUPPLIER_INVOICE", "fields": {"total_amount": "twelve"}})
    result = evaluate_rule(rule, ns)
    assert result.outcome == "error"
    issue = result.to_issue()
    assert issue.severity == "WARNING" and "could not be evaluated" in issue.message and issue.rule_id == "BR_900"


def test_failed_rule_renders_message_and_skips_other_types():
    (rule,) = rules_from_data({"rules": [_rule()]})
    failed = evaluate_rule(rule, build_namespace({"document_type": "SUPPLIER_INVOICE", "fields": {"total_amount": -5}}))
    assert failed.outcome == "failed" and failed.message == "total -5 not positive"
    other = evaluate_rule(rule, build_namespace({"document_type": "PURCHASE_ORDER", "fields": {"total_amount": -5}}))
    assert other.outcome == "not_applicable"


def test_rules_tool_runs_catalogue_tests(capsys):
    from sap_llm.rules.__main__ import main

    assert main(["test"]) == 0
    assert "0 failed" in capsys.readouterr().out
    assert main(["eval", "fields.x >"]) == 2
    assert "column" in capsys.readouterr().err
