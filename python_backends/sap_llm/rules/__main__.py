"""Rule authors' tool: ``python -m sap_llm.rules {list,test,eval}``.

    python -m sap_llm.rules list [--type SUPPLIER_INVOICE] [--catalogue FILE]
    python -m sap_llm.rules test [--catalogue FILE]          # every rule's own test cases; exit 1 on a failure
    python -m sap_llm.rules eval "approx_equal(fields.net_amount + fields.tax_amount, fields.total_amount)" adc.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sap_llm.rules import (
    CatalogueError,
    EvalError,
    ExprSyntaxError,
    build_namespace,
    compile_expression,
    evaluate,
    load_catalogue,
)
from sap_llm.rules.cases import run_rule_cases


def _list(args: argparse.Namespace) -> int:
    for rule in load_catalogue(args.catalogue):
        if args.type and not rule.applies(args.type):
            continue
        print(f"{rule.id}  {rule.severity:<7} {rule.category:<14} {rule.name}")
    return 0


def _test(args: argparse.Namespace) -> int:
    rules = load_catalogue(args.catalogue)
    failures = run_rule_cases(rules)
    for failure in failures:
        print(f"FAIL {failure}")
    print(f"{len(rules)} rules, {sum(len(r.tests) for r in rules)} test cases, {len(failures)} failed")
    return 1 if failures else 0


def _eval(args: argparse.Namespace) -> int:
    adc = json.loads(Path(args.adc).read_text(encoding="utf-8")) if args.adc else {}
    if "ground_truth" in adc:  # a corpus record
        adc = {"document_type": adc.get("document_type"), "subtype": adc.get("subtype"), **adc["ground_truth"]}
    node = compile_expression(args.expression)
    print(json.dumps(evaluate(node, build_namespace(adc)), default=str))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sap_llm.rules", description="business-rule catalogue tools")
    parser.add_argument("--catalogue", type=Path, default=None, help="rules YAML (default: the packaged catalogue)")
    sub = parser.add_subparsers(dest="command", required=True)
    p_list = sub.add_parser("list", help="list rules")
    p_list.add_argument("--type", help="only rules applying to this document type")
    sub.add_parser("test", help="run every rule's own test cases")
    p_eval = sub.add_parser("eval", help="evaluate an expression on an ADC / corpus record JSON")
    p_eval.add_argument("expression")
    p_eval.add_argument("adc", nargs="?")
    args = parser.parse_args(argv)
    try:
        return {"list": _list, "test": _test, "eval": _eval}[args.command](args)
    except (CatalogueError, ExprSyntaxError, EvalError, OSError, json.JSONDecodeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
