"""The business-rule catalogue: typed rules loaded from YAML, conditions parsed at load time.

The catalogue (``kb_tools/catalog/rules.yaml``) is declarative: each rule names
the document types it applies to, a severity, an optional precondition
(``when``) and a ``condition`` in the safe expression language that is *true
when the document passes*. Every rule carries its own test cases (at least one
passing and one failing example), run by ``tests/test_rules_catalogue.py``.
A broken rule (bad YAML, unknown function, syntax error) fails loading with the
rule id and the position in the expression — never at run time.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from sap_llm import paths
from sap_llm.files import read_yaml
from sap_llm.records import Severity
from sap_llm.rules.expr import ExprSyntaxError, Node, parse
from sap_llm.rules.functions import FUNCTIONS, QUANTIFIERS

DEFAULT_CATALOGUE = paths.repo_path("kb_tools", "catalog", "rules.yaml")
CALLABLE_NAMES = frozenset(FUNCTIONS) | QUANTIFIERS | {"today"}
CATEGORIES = (
    "arithmetic", "amount", "date", "mandatory", "format", "master_data",
    "cross_document", "duplicate", "consistency", "line_items",
)
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


class CatalogueError(ValueError):
    """The rule catalogue cannot be loaded; the message names the rule and the problem."""


def compile_expression(source: str) -> Node:
    return parse(source, function_names=CALLABLE_NAMES)


class RuleCase(BaseModel):
    """One example document (+ context and history) and what the rule must say about it."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    expect: Literal["pass", "fail", "not_applicable"]
    document_type: str | None = None  # default: the rule's first applies_to type
    subtype: str | None = None
    fields: dict[str, Any] = Field(default_factory=dict)
    line_items: list[dict[str, Any]] = Field(default_factory=list)
    context: dict[str, Any] = Field(default_factory=dict)
    history: dict[str, Any] = Field(default_factory=dict)


class Rule(BaseModel):
    """A business rule. ``condition`` true = the document passes this rule."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^BR_\d{3}$")
    name: str = Field(min_length=3)
    description: str = Field(min_length=10)
    category: Literal[
        "arithmetic", "amount", "date", "mandatory", "format", "master_data",
        "cross_document", "duplicate", "consistency", "line_items",
    ]
    applies_to: list[str] = Field(min_length=1)  # document types, or ["*"] for all
    severity: Severity
    auto_correctable: bool = False
    field: str | None = None  # the field an issue points at
    when: str | None = None  # precondition; false / null → rule not applicable
    condition: str
    message: str
    tests: list[RuleCase] = Field(min_length=2)

    _when_node: Node | None = PrivateAttr(default=None)
    _condition_node: Node | None = PrivateAttr(default=None)
    _message_nodes: list[tuple[str, Node]] = PrivateAttr(default_factory=list)

    @field_validator("applies_to")
    @classmethod
    def _known_types(cls, value: list[str]) -> list[str]:
        from sap_llm.contract import DOCUMENT_TYPES

        unknown = [t for t in value if t != "*" and t not in DOCUMENT_TYPES]
        if unknown:
            raise ValueError(f"unknown document type(s) {unknown}")
        return value

    @model_validator(mode="after")
    def _compile(self) -> Rule:
        expects = {case.expect for case in self.tests}
        if not {"pass", "fail"} <= expects:
            raise ValueError("needs at least one passing and one failing test case")
        try:
            self._condition_node = compile_expression(self.condition)
        except ExprSyntaxError as exc:
            raise ValueError(f"condition: {exc}") from exc
        if self.when:
            try:
                self._when_node = compile_expression(self.when)
            except ExprSyntaxError as exc:
                raise ValueError(f"when: {exc}") from exc
        nodes = []
        for placeholder in _PLACEHOLDER.findall(self.message):
            try:
                nodes.append((placeholder, compile_expression(placeholder)))
            except ExprSyntaxError as exc:
                raise ValueError(f"message placeholder {{{placeholder}}}: {exc}") from exc
        self._message_nodes = nodes
        return self

    @property
    def condition_node(self) -> Node:
        assert self._condition_node is not None
        return self._condition_node

    @property
    def when_node(self) -> Node | None:
        return self._when_node

    @property
    def message_nodes(self) -> list[tuple[str, Node]]:
        return self._message_nodes

    def applies(self, document_type: str | None) -> bool:
        return "*" in self.applies_to or (document_type is not None and document_type in self.applies_to)


def rules_from_data(data: Any, *, origin: str = "<data>") -> list[Rule]:
    """Validate parsed catalogue data (``{"rules": [...]}`` or a list) into rules."""
    items = data.get("rules") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise CatalogueError(f"{origin}: expected a mapping with a 'rules' list")
    rules: list[Rule] = []
    seen: set[str] = set()
    problems: list[str] = []
    for position, item in enumerate(items):
        rule_id = item.get("id", f"#{position}") if isinstance(item, dict) else f"#{position}"
        try:
            rule = Rule.model_validate(item)
        except ValidationError as exc:
            for err in exc.errors():
                where = ".".join(str(p) for p in err["loc"])
                problems.append(f"{rule_id}{' ' + where if where else ''}: {err['msg']}")
            continue
        if rule.id in seen:
            problems.append(f"{rule.id}: duplicate rule id")
        seen.add(rule.id)
        rules.append(rule)
    if problems:
        shown = "\n  ".join(problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise CatalogueError(f"{origin}: {len(problems)} problem(s) in the rule catalogue:\n  {shown}{more}")
    return rules


def load_catalogue(path: str | Path | None = None) -> list[Rule]:
    """Load, validate and compile the rule catalogue (default: ``kb_tools/catalog/rules.yaml``)."""
    path = Path(path) if path else DEFAULT_CATALOGUE
    return rules_from_data(read_yaml(path, "rule catalogue", CatalogueError), origin=str(path))
