"""Stage 7: business-rule validation of an extraction against master data and the document history.

    from sap_llm.validate import ValidationContext, validate
    report = validate(extraction, classification,
                      context=ValidationContext(profile, history, kb=kb, document_id=doc.document_id))

The rules come from the knowledge base (``kb.rules``) when one is loaded, else
straight from the catalogue (``sap_llm.rules.load_catalogue``). A rule that
cannot be evaluated becomes a WARNING issue; a history that cannot be read
becomes a WARNING issue too and validation goes on without it.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sap_llm.config import Thresholds
from sap_llm.history import HistoryStore
from sap_llm.profile import OrgProfile
from sap_llm.records import Classification, Extraction, Issue, ValidationReport
from sap_llm.rules import Rule, build_namespace, issues_from, load_catalogue, rules_from_data, run_rules
from sap_llm.validate.history_view import history_context
from sap_llm.validate.master_data import master_data_context

log = logging.getLogger(__name__)


@dataclass
class ValidationContext:
    """Everything validation looks at besides the document itself."""

    profile: OrgProfile | None
    history: HistoryStore | None = None
    kb: Any = None  # sap_llm.kb.KnowledgeBase: its ``rules`` replace the catalogue file
    today: dt.date | str | None = None
    document_id: str | None = None  # this document's id: never its own duplicate
    thresholds: Thresholds = field(default_factory=Thresholds)
    rules: list[Rule] | None = None  # explicit rule list (tests, what-if runs)


@lru_cache(maxsize=1)
def _default_rules() -> tuple[Rule, ...]:
    return tuple(load_catalogue())


#: compiled KB rules per KB rule list (the list is kept alongside so its id cannot be reused)
_KB_RULES: dict[int, tuple[Any, tuple[Rule, ...]]] = {}


def rules_for(context: ValidationContext) -> list[Rule]:
    """The rules to run: explicit ones, else the KB's, else the catalogue file's."""
    if context.rules is not None:
        return list(context.rules)
    kb_rules = getattr(context.kb, "rules", None) if context.kb is not None else None
    if kb_rules:
        cached = _KB_RULES.get(id(kb_rules))
        if cached is None or cached[0] is not kb_rules:
            items = list(kb_rules)
            compiled = tuple(items) if all(isinstance(r, Rule) for r in items) else tuple(
                rules_from_data({"rules": [r.model_dump() if hasattr(r, "model_dump") else r for r in items]},
                                origin="knowledge base"))
            cached = _KB_RULES[id(kb_rules)] = (kb_rules, compiled)
        return list(cached[1])
    return list(_default_rules())


def _today(value: dt.date | str | None) -> str:
    if value is None:
        return dt.date.today().isoformat()
    return value.isoformat() if isinstance(value, dt.date) else str(value)[:10]


def rule_context(extraction: Extraction, classification: Classification, context: ValidationContext) -> dict[str, Any]:
    ctx = master_data_context(context.profile, extraction.fields, classification.document_type)
    ctx["today"] = _today(context.today)
    ctx["direction"] = classification.direction
    ctx["tolerances"] = {
        "amount": context.thresholds.amount_rounding,
        "price_pct": context.thresholds.price_tolerance_pct,
        "quantity_pct": context.thresholds.quantity_tolerance_pct,
    }
    return ctx


def validate(extraction: Extraction, classification: Classification, *, context: ValidationContext) -> ValidationReport:
    """Run the rule catalogue on the ADC with master data and history; ERROR issues fail the report."""
    doc_type = classification.document_type
    issues: list[Issue] = []
    try:
        hist = history_context(context.history, doc_type, extraction.fields, extraction.line_items,
                               document_id=context.document_id)
    except Exception as exc:  # any store failure (SQLite, a remote Gremlin server) degrades, never crashes
        log.warning("document history unavailable: %s", exc)
        hist = {"available": False}
        issues.append(Issue(rule_id="VAL_HISTORY", severity="WARNING", category="cross_document",
                            message=f"document history unavailable, duplicate and three-way checks skipped: {exc}"))
    adc = {"document_type": doc_type, "subtype": classification.subtype,
           "fields": extraction.fields, "line_items": extraction.line_items}
    namespace = build_namespace(adc, rule_context(extraction, classification, context), hist)
    results = run_rules(rules_for(context), namespace)
    issues.extend(issues_from(results))
    evaluated = sum(1 for r in results if r.outcome != "not_applicable")
    return ValidationReport(passed=not any(i.severity == "ERROR" for i in issues), issues=issues,
                            rules_evaluated=evaluated)


__all__ = ["ValidationContext", "rule_context", "rules_for", "validate"]
