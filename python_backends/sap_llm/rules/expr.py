"""The rule condition language: tokenizer, Pratt parser and syntax tree.

Conditions in the business-rule catalogue are small expressions such as

    approx_equal(fields.net_amount + fields.tax_amount, fields.total_amount, 0.02)
    all(line_items, approx_equal(item.quantity * item.unit_price, item.net_amount, 0.02))
    not exists(fields.supplier_iban) or iban_matches(fields.supplier_iban, context.vendor.bank_accounts)

They are parsed here into a tree of plain dataclasses and evaluated by
``sap_llm.rules.evaluate``. Nothing is ever handed to Python's ``eval``/``exec``:
the grammar only knows literals, names, attribute / index access, ``[*]``
(map over a list), arithmetic, comparisons, ``in`` / ``not in``,
``and`` / ``or`` / ``not`` and calls of functions from a fixed registry.
Syntax errors carry the 1-based column where the parser stopped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

#: Names an expression may start from (the evaluation namespaces).
ROOT_NAMES = frozenset({"fields", "line_items", "document_type", "subtype", "context", "history", "item", "index"})
KEYWORDS = frozenset({"and", "or", "not", "in", "true", "false", "null"})


class ExprSyntaxError(ValueError):
    """An expression that does not parse; ``position`` is the 0-based offset of the problem."""

    def __init__(self, message: str, source: str, position: int):
        self.source = source
        self.position = position
        self.reason = message
        pointer = " " * position + "^"
        super().__init__(f"{message} at column {position + 1}\n  {source}\n  {pointer}")


# ── tokens ───────────────────────────────────────────────────────────────────
@dataclass(frozen=True)
class Token:
    kind: str  # NUMBER STRING NAME OP EOF
    value: Any
    pos: int


_TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
  | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>==|!=|<=|>=|[<>+\-*/%()\[\],.])
    """,
    re.VERBOSE,
)
_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", "'": "'", '"': '"'}


def _unquote(text: str) -> str:
    body = text[1:-1]
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)


def tokenize(source: str) -> list[Token]:
    tokens: list[Token] = []
    pos = 0
    while pos < len(source):
        m = _TOKEN_RE.match(source, pos)
        if not m:
            char = source[pos]
            if char in "'\"":
                raise ExprSyntaxError("unterminated string", source, pos)
            raise ExprSyntaxError(f"unexpected character {char!r}", source, pos)
        kind = m.lastgroup
        text = m.group()
        if kind == "number":
            tokens.append(Token("NUMBER", float(text) if any(c in text for c in ".eE") else int(text), pos))
        elif kind == "string":
            tokens.append(Token("STRING", _unquote(text), pos))
        elif kind == "name":
            tokens.append(Token("NAME", text, pos))
        elif kind == "op":
            tokens.append(Token("OP", text, pos))
        pos = m.end()
    tokens.append(Token("EOF", None, len(source)))
    return tokens


# ── syntax tree ──────────────────────────────────────────────────────────────
@dataclass(frozen=True)
class Node:
    pos: int


@dataclass(frozen=True)
class Literal(Node):
    value: Any


@dataclass(frozen=True)
class ListLit(Node):
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Name(Node):
    name: str


@dataclass(frozen=True)
class Attr(Node):
    obj: Node
    name: str


@dataclass(frozen=True)
class Index(Node):
    obj: Node
    index: Node


@dataclass(frozen=True)
class Star(Node):
    """``x[*]``: the list itself, marked so that a following ``.name`` maps over its elements."""

    obj: Node


@dataclass(frozen=True)
class Unary(Node):
    op: str  # "-" or "not"
    operand: Node


@dataclass(frozen=True)
class Binary(Node):
    op: str  # + - * / % == != < <= > >= in "not in" and or
    left: Node
    right: Node


@dataclass(frozen=True)
class Call(Node):
    name: str
    args: tuple[Node, ...] = field(default_factory=tuple)


# ── parser (Pratt) ───────────────────────────────────────────────────────────
_BINARY_POWER = {
    "or": 1,
    "and": 2,
    "==": 4, "!=": 4, "<": 4, "<=": 4, ">": 4, ">=": 4, "in": 4, "not in": 4,
    "+": 5, "-": 5,
    "*": 6, "/": 6, "%": 6,
}
_NOT_POWER = 3
_NEG_POWER = 7


class _Parser:
    def __init__(self, source: str, function_names: frozenset[str] | None):
        self.source = source
        self.tokens = tokenize(source)
        self.i = 0
        self.function_names = function_names
        self.grouped: set[int] = set()  # ids of parenthesised nodes (may be compared again)

    # helpers
    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def _peek(self, offset: int = 1) -> Token:
        return self.tokens[min(self.i + offset, len(self.tokens) - 1)]

    def _advance(self) -> Token:
        tok = self.tok
        self.i += 1
        return tok

    def _is(self, kind: str, value: Any = None) -> bool:
        return self.tok.kind == kind and (value is None or self.tok.value == value)

    def _expect(self, kind: str, value: Any, what: str) -> Token:
        if not self._is(kind, value):
            raise self._error(f"expected {what}")
        return self._advance()

    def _error(self, message: str, tok: Token | None = None) -> ExprSyntaxError:
        tok = tok or self.tok
        found = "end of expression" if tok.kind == "EOF" else repr(tok.value)
        return ExprSyntaxError(f"{message}, found {found}", self.source, tok.pos)

    # grammar
    def parse(self) -> Node:
        if self._is("EOF"):
            raise ExprSyntaxError("empty expression", self.source, 0)
        node = self.expression(0)
        if not self._is("EOF"):
            raise self._error("expected an operator or the end of the expression")
        return node

    def _binary_op(self) -> str | None:
        tok = self.tok
        if tok.kind == "OP" and tok.value in _BINARY_POWER:
            return tok.value
        if tok.kind == "NAME" and tok.value in ("and", "or", "in"):
            return tok.value
        if tok.kind == "NAME" and tok.value == "not" and self._peek().kind == "NAME" and self._peek().value == "in":
            return "not in"
        return None

    def expression(self, min_power: int) -> Node:
        left = self.prefix()
        while True:
            op = self._binary_op()
            if op is None:
                break
            power = _BINARY_POWER[op]
            if power <= min_power:
                break
            tok = self._advance()
            if op == "not in":
                self._advance()
            chained = isinstance(left, Binary) and _BINARY_POWER.get(left.op) == 4 and id(left) not in self.grouped
            if power == 4 and chained:
                raise self._error("comparisons cannot be chained; use 'and'", tok)
            right = self.expression(power)
            left = Binary(tok.pos, op, left, right)
        return left

    def prefix(self) -> Node:
        tok = self.tok
        if tok.kind == "NAME" and tok.value == "not":
            self._advance()
            return Unary(tok.pos, "not", self.expression(_NOT_POWER))
        if tok.kind == "OP" and tok.value == "-":
            self._advance()
            return Unary(tok.pos, "-", self.expression(_NEG_POWER))
        return self.postfix(self.primary())

    def primary(self) -> Node:
        tok = self.tok
        if tok.kind == "NUMBER" or tok.kind == "STRING":
            self._advance()
            return Literal(tok.pos, tok.value)
        if tok.kind == "OP" and tok.value == "(":
            self._advance()
            node = self.expression(0)
            self._expect("OP", ")", "')'")
            self.grouped.add(id(node))
            return node
        if tok.kind == "OP" and tok.value == "[":
            self._advance()
            items: list[Node] = []
            if not self._is("OP", "]"):
                items.append(self.expression(0))
                while self._is("OP", ","):
                    self._advance()
                    items.append(self.expression(0))
            self._expect("OP", "]", "',' or ']'")
            return ListLit(tok.pos, tuple(items))
        if tok.kind == "NAME":
            self._advance()
            if tok.value in ("true", "false"):
                return Literal(tok.pos, tok.value == "true")
            if tok.value == "null":
                return Literal(tok.pos, None)
            if tok.value in KEYWORDS:
                raise self._error("expected a value", tok)
            if self._is("OP", "("):
                return self.call(tok)
            if tok.value not in ROOT_NAMES:
                raise ExprSyntaxError(
                    f"unknown name {tok.value!r} (names start with one of {', '.join(sorted(ROOT_NAMES))})",
                    self.source,
                    tok.pos,
                )
            return Name(tok.pos, tok.value)
        raise self._error("expected a value")

    def call(self, name_tok: Token) -> Node:
        if self.function_names is not None and name_tok.value not in self.function_names:
            raise ExprSyntaxError(f"unknown function {name_tok.value!r}", self.source, name_tok.pos)
        self._expect("OP", "(", "'('")
        args: list[Node] = []
        if not self._is("OP", ")"):
            args.append(self.expression(0))
            while self._is("OP", ","):
                self._advance()
                args.append(self.expression(0))
        self._expect("OP", ")", "',' or ')'")
        return Call(name_tok.pos, name_tok.value, tuple(args))

    def postfix(self, node: Node) -> Node:
        while True:
            if self._is("OP", "."):
                dot = self._advance()
                if not self._is("NAME"):
                    raise self._error("expected a name after '.'")
                node = Attr(dot.pos, node, self._advance().value)
            elif self._is("OP", "["):
                bracket = self._advance()
                if self._is("OP", "*") and self._peek().kind == "OP" and self._peek().value == "]":
                    self._advance()
                    self._advance()
                    node = Star(bracket.pos, node)
                else:
                    index = self.expression(0)
                    self._expect("OP", "]", "']'")
                    node = Index(bracket.pos, node, index)
            else:
                return node


def parse(source: str, *, function_names: frozenset[str] | None = None) -> Node:
    """Parse ``source`` into a syntax tree; ``function_names`` (if given) limits callable names."""
    if not isinstance(source, str):
        raise ExprSyntaxError("expression must be a string", str(source), 0)
    return _Parser(source, function_names).parse()


# ── static analysis ──────────────────────────────────────────────────────────
def walk(node: Node):
    """Every node of the tree, depth first."""
    yield node
    for child in _children(node):
        yield from walk(child)


def _attr_chain(node: Node) -> list[str] | None:
    """``fields.a.b`` → ["fields", "a", "b"]; ``line_items[*].x`` → ["line_items", "*", "x"]."""
    parts: list[str] = []
    while True:
        if isinstance(node, Attr):
            parts.append(node.name)
            node = node.obj
        elif isinstance(node, Star):
            parts.append("*")
            node = node.obj
        elif isinstance(node, Index):
            parts.append("#")
            node = node.obj
        elif isinstance(node, Name):
            parts.append(node.name)
            return list(reversed(parts))
        else:
            return None


def field_references(node: Node, quantifiers: frozenset[str] = frozenset()) -> set[tuple[str, str]]:
    """ADC fields an expression reads: ``("header", name)`` and ``("item", name)``.

    ``item.x`` counts as a line-item field where ``item`` is bound by a quantifier
    (``quantifiers`` = function names whose 2nd argument runs per element) over
    ``line_items``; ``item.line.x`` / ``item.po_line.x`` over ``history.matches``.
    """
    refs: set[tuple[str, str]] = set()

    def visit(n: Node, item_source: str | None) -> None:
        chain = _attr_chain(n)
        if chain is not None and len(chain) >= 2:
            if chain[0] == "fields":
                refs.add(("header", chain[1]))
            elif chain[0] == "line_items" and len(chain) >= 3 and chain[1] in ("*", "#"):
                refs.add(("item", chain[2]))
            elif chain[0] == "item" and item_source == "line_items":
                refs.add(("item", chain[1]))
            elif chain[0] == "item" and item_source == "matches" and len(chain) >= 3 and chain[1] in (
                "line", "po_line"
            ):
                refs.add(("item", chain[2]))
            return
        if isinstance(n, Call) and n.name in quantifiers and len(n.args) >= 2:
            visit(n.args[0], item_source)
            src_chain = _attr_chain(n.args[0])
            source = None
            if src_chain == ["line_items"]:
                source = "line_items"
            elif src_chain == ["history", "matches"]:
                source = "matches"
            for arg in n.args[1:]:
                visit(arg, source)
            return
        for child in _children(n):
            visit(child, item_source)

    visit(node, None)
    return refs


def _children(node: Node) -> tuple[Node, ...]:
    if isinstance(node, ListLit):
        return node.items
    if isinstance(node, (Attr, Star)):
        return (node.obj,)
    if isinstance(node, Index):
        return (node.obj, node.index)
    if isinstance(node, Unary):
        return (node.operand,)
    if isinstance(node, Binary):
        return (node.left, node.right)
    if isinstance(node, Call):
        return node.args
    return ()
