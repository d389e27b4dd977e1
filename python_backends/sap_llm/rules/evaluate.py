"""Evaluate a parsed rule expression against a namespace (never Python's eval).

Semantics, chosen so that rules read naturally on incomplete documents:

* A missing field or key is ``null``. Arithmetic, comparisons and ``in`` with
  ``null`` give ``null`` (SQL-like), except a comparison with the literal
  ``null`` itself: ``x == null`` / ``x != null`` test absence; ``and`` / ``or`` / ``not`` follow three-valued (Kleene) logic.
  A condition that ends up ``null`` means "not applicable" to the rule engine.
* Numbers and decimal strings mix freely (the contract allows both for amounts);
  ISO date strings compare with dates.
* ``x[*].name`` maps ``.name`` over the list's elements.
* Anything else that does not fit (adding text to a number, dividing by zero,
  calling a function with the wrong arguments) raises :class:`EvalError`,
  which the engine reports as "rule could not be evaluated" — never a crash.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sap_llm.rules.expr import Attr, Binary, Call, Index, ListLit, Literal, Name, Node, Star, Unary
from sap_llm.rules.functions import FUNCTIONS, QUANTIFIERS, EvalError, is_numeric, to_date, to_number

__all__ = ["EvalError", "evaluate", "truthy"]


class _Spread(list):
    """A list produced by ``[*]``: attribute access maps over its elements."""


def _get(obj: Any, name: str) -> Any:
    if obj is None:
        return None
    if isinstance(obj, _Spread):
        return _Spread(_get(element, name) for element in obj)
    if isinstance(obj, dict):
        return obj.get(name)
    if isinstance(obj, list):
        raise EvalError(f"'.{name}' on a list: use [*].{name} to map over its elements")
    value = getattr(obj, name, None)
    return None if callable(value) else value


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, _Spread) else value


def truthy(value: Any) -> bool | None:
    """Three-valued truth of a condition result (None = unknown)."""
    if value is None or isinstance(value, bool):
        return value
    raise EvalError(f"expected true or false, got {value!r}")


def _is_null_literal(node: Node) -> bool:
    return isinstance(node, Literal) and node.value is None


def _compare(op: str, left: Any, right: Any) -> bool | None:
    if left is None or right is None:
        return None
    if isinstance(left, dt.date) or isinstance(right, dt.date):
        left, right = to_date(left), to_date(right)
    elif (isinstance(left, (int, float)) and not isinstance(left, bool) and is_numeric(right)) or (
        isinstance(right, (int, float)) and not isinstance(right, bool) and is_numeric(left)
    ):
        left, right = to_number(left), to_number(right)
    if op == "==":
        return bool(left == right)
    if op == "!=":
        return bool(left != right)
    if type(left) is not type(right) and not (
        isinstance(left, (int, float)) and isinstance(right, (int, float))
    ):
        raise EvalError(f"cannot compare {left!r} with {right!r}")
    if op == "<":
        return bool(left < right)
    if op == "<=":
        return bool(left <= right)
    if op == ">":
        return bool(left > right)
    return bool(left >= right)


def _arith(op: str, left: Any, right: Any) -> Any:
    if left is None or right is None:
        return None
    if op == "+" and isinstance(left, str) and isinstance(right, str) and not (
        is_numeric(left) and is_numeric(right)
    ):
        return left + right
    if op == "-" and isinstance(left, dt.date) and isinstance(right, dt.date):
        return (left - right).days
    a = to_number(left, what="left operand")
    b = to_number(right, what="right operand")
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if b == 0:
        raise EvalError("division by zero")
    return a / b if op == "/" else a % b


def _contains(left: Any, right: Any) -> bool | None:
    if left is None or right is None:
        return None
    if isinstance(right, list):
        if is_numeric(left):
            return any(is_numeric(r) and to_number(r) == to_number(left) for r in right) or left in right
        return left in right
    if isinstance(right, str):
        return str(left) in right
    if isinstance(right, dict):
        return left in right
    raise EvalError(f"'in' needs a list or text on the right, got {right!r}")


class _Evaluator:
    def __init__(self, namespace: dict[str, Any]):
        self.namespace = namespace

    def eval(self, node: Node) -> Any:
        method = getattr(self, "_" + type(node).__name__)
        return method(node)

    def _Literal(self, node: Literal) -> Any:
        return node.value

    def _ListLit(self, node: ListLit) -> Any:
        return [_plain(self.eval(item)) for item in node.items]

    def _Name(self, node: Name) -> Any:
        return self.namespace.get(node.name)

    def _Attr(self, node: Attr) -> Any:
        return _get(self.eval(node.obj), node.name)

    def _Star(self, node: Star) -> Any:
        value = self.eval(node.obj)
        if value is None:
            return None
        if not isinstance(value, list):
            raise EvalError("[*] needs a list")
        return _Spread(value)

    def _Index(self, node: Index) -> Any:
        obj = _plain(self.eval(node.obj))
        index = self.eval(node.index)
        if obj is None or index is None:
            return None
        if isinstance(obj, list):
            i = int(to_number(index))
            return obj[i] if -len(obj) <= i < len(obj) else None
        if isinstance(obj, dict):
            return obj.get(str(index))
        raise EvalError(f"cannot index {obj!r}")

    def _Unary(self, node: Unary) -> Any:
        value = _plain(self.eval(node.operand))
        if node.op == "not":
            truth = truthy(value)
            return None if truth is None else not truth
        if value is None:
            return None
        return -to_number(value)

    def _Binary(self, node: Binary) -> Any:
        op = node.op
        if op == "and":
            left = truthy(_plain(self.eval(node.left)))
            if left is False:
                return False
            right = truthy(_plain(self.eval(node.right)))
            if right is False:
                return False
            return None if left is None or right is None else True
        if op == "or":
            left = truthy(_plain(self.eval(node.left)))
            if left is True:
                return True
            right = truthy(_plain(self.eval(node.right)))
            if right is True:
                return True
            return None if left is None or right is None else False
        left = _plain(self.eval(node.left))
        right = _plain(self.eval(node.right))
        if op in ("==", "!=") and (_is_null_literal(node.left) or _is_null_literal(node.right)):
            return (left is None and right is None) == (op == "==")  # ``x == null``: an absence test
        if op in ("==", "!=", "<", "<=", ">", ">="):
            return _compare(op, left, right)
        if op == "in":
            return _contains(left, right)
        if op == "not in":
            result = _contains(left, right)
            return None if result is None else not result
        return _arith(op, left, right)

    def _Call(self, node: Call) -> Any:
        if node.name == "today":
            if node.args:
                raise EvalError("today() takes no arguments")
            context = self.namespace.get("context") or {}
            today = context.get("today") if isinstance(context, dict) else None
            return to_date(today) if today else dt.date.today()
        if node.name in QUANTIFIERS:
            return self._quantifier(node)
        fn = FUNCTIONS.get(node.name)
        if fn is None:
            raise EvalError(f"unknown function {node.name!r}")
        if len(node.args) < fn.min_args or (fn.max_args is not None and len(node.args) > fn.max_args):
            expected = fn.min_args if fn.max_args == fn.min_args else f"{fn.min_args}..{fn.max_args or 'n'}"
            raise EvalError(f"{node.name}() takes {expected} argument(s), got {len(node.args)}")
        args = [_plain(self.eval(arg)) for arg in node.args]
        if not fn.null_safe and any(a is None for a in args):
            return None
        try:
            return fn.impl(*args)
        except EvalError:
            raise
        except (TypeError, ValueError, ArithmeticError) as exc:
            raise EvalError(f"{node.name}(): {exc}") from exc

    def _quantifier(self, node: Call) -> Any:
        name = node.name
        if len(node.args) != 2:
            raise EvalError(f"{name}() takes a list and an expression per element")
        items = _plain(self.eval(node.args[0]))
        if items is None:
            return None
        if not isinstance(items, list):
            raise EvalError(f"{name}() needs a list as its first argument")
        body = node.args[1]
        saved = {k: self.namespace.get(k) for k in ("item", "index")}
        results: list[Any] = []
        try:
            for i, element in enumerate(items):
                self.namespace["item"] = element
                self.namespace["index"] = i
                results.append(_plain(self.eval(body)))
        finally:
            self.namespace.update(saved)
        if name in ("all", "any", "none", "count_if", "filter"):
            truths = [truthy(r) for r in results]
            if name == "all":
                return False if False in truths else (None if None in truths else True)
            if name == "any":
                return True if True in truths else (None if None in truths else False)
            if name == "none":
                return False if True in truths else (None if None in truths else True)
            if name == "count_if":
                return sum(1 for t in truths if t is True)
            return [element for element, t in zip(items, truths, strict=True) if t is True]
        if any(r is None for r in results):
            return None
        numbers = [to_number(r) for r in results]
        if name == "sum_of":
            return sum(numbers)
        if not numbers:
            return None
        return max(numbers) if name == "max_of" else min(numbers)


def evaluate(node: Node, namespace: dict[str, Any]) -> Any:
    """Value of ``node`` in ``namespace`` (fields, line_items, context, history ...)."""
    return _plain(_Evaluator(dict(namespace)).eval(node))
