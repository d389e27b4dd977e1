"""The evaluation run end to end: items → processor (checkpointed) → judgements → metrics → report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sap_llm.evaluation.aggregate import compute_metrics
from sap_llm.evaluation.datasets import EvalItem
from sap_llm.evaluation.judge import Judgement, judge
from sap_llm.evaluation.knowledge import Knowledge
from sap_llm.evaluation.report import write_report
from sap_llm.evaluation.runner import CHECKPOINT_NAME, Processor, RunRecord, run_items


@dataclass
class RunSettings:
    set_name: str
    fmt: str
    data: Path
    split: str | None
    mode: str
    command: str
    checkpoint_every: int = 10
    price_per_core_hour: float = 0.05
    hardest_n: int = 20
    extra_meta: dict[str, Any] = field(default_factory=dict)


def judge_all(items: Sequence[EvalItem], records: dict[str, RunRecord]) -> list[Judgement]:
    """Judgements for the items that have a record (a run cut short judges what it finished)."""
    return [judge(item, records[item.item_id]) for item in items if item.item_id in records]


def report_from_records(
    items: Sequence[EvalItem],
    records: dict[str, RunRecord],
    out_dir: Path,
    run: RunSettings,
    knowledge: Knowledge,
    cpu_source: str,
) -> dict[str, Path]:
    """Metrics and report from finished records (no processing; rerun freely after a run)."""
    judgements = judge_all(items, records)
    metrics = compute_metrics(
        judgements,
        expected_api=knowledge.expected_api,
        api_exists=knowledge.api_exists,
        schema_errors=knowledge.schema_errors,
        price_per_core_hour=run.price_per_core_hour,
        known_rules=knowledge.known_rules,
        hardest_n=run.hardest_n,
    )
    meta = {
        "set_name": run.set_name,
        "format": run.fmt,
        "data": str(run.data),
        "split": run.split,
        "mode": run.mode,
        "command": run.command,
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "items_total": len(items),
        "items_evaluated": len(judgements),
        "cpu_source": cpu_source,
        "notes": knowledge.notes,
        **run.extra_meta,
    }
    return write_report(metrics, meta, [j.wall_ms for j in judgements], out_dir)


def evaluate(
    items: Sequence[EvalItem],
    processor: Processor,
    out_dir: Path,
    run: RunSettings,
    knowledge: Knowledge,
    progress: Callable[[Iterable[EvalItem]], Iterator[EvalItem]] | None = None,
) -> dict[str, Path]:
    """Run (resuming from ``out_dir/results.jsonl``), then write metrics.json, the PNGs and report.md."""
    out_dir.mkdir(parents=True, exist_ok=True)
    records = run_items(items, processor, out_dir / CHECKPOINT_NAME, every=run.checkpoint_every, progress=progress)
    cpu_source = getattr(processor, "cpu_source", "processor CPU time")
    return report_from_records(items, records, out_dir, run, knowledge, cpu_source)
