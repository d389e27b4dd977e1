"""What a corpus build made: ``statistics.json``, ``label_distribution.json`` and ``report.md``."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from statistics import mean
from typing import Any

from sap_llm.corpus.buildspec import BuildConfig, Entry
from sap_llm.corpus.converters.base import Converted
from sap_llm.corpus.record import field_of


def label_distribution(entries: list[Entry], max_share: float) -> dict[str, Any]:
    overall: Counter[str] = Counter()
    by_split: dict[str, Counter[str]] = defaultdict(Counter)
    by_field: Counter[str] = Counter()
    for e in entries:
        labels = e.record.labels
        overall.update(labels)
        by_split[e.record.metadata.split or "unassigned"].update(labels)
        by_field.update(field_of(label) for label in labels if label != "O")
    labelled = sum(by_field.values())
    share = {k: round(v / labelled, 4) for k, v in by_field.most_common()} if labelled else {}
    return {
        "words": sum(overall.values()),
        "o_share": round(overall["O"] / max(1, sum(overall.values())), 4),
        "tags": dict(overall.most_common()),
        "fields": dict(by_field.most_common()),
        "field_share": share,
        "fields_over_max_share": [k for k, v in share.items() if v > max_share],
        "by_split": {s: dict(c.most_common()) for s, c in sorted(by_split.items())},
    }


def _coverage_summary(entries: list[Entry]) -> dict[str, Any]:
    """Coverage over every record that was checked (kept or not): how well the labels fit the values."""
    values = [e.coverage for e in entries]
    if not values:
        return {"records": 0}
    return {"records": len(values), "mean": round(mean(values), 3),
            "share_at_least_min": round(sum(e.checks.get("coverage", False) for e in entries) / len(values), 3)}


def _reason_codes(entry: Entry) -> list[str]:
    """Short names of why a record was excluded: duplicate, rebalanced, or the failed checks."""
    text = entry.excluded or ""
    if text.startswith("duplicate"):
        return ["duplicate"]
    if text.startswith("rebalanced"):
        return ["rebalanced"]
    return [name for name, ok in entry.checks.items() if not ok] or ["other"]


def _share(counter: Counter[str]) -> dict[str, float]:
    total = sum(counter.values())
    return {k: round(v / total, 4) for k, v in counter.most_common()} if total else {}


def statistics(kept: list[Entry], excluded: list[Entry], failed: list[Converted],
               duplicates: int, config: BuildConfig) -> dict[str, Any]:
    records = [e.record for e in kept]
    by_source: dict[str, Counter[str]] = defaultdict(Counter)
    for e in kept:
        by_source[e.converted.source]["kept"] += 1
    for e in excluded:
        reason = "duplicate" if e.excluded and e.excluded.startswith("duplicate") else "excluded"
        by_source[e.converted.source][reason] += 1
    for c in failed:
        by_source[c.source]["failed"] += 1
    types = Counter(r.document_type for r in records)
    words = [len(r.words) for r in records] or [0]
    coverage = [e.coverage for e in kept] or [0.0]
    split_type: dict[str, Counter[str]] = defaultdict(Counter)
    for r in records:
        split_type[r.metadata.split or "unassigned"][r.document_type] += 1
    return {
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "seed": config.seed,
        "config": {"sources": [f"{s.name}:{s.path}" for s in config.sources], "synthetic": config.synthetic,
                   "limit": config.limit, "min_coverage": config.min_coverage,
                   "max_class_share": config.max_class_share, "ratios": list(config.ratios),
                   "rebalance": config.rebalance},
        "records": len(records),
        "excluded": len(excluded),
        "failed": len(failed),
        "duplicates": duplicates,
        "by_source": {k: dict(v) for k, v in sorted(by_source.items())},
        "by_document_type": dict(types.most_common()),
        "document_type_share": _share(types),
        "types_over_max_share": [t for t, s in _share(types).items() if s > config.max_class_share],
        "by_subtype": dict(Counter(f"{r.document_type}/{r.subtype}" for r in records).most_common()),
        "by_language": dict(Counter(r.metadata.language for r in records).most_common()),
        "by_split": dict(Counter(r.metadata.split or "unassigned" for r in records).most_common()),
        "by_split_and_type": {s: dict(c.most_common()) for s, c in sorted(split_type.items())},
        "scanned": sum(r.metadata.scanned for r in records),
        "partial_annotation": sum(r.metadata.annotation == "partial" for r in records),
        "with_line_items": sum(bool(r.ground_truth.line_items) for r in records),
        "words_per_document": {"min": min(words), "mean": round(mean(words), 1), "max": max(words)},
        "annotation_coverage": {"min": round(min(coverage), 3), "mean": round(mean(coverage), 3)},
        "annotation_coverage_checked": _coverage_summary([e for e in kept + excluded if e.checks]),
        "exclusion_reasons": dict(Counter(reason for e in excluded for reason in _reason_codes(e)).most_common()),
    }


def _table(counter: dict[str, Any]) -> list[str]:
    return ["| | count |", "|---|---:|", *(f"| {k} | {v} |" for k, v in counter.items())]


def report_markdown(stats: dict[str, Any], labels: dict[str, Any], warnings: list[str],
                    excluded: list[Entry], failed: list[Converted]) -> str:
    lines = [
        "# Corpus build report", "",
        f"Built {stats['created']} (seed {stats['seed']}). {stats['records']} records kept, "
        f"{stats['excluded']} excluded ({stats['duplicates']} duplicates), {stats['failed']} not convertible.", "",
        "## Sources", "", "| source | kept | excluded | duplicates | failed |", "|---|---:|---:|---:|---:|",
        *(f"| {s} | {c.get('kept', 0)} | {c.get('excluded', 0)} | {c.get('duplicate', 0)} | {c.get('failed', 0)} |"
          for s, c in stats["by_source"].items()),
        "", "## Document types", "", *_table(stats["by_document_type"]),
        "", "## Languages", "", *_table(stats["by_language"]),
        "", "## Splits", "", *_table(stats["by_split"]),
        "", "## Annotation", "",
        f"- coverage of kept records: mean {stats['annotation_coverage']['mean']:.1%}, "
        f"min {stats['annotation_coverage']['min']:.1%}",
        f"- coverage of all checked records: mean {stats['annotation_coverage_checked'].get('mean', 0):.1%}, "
        f"{stats['annotation_coverage_checked'].get('share_at_least_min', 0):.1%} at or above the minimum",
        f"- records with partial annotation (source labels only some fields): {stats['partial_annotation']}",
        f"- labelled words: {labels['words'] - labels['tags'].get('O', 0)} of {labels['words']} "
        f"(O share {labels['o_share']:.1%})",
        "- most frequent fields: " + ", ".join(f"{k} {v:.1%}" for k, v in list(labels["field_share"].items())[:8]),
        "", "## Warnings", "", *([f"- {w}" for w in warnings] or ["- none"]),
    ]
    if excluded or failed:
        lines += ["", "## Excluded and failed documents", "", "| source | document | reason |", "|---|---|---|"]
        lines += [f"| {e.converted.source} | {e.converted.origin} | {e.excluded} |" for e in excluded[:200]]
        lines += [f"| {c.source} | {c.origin} | {c.error} |" for c in failed[:200]]
        if len(excluded) + len(failed) > 400:
            lines.append("| ... | ... | see excluded.json |")
    return "\n".join(lines) + "\n"
