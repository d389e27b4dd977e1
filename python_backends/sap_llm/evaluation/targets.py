"""The goals the issues set, and pass / fail of a metrics dict against them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Target:
    name: str
    path: tuple[str, ...]  # keys into metrics.json
    goal: float
    higher_is_better: bool
    source: str  # which issue asks for it
    formats: tuple[str, ...]  # evaluation sets it applies to
    unit: str = "%"  # "%" (value is a share) or "ms"
    note: str = ""

    def passed(self, value: float) -> bool:
        return value >= self.goal if self.higher_is_better else value <= self.goal


TARGETS: tuple[Target, ...] = (
    Target("Document type accuracy", ("document_type", "accuracy"), 0.98, True, "issue 4", ("corpus",)),
    Target("Subtype accuracy", ("subtype", "accuracy"), 0.95, True, "issue 4", ("corpus",)),
    Target("Header field micro-F1, born-digital", ("fields_by_variant", "digital", "micro", "f1"), 0.95, True,
           "issue 4", ("corpus",)),
    Target("Header field micro-F1, scans", ("fields_by_variant", "scan", "micro", "f1"), 0.90, True,
           "issue 4", ("corpus",)),
    Target("Line-item F1 (cells)", ("line_items", "f1"), 0.90, True, "issue 4", ("corpus",)),
    Target("ADC validates against its schema", ("schema_validity", "rate"), 1.0, True, "issue 4",
           ("corpus", "sroie", "invoice2data")),
    Target("SROIE normalised four-field F1", ("sroie", "normalised", "f1"), 0.85, True, "issue 4", ("sroie",)),
    Target("Routing accuracy (expected API per type)", ("routing", "accuracy"), 0.99, True, "issue 6",
           ("corpus",)),
    Target("Routed API / entity set exists in the KB", ("api_validity", "rate"), 1.0, True, "issue 6",
           ("corpus", "sroie", "invoice2data")),
    Target("Deliberate defects flagged (recall)", ("defects", "recall"), 0.95, True, "issue 6", ("corpus",)),
    Target("False alarms on clean documents", ("defects", "false_alarm_rate"), 0.05, False, "issue 6",
           ("corpus",)),
    Target("End-to-end P95, born-digital", ("latency", "by_variant", "digital", "p95_ms"), 1000.0, False,
           "issue 7", ("corpus", "invoice2data"), "ms", "goal is for concurrency 4; here one document at a time"),
    Target("End-to-end P95, scans", ("latency", "by_variant", "scan", "p95_ms"), 4000.0, False, "issue 7",
           ("corpus", "sroie"), "ms", "goal is for single pages; here one document at a time"),
)  # fmt: skip


def lookup(metrics: dict[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = metrics
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def check_targets(metrics: dict[str, Any], fmt: str) -> list[dict[str, Any]]:
    """One row per target that applies to ``fmt``: value, goal, and "pass" / "FAIL" / "n/a"."""
    rows = []
    for target in TARGETS:
        if fmt not in target.formats:
            continue
        value = lookup(metrics, target.path)
        value = float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
        verdict = "n/a" if value is None else ("pass" if target.passed(value) else "FAIL")
        rows.append({
            "name": target.name,
            "metric": ".".join(target.path),
            "value": value,
            "goal": target.goal,
            "comparison": ">=" if target.higher_is_better else "<=",
            "unit": target.unit,
            "source": target.source,
            "verdict": verdict,
            "note": target.note,
        })
    return rows
